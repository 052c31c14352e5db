"""django-q2 entry points: thin, take ids, call one service."""
from __future__ import annotations

from onboarding.jobs import jobs_run


def onboarding_jobs_run_task(job_ids: list[int]) -> list[int]:
    return jobs_run(job_ids=job_ids)
