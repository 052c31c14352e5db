"""django-q2 entry points: thin, take ids, call one service."""
from __future__ import annotations

from onboarding.jobs import job_run


def onboarding_job_run_task(job_id: int) -> int:
    return job_run(job_id=job_id).pk
