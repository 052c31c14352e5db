"""Periodic and per-partner jobs: pull orders and reviews, sweep the outbox, and start a partner's
own pull schedule (stock and price reconciliation: `reconcile.py`). Tasks in `tasks.py` call these."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from healing import services as healing
from marketplaces.clients.types import Capability
from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Attempt, Intent, Operation
from marketplaces.sync.orders import orders_import
from marketplaces.sync.reviews import reviews_import
from partners.models import Partner

PULL_LOOKBACK = timedelta(days=30)


def accounts_active(*, partner_id: int | None = None):
    qs = MarketplaceAccount.objects.exclude(status=MarketplaceAccount.Status.DISABLED).filter(
        partner__status=Partner.Status.ACTIVE)
    return qs.filter(partner_id=partner_id) if partner_id else qs


@dataclass
class _Line:
    sku: str
    barcode: str
    title: str
    quantity: int
    price: Decimal


@dataclass
class _Incoming:
    external_id: str
    placed_at: datetime
    total: Decimal
    currency: str
    lines: list


@dataclass
class _IncomingReview:
    external_id: str
    sku: str
    rating: int | None
    text: str
    author: str
    written_at: datetime | None


def _pull(*, account: MarketplaceAccount, kind: str, group: str, capability: str, run) -> dict[str, Any]:
    """One recorded pull: Operation + Attempt; a failure is an ErrorEvent (the next run retries)."""
    from marketplaces.clients.selector import client_for_account

    op = Operation.objects.create(account=account, kind=kind)
    started = time.monotonic()
    try:
        client = client_for_account(account, purpose=kind)
        if capability not in client.capabilities:
            op.status, op.detail = Operation.Status.SUCCEEDED, {"skipped": "not supported by this marketplace"}
            op.finished_at = timezone.now()
            op.save(update_fields=["status", "detail", "finished_at"])
            return op.detail
        if not healing.breaker_allow(account=account, endpoint_group=group):
            op.status, op.detail, op.finished_at = Operation.Status.WAITING, {"skipped": "breaker open"}, timezone.now()
            op.save(update_fields=["status", "detail", "finished_at"])
            return op.detail
        counts = run(client)
    except Exception as exc:  # noqa: BLE001 - recorded; the next periodic run is the retry
        Attempt.objects.create(operation=op, number=1, duration_ms=int((time.monotonic() - started) * 1000),
                               ok=False, http_status=getattr(exc, "status", None), error_kind=type(exc).__name__)
        if getattr(exc, "retryable", False):
            healing.breaker_record(account=account, endpoint_group=group, success=False)
        healing.error_record(account=account, operation=f"sync.{kind}", endpoint_group=group,
                             kind=type(exc).__name__, message=str(exc), http_status=getattr(exc, "status", None))
        op.status, op.finished_at = Operation.Status.FAILED, timezone.now()
        op.save(update_fields=["status", "finished_at"])
        return {"error": type(exc).__name__}
    Attempt.objects.create(operation=op, number=1, duration_ms=int((time.monotonic() - started) * 1000), ok=True)
    healing.breaker_record(account=account, endpoint_group=group, success=True)
    op.status, op.finished_at, op.detail = Operation.Status.SUCCEEDED, timezone.now(), counts
    op.items = counts.get("created", 0) + counts.get("existing", 0)
    op.save(update_fields=["status", "finished_at", "detail", "items"])
    return counts


def orders_pull(*, account: MarketplaceAccount) -> dict[str, Any]:
    def run(client):
        orders = client.orders_list(since=timezone.now() - PULL_LOOKBACK)
        return orders_import(account=account, orders=[_Incoming(
            external_id=str(o.id), placed_at=o.created_at or timezone.now(), currency=o.currency or "UZS",
            total=sum((Decimal(str(ln.price)) * ln.quantity for ln in o.lines), Decimal("0")),
            lines=[_Line(sku=ln.sku or "", barcode="", title=ln.title or ln.sku or "", quantity=ln.quantity,
                         price=Decimal(str(ln.price))) for ln in o.lines]) for o in orders])

    return _pull(account=account, kind="orders_pull", group="orders", capability=Capability.ORDERS, run=run)


def reviews_pull(*, account: MarketplaceAccount) -> dict[str, Any]:
    def run(client):
        return reviews_import(account=account, reviews=[_IncomingReview(
            external_id=str(r.id), sku=r.sku or "", rating=r.rating, text=r.text or "", author=r.author or "",
            written_at=r.created_at) for r in client.reviews_list()])

    return _pull(account=account, kind="reviews_pull", group="reviews", capability=Capability.REVIEWS, run=run)


def partner_pull(*, partner_id: int) -> dict[int, dict]:
    """Orders and reviews for every active account of one partner."""
    return {a.pk: {"orders": orders_pull(account=a), "reviews": reviews_pull(account=a)}
            for a in accounts_active(partner_id=partner_id)}


def partner_schedules_start(partner: Partner) -> Any:
    """Create or update the partner's own pull schedule (every 5 minutes). Called at go-live."""
    from django_q.models import Schedule

    schedule, _ = Schedule.objects.update_or_create(
        name=f"partner-{partner.pk}-pull",
        defaults={"func": "marketplaces.sync.tasks.partner_pull", "args": repr(partner.pk),
                  "schedule_type": Schedule.MINUTES, "minutes": 5, "repeats": -1, "next_run": timezone.now()})
    return schedule


def outbox_sweep() -> int:
    """Push jobs for every (account, kind) with pending intents and no live sender: catches work
    whose job was lost (the Redis broker drops a task that was running when its worker died)."""
    from marketplaces.sync.dispatch import push_enqueue

    pairs = set(Intent.objects.filter(status=Intent.Status.PENDING).values_list("account_id", "kind"))
    for account_id, kind in pairs:
        push_enqueue(account_id=account_id, kind=kind)
    return len(pairs)


def pulls_all() -> int:
    """Periodic: orders and reviews of every active account, one job per partner."""
    from django_q.tasks import async_task

    from django_q.models import Schedule

    partner_ids = set(accounts_active().values_list("partner_id", flat=True))
    own = {int(n.split("-")[1]) for n in Schedule.objects.filter(name__regex=r"^partner-[0-9]+-pull$")
           .values_list("name", flat=True)}
    partner_ids -= own  # those have their own 5-minute schedule
    for partner_id in partner_ids:
        async_task("marketplaces.sync.tasks.partner_pull", partner_id)
    return len(partner_ids)
