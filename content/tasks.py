"""django-q2 entry points: thin, take ids, call one service."""
from __future__ import annotations

from content.services.jobs import generation_run


def generation_run_task(job_id: int) -> int:
    return generation_run(job_id=job_id).pk


def waiting_resume_task(partner_id: int) -> int:
    from content.services.waiting import waiting_resume
    from partners.models import Partner

    return waiting_resume(partner=Partner.objects.get(pk=partner_id))
