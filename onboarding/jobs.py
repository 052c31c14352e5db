"""Background runs the wizard waits for (django-q2): the connection test per marketplace account
(step 4) and the test run (step 7). Each run is an OnboardingJob row whose `steps` are rewritten
as the run goes, so the page shows live progress by polling it."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from functools import partial
from typing import Any

from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplaces.models import MarketplaceAccount
from marketplaces.services.connection import STEPS as CHECKS
from onboarding.models import OnboardingJob
from partners.models import Partner

OPEN = (OnboardingJob.Status.QUEUED, OnboardingJob.Status.RUNNING)
log = logging.getLogger("onboarding")


def jobs_enqueue(*, job_ids: list[int]) -> None:
    """One q2 task for all the jobs started together: they wait on marketplaces, not on the CPU, so
    they run side by side in threads instead of queueing behind each other for the few workers."""
    from django_q.tasks import async_task

    async_task("onboarding.tasks.onboarding_jobs_run_task", list(job_ids), task_name=f"onboarding-jobs-{job_ids[0]}")


def _enqueue_after_commit(jobs: list[OnboardingJob]) -> None:
    if jobs:
        transaction.on_commit(partial(jobs_enqueue, job_ids=[j.pk for j in jobs]))


def job_latest(*, partner: Partner, kind: str, account: MarketplaceAccount | None = None) -> OnboardingJob | None:
    rows = OnboardingJob.objects.filter(partner=partner, kind=kind)
    if account is not None:
        rows = rows.filter(account=account)
    return rows.order_by("-pk").first()


def _create(*, partner: Partner, kind: str, account: MarketplaceAccount | None, steps: list[str]) -> OnboardingJob:
    return OnboardingJob.objects.create(partner=partner, kind=kind, account=account,
                                        steps=[{"name": n, "status": "waiting"} for n in steps])


@transaction.atomic
def checks_start(*, partner: Partner, accounts: list[MarketplaceAccount], force: bool = False) -> list[OnboardingJob]:
    """Step 4: the connection checks, plus the test run prepared in the background (see trial_prepare),
    all in one task. force = a retry: re-run these accounts' checks and a test run that failed."""
    started = connection_checks_create(partner=partner, accounts=accounts, force=force)
    trial = trial_prepare(partner=partner, restart_failed=force, enqueue=False) if accounts else None
    _enqueue_after_commit(started + ([trial] if trial else []))
    return started


def connection_checks_create(*, partner: Partner, accounts: list[MarketplaceAccount],
                             force: bool = False) -> list[OnboardingJob]:
    """A check for each account that has none yet (force: also re-run finished ones)."""
    started = []
    for account in accounts:
        latest = job_latest(partner=partner, kind=OnboardingJob.Kind.CONNECTION, account=account)
        if latest is not None and (latest.status in OPEN or not force):
            continue
        started.append(_create(partner=partner, kind=OnboardingJob.Kind.CONNECTION, account=account,
                               steps=list(CHECKS)))
    return started


def trial_start(*, partner: Partner, enqueue: bool = True) -> OnboardingJob:
    from onboarding.trial import STEPS as TEST_STEPS

    latest = job_latest(partner=partner, kind=OnboardingJob.Kind.TEST_RUN)
    if latest is not None and latest.status in OPEN:
        return latest
    with transaction.atomic():
        job = _create(partner=partner, kind=OnboardingJob.Kind.TEST_RUN, account=None, steps=list(TEST_STEPS))
        if enqueue:
            _enqueue_after_commit([job])
    return job


def trial_prepare(*, partner: Partner, restart_failed: bool = False, enqueue: bool = True) -> OnboardingJob | None:
    """Start the test run in the background as soon as the keys are in (step 4), so it is usually
    done by the time the partner reaches step 7. Only sandboxes are written to (see trial)."""
    latest = job_latest(partner=partner, kind=OnboardingJob.Kind.TEST_RUN)
    if latest is None or (restart_failed and latest.status == OnboardingJob.Status.DONE and not latest.ok):
        return trial_start(partner=partner, enqueue=enqueue)
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


def jobs_run(*, job_ids: list[int]) -> list[int]:
    if len(job_ids) == 1:
        return [job_run(job_id=job_ids[0]).pk]
    with ThreadPoolExecutor(max_workers=min(len(job_ids), 6), thread_name_prefix="onboarding") as pool:
        return list(pool.map(_job_run_in_thread, job_ids))


def _job_run_in_thread(job_id: int) -> int:
    try:
        return job_run(job_id=job_id).pk
    finally:
        connections.close_all()  # this thread's connections only (they are thread-local)


def job_run(*, job_id: int) -> OnboardingJob:
    """Idempotent on redelivery: a finished job is returned as it is. An unexpected failure ends the
    job as failed (the page must never poll a job that will not finish) and is logged."""
    job = OnboardingJob.objects.select_related("partner", "account").get(pk=job_id)
    if job.status == OnboardingJob.Status.DONE:
        return job
    job.status, job.started_at = OnboardingJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        if job.kind == OnboardingJob.Kind.TEST_RUN:
            from onboarding.trial import trial_run

            return trial_run(job=job)
        return _connection_run(job)
    except Exception:  # noqa: BLE001 - recorded on the job, logged with the traceback
        log.exception("onboarding job failed", extra={"job": job.pk, "kind": job.kind})
        return job_finish(job=job, ok=False, steps=[{"name": "unexpected", "status": "failed",
                                                      "message": _("Something went wrong on our side."),
                                                      "hint": _("Retry; if it fails again, contact support.")}])


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
