"""django-q2 entry points for sync (thin: ids in, one service call)."""
from __future__ import annotations

from marketplaces.sync import jobs, reconcile
from marketplaces.sync.dispatch import intents_push


def intents_push_task(account_id: int, kind: str, operation_id: int | None = None, job_id: str = "") -> dict:
    return intents_push(account_id=account_id, kind=kind, operation_id=operation_id, job_id=job_id)


def outbox_sweep_task() -> int:
    return jobs.outbox_sweep()


def pulls_all_task() -> int:
    return jobs.pulls_all()


def partner_pull(partner_id: int) -> dict:
    """Orders and reviews for every active account of one partner (the partner's 5-minute schedule)."""
    return jobs.partner_pull(partner_id=int(partner_id))


def reconcile_all_task(full: bool = False) -> dict:
    """Every 6 hours: what differs from our state, read back from each marketplace that can say."""
    return reconcile.reconcile_all(full=bool(full))
