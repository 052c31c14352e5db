"""Background runs the wizard waits for (django-q2): the connection test per marketplace account
(step 4) and the test run (step 7). Each run is an OnboardingJob row whose `steps` are rewritten
as the run goes, so the page shows live progress by polling it."""
from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplaces.models import MarketplaceAccount
from marketplaces.services.connection import STEPS as CHECKS
from onboarding.models import OnboardingJob
from partners.models import Partner

OPEN = (OnboardingJob.Status.QUEUED, OnboardingJob.Status.RUNNING)


def job_enqueue(*, job_id: int) -> None:
    from django_q.tasks import async_task

    async_task("onboarding.tasks.onboarding_job_run_task", job_id, task_name=f"onboarding-job-{job_id}")


def job_latest(*, partner: Partner, kind: str, account: MarketplaceAccount | None = None) -> OnboardingJob | None:
    rows = OnboardingJob.objects.filter(partner=partner, kind=kind)
    if account is not None:
        rows = rows.filter(account=account)
    return rows.order_by("-pk").first()


def _create(*, partner: Partner, kind: str, account: MarketplaceAccount | None, steps: list[str]) -> OnboardingJob:
    job = OnboardingJob.objects.create(partner=partner, kind=kind, account=account,
                                       steps=[{"name": n, "status": "waiting"} for n in steps])
    transaction.on_commit(partial(job_enqueue, job_id=job.pk))
    return job


@transaction.atomic
def connection_checks_start(*, partner: Partner, accounts: list[MarketplaceAccount],
                            force: bool = False) -> list[OnboardingJob]:
    """Start a check for each account that has none yet (force: also re-run finished ones)."""
    started = []
    for account in accounts:
        latest = job_latest(partner=partner, kind=OnboardingJob.Kind.CONNECTION, account=account)
        if latest is not None and (latest.status in OPEN or not force):
            continue
        started.append(_create(partner=partner, kind=OnboardingJob.Kind.CONNECTION, account=account,
                               steps=list(CHECKS)))
    return started


def trial_start(*, partner: Partner) -> OnboardingJob:
    from onboarding.trial import STEPS as TEST_STEPS

    latest = job_latest(partner=partner, kind=OnboardingJob.Kind.TEST_RUN)
    if latest is not None and latest.status in OPEN:
        return latest
    with transaction.atomic():
        return _create(partner=partner, kind=OnboardingJob.Kind.TEST_RUN, account=None, steps=list(TEST_STEPS))


def trial_prepare(*, partner: Partner, restart_failed: bool = False) -> OnboardingJob | None:
    """Start the test run in the background as soon as the keys are in (step 4), so it is usually
    done by the time the partner reaches step 7. Only sandboxes are written to (see trial)."""
    latest = job_latest(partner=partner, kind=OnboardingJob.Kind.TEST_RUN)
    if latest is None or (restart_failed and latest.status == OnboardingJob.Status.DONE and not latest.ok):
        return trial_start(partner=partner)
    return None


def job_progress_save(*, job: OnboardingJob, steps: list[dict[str, Any]]) -> None:
    OnboardingJob.objects.filter(pk=job.pk).update(steps=steps)


def job_finish(*, job: OnboardingJob, ok: bool, steps: list[dict], result: dict | None = None) -> OnboardingJob:
    job.status, job.ok, job.steps, job.finished_at = OnboardingJob.Status.DONE, ok, steps, timezone.now()
    if result is not None:
        job.result = result
    job.save(update_fields=["status", "ok", "steps", "finished_at", "result"])
    if not ok:
        from onboarding.services import onboarding_state_get, step_error_record

        failed = next((s for s in steps if s.get("status") == "failed"), {})
        step = 4 if job.kind == OnboardingJob.Kind.CONNECTION else 7
        where = job.account.get_marketplace_display() if job.account else _("Test run")
        state = onboarding_state_get(partner=job.partner)
        if state.current_step >= step:  # a test run prepared early is not where the partner is stuck
            step_error_record(state=state, number=step, message=f"{where}: {failed.get('message', '')}")
    return job


def job_run(*, job_id: int) -> OnboardingJob:
    """Idempotent on redelivery: a finished job is returned as it is."""
    job = OnboardingJob.objects.select_related("partner", "account").get(pk=job_id)
    if job.status == OnboardingJob.Status.DONE:
        return job
    job.status, job.started_at = OnboardingJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    if job.kind == OnboardingJob.Kind.TEST_RUN:
        from onboarding.trial import trial_run

        return trial_run(job=job)
    return _connection_run(job)


def _connection_run(job: OnboardingJob) -> OnboardingJob:
    from onboarding.portal_check import portal_check_run
    from marketplaces.services.connection import connection_test_run

    def progress(report) -> None:
        job_progress_save(job=job, steps=[asdict(s) for s in report.steps])

    if job.account.auth_mode == MarketplaceAccount.AuthMode.PORTAL:
        report = portal_check_run(account=job.account, on_step=progress)
    else:
        report = connection_test_run(account=job.account, on_step=progress)
    return job_finish(job=job, ok=report.ok, steps=[asdict(s) for s in report.steps])
