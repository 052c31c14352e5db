"""The dispatcher: claim the newest pending intents per (account, kind), send them in batches
through the account's client, record each operation and attempt, mark accepted values sent, and on
failure let healing decide (retry later as a scheduled job, or escalate with a ticket).

Why it cannot send a stale value or repeat a create:
- one sender per (account, kind) at a time (`lease.py`), so two jobs never interleave;
- `intents_claim` returns only the newest value per key and never one older than the SentMark;
- values are marked sent only after the marketplace accepted them, so a crash resends the same
  (or a newer) value, never an older one; card creates are stamped first (`senders.cards_send`).
Delayed retries are django-q2 schedules (`push_enqueue(delay_s=...)`); a worker never sleeps.
"""
from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from healing import services as healing
from healing.models import ErrorEvent, RecoveryAction
from marketplaces.clients.errors import NotSupported
from marketplaces.models import MarketplaceAccount
from marketplaces.sync.lease import holder_new, lease_acquire, lease_release, lease_renew
from marketplaces.sync.models import Attempt, Intent, IntentKind, Operation, Review
from marketplaces.sync.outbox import intents_claim, intents_fail, intents_mark_sent
from marketplaces.sync.routes import API, BROWSER, fallback_capabilities, route_default
from marketplaces.sync.senders import GROUPS, SENDERS, Outcome

log = logging.getLogger("marketplaces.sync")
TASK = "marketplaces.sync.tasks.intents_push_task"
# Largest claim per round: big enough for the vendors' batch maxima, small enough that a crash
# re-sends little. Order statuses and review answers go one by one (each is its own vendor call).
BATCH = {IntentKind.STOCK: 2000, IntentKind.PRICE: 1000, IntentKind.CARD: 100,
         IntentKind.ORDER_STATUS: 1, IntentKind.REVIEW_ANSWER: 1}
ITEM_RETRY_DELAY_S = 2.0  # items the vendor said "not now" for (e.g. Ozon's 30 s per warehouse pair)
BREAKER_RETRY_S = 30.0


def push_enqueue(*, account_id: int, kind: str, operation_id: int | None = None, delay_s: float = 0.0) -> None:
    """A push job now, or a scheduled one `delay_s` from now (django-q2 Schedule, run once)."""
    from django_q.models import Schedule
    from django_q.tasks import async_task, schedule

    kind = str(kind)  # plain str: schedule args are stored as a literal
    job_id = f"sync-{account_id}-{kind}-{uuid.uuid4().hex[:10]}"  # Task/Schedule name; on Operation and Attempt
    if delay_s <= 0:
        async_task(TASK, account_id, kind, operation_id, job_id, task_name=job_id, group=f"sync-{account_id}-{kind}")
        return
    schedule(TASK, account_id, kind, operation_id, job_id, name=job_id, schedule_type=Schedule.ONCE, repeats=-1,
             next_run=timezone.now() + timedelta(seconds=delay_s))


def intents_push(*, account_id: int, kind: str, operation_id: int | None = None, job_id: str = "") -> dict[str, int]:
    """Push everything pending for one account and kind. Safe to run twice or after a crash."""
    stats = {"sent": 0, "retry": 0, "rejected": 0, "operations": 0}
    account = MarketplaceAccount.objects.filter(pk=account_id).exclude(
        status=MarketplaceAccount.Status.DISABLED).first()
    if account is None or kind not in SENDERS:
        return stats
    holder = holder_new()
    if not lease_acquire(account_id=account_id, kind=kind, holder=holder):
        return stats  # the current holder loops until nothing is pending
    stopped = False
    waiting = Operation.objects.filter(pk=operation_id).values_list("detail", flat=True).first() \
        if operation_id else None
    route = (waiting or {}).get("route") or route_default(account)  # a fallback continues its way
    client = None
    try:
        while True:
            if not healing.breaker_allow(account=account, endpoint_group=GROUPS[kind]):
                push_enqueue(account_id=account_id, kind=kind, operation_id=operation_id, delay_s=BREAKER_RETRY_S)
                stopped = True
                break
            intents = intents_claim(account=account, kind=kind, limit=BATCH[kind])
            if not intents:
                _waiting_done(operation_id)
                break
            op = _operation(account=account, kind=kind, operation_id=operation_id, items=len(intents), job_id=job_id)
            operation_id = None  # only the first round continues a waiting operation
            stats["operations"] += 1
            if client is None:
                client = _client(account, route)
            if not _attempt(account=account, client=client, kind=kind, op=op, intents=intents, job_id=job_id,
                            stats=stats, route=route):
                stopped = True
                break
            if not lease_renew(account_id=account_id, kind=kind, holder=holder):
                stopped = True  # our lease ran out and another sender holds it now: it carries on
                break
    finally:
        lease_release(account_id=account_id, kind=kind, holder=holder)
        if client is not None and route == BROWSER:
            client.close()  # the portal client's browser
    if not stopped and Intent.objects.filter(account_id=account_id, kind=kind,
                                             status=Intent.Status.PENDING).exists():
        push_enqueue(account_id=account_id, kind=kind)  # committed while we were finishing
    return stats


def _client(account: MarketplaceAccount, route: str):
    from marketplaces.clients.selector import client_for_account

    if route == BROWSER:
        return client_for_account(account, purpose="sync", route=BROWSER)
    timeout = getattr(settings, "SYNC_CLIENT_TIMEOUT", None)
    return client_for_account(account, purpose="sync", route=API, **({"timeout": timeout} if timeout else {}))


def _operation(*, account: MarketplaceAccount, kind: str, operation_id: int | None, items: int,
               job_id: str) -> Operation:
    op = Operation.objects.filter(pk=operation_id, status=Operation.Status.WAITING).first() if operation_id else None
    if op is None:
        return Operation.objects.create(account=account, kind=kind, items=items, job_id=job_id)
    op.items, op.status, op.job_id = items, Operation.Status.RUNNING, job_id or op.job_id
    op.save(update_fields=["items", "status", "job_id"])
    return op


def _attempt(*, account, client, kind: str, op: Operation, intents: list[Intent], job_id: str,
             stats: dict[str, int], route: str) -> bool:
    """One try of one batch. True when the loop may go on with the next batch."""
    number = op.attempts.count() + 1
    started = time.monotonic()
    try:
        outcome: Outcome = SENDERS[kind](client, account, intents)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded and handed to healing
        _attempt_row(op=op, number=number, started=started, job_id=job_id, exc=exc)
        if getattr(exc, "retryable", False):
            healing.breaker_record(account=account, endpoint_group=GROUPS[kind], success=False)
        log.warning("sync push failed", extra={"sync": {"account": account.pk, "kind": kind,
                                                        "error": type(exc).__name__}})
        _recover(account=account, kind=kind, op=op, intents=intents, exc=exc, number=number, job_id=job_id,
                 route=route)
        return False
    _attempt_row(op=op, number=number, started=started, job_id=job_id)
    healing.breaker_record(account=account, endpoint_group=GROUPS[kind], success=True)
    intents_mark_sent(account=account, kind=kind, intents=outcome.ok, operation_id=op.id,
                      external_ids=outcome.external_ids)
    if outcome.rejected:
        _reject(account=account, kind=kind, op=op, rejected=outcome.rejected, job_id=job_id)
    _recovered(op)
    op.items_failed = len(outcome.rejected)
    op.status = Operation.Status.PARTIAL if outcome.rejected or outcome.retry else Operation.Status.SUCCEEDED
    op.finished_at = timezone.now()
    op.detail = {**op.detail, "sent": len(outcome.ok), "retry": len(outcome.retry)}
    op.save(update_fields=["items_failed", "status", "finished_at", "detail"])
    stats["sent"] += len(outcome.ok)
    stats["rejected"] += len(outcome.rejected)
    if outcome.retry:
        stats["retry"] += len(outcome.retry)
        push_enqueue(account_id=account.pk, kind=kind, delay_s=ITEM_RETRY_DELAY_S)
        return False
    return True


def _attempt_row(*, op: Operation, number: int, started: float, job_id: str, exc: Exception | None = None) -> None:
    from config.logging import redact

    Attempt.objects.create(operation=op, number=number, duration_ms=int((time.monotonic() - started) * 1000),
                           ok=exc is None, http_status=getattr(exc, "status", None),
                           error_kind=type(exc).__name__ if exc else "",
                           error_message=redact(str(exc))[:2000] if exc else "", job_id=job_id)


def _recover(*, account, kind: str, op: Operation, intents: list[Intent], exc: Exception, number: int,
             job_id: str, route: str) -> None:
    event = healing.error_record(account=account, operation=f"sync.{kind}", endpoint_group=GROUPS[kind],
                                 kind=type(exc).__name__, message=str(exc), http_status=getattr(exc, "status", None),
                                 attempt=number, job_id=job_id)
    tried = list(op.detail.get("tried", []))
    previous = ErrorEvent.objects.filter(pk=op.detail.get("event_id")).first()
    if previous and tried:  # the last action did not heal it
        healing.error_resolve(event=previous, action=tried[-1], recovered=False)
    capabilities = fallback_capabilities(account, kind, route)
    if isinstance(exc, NotSupported):  # this way cannot do it at all: the other way, or a person
        decision = healing.fallback_plan(event=event, tried=tried, capabilities=capabilities)
    else:
        decision = healing.recovery_plan(event=event, tried=tried, retry_after_s=getattr(exc, "retry_after", None),
                                         capabilities=capabilities)
    if decision.escalate:
        healing.ticket_escalate(event=event, reason=str(exc) if isinstance(exc, NotSupported) else decision.reason)
        intents_fail(intents=intents, operation_id=op.pk)
        if kind == IntentKind.REVIEW_ANSWER:
            Review.objects.filter(account=account, external_id__in=[i.key for i in intents]).update(
                answer_status=Review.AnswerStatus.FAILED)
        op.status, op.finished_at = Operation.Status.FAILED, timezone.now()
        op.items_failed = len(intents)
        op.detail = {**op.detail, "event_id": event.pk, "escalated": True}
        op.save(update_fields=["status", "finished_at", "items_failed", "detail"])
        return
    if decision.action == RecoveryAction.REFRESH_SESSION:
        MarketplaceAccount.objects.filter(pk=account.pk).update(portal_cookies=None)
    op.status = Operation.Status.WAITING
    switch = {RecoveryAction.FALLBACK_BROWSER: BROWSER, RecoveryAction.FALLBACK_API: API}.get(decision.action)
    op.detail = {**op.detail, "tried": tried + [decision.action], "event_id": event.pk,
                 "next_retry_s": decision.delay_s, "route": switch or route}
    op.save(update_fields=["status", "detail"])
    push_enqueue(account_id=account.pk, kind=kind, operation_id=op.pk, delay_s=max(decision.delay_s, 0.01))


def _recovered(op: Operation) -> None:
    """A success after failures: the last action healed it, and the knowledge base learns so."""
    event = ErrorEvent.objects.filter(pk=op.detail.get("event_id"), resolved_at__isnull=True).first()
    if event and op.detail.get("tried"):
        healing.error_resolve(event=event, action=op.detail["tried"][-1], recovered=True)
        op.detail = {**op.detail, "recovered": True}


def _waiting_done(operation_id: int | None) -> None:
    """A retry found nothing left (a newer job already sent it): the operation is done."""
    op = Operation.objects.filter(pk=operation_id, status=Operation.Status.WAITING).first() if operation_id else None
    if op:
        _recovered(op)
        op.status, op.finished_at = Operation.Status.SUCCEEDED, timezone.now()
        op.save(update_fields=["status", "finished_at", "detail"])


def _reject(*, account, kind: str, op: Operation, rejected: list[tuple[Intent, str, str]], job_id: str) -> None:
    """Items the marketplace refused: a person must fix them (one ticket per distinct reason)."""
    intents_fail(intents=[i for i, _, _ in rejected], operation_id=op.pk)
    by_code: dict[str, list[str]] = {}
    for intent, code, message in rejected:
        by_code.setdefault(f"{code}: {message}"[:300], []).append(intent.key)
    for reason, keys in by_code.items():
        event = healing.error_record(account=account, operation=f"sync.{kind}", endpoint_group=GROUPS[kind],
                                     kind="Rejected", message=reason, job_id=job_id)
        healing.ticket_escalate(event=event, reason=f"{len(keys)} item(s) refused: {', '.join(keys[:20])}")


def operation_retry(*, operation: Operation, actor: Any = None) -> int:
    """Admin "retry now": put the operation's failed intents back to pending and push at once."""
    intents = Intent.objects.filter(operation=operation, status=Intent.Status.FAILED)
    count = intent_ids_retry(ids=list(intents.values_list("id", flat=True)), actor=actor)
    push_enqueue(account_id=operation.account_id, kind=operation.kind)
    return count


def intent_ids_retry(*, ids: list[int], actor: Any = None) -> int:
    """Failed intents back to pending (a newer value for the same key still wins at claim time)."""
    from partners.services.audit import audit_record

    rows = Intent.objects.filter(pk__in=ids, status=Intent.Status.FAILED)
    pairs = set(rows.values_list("account_id", "kind"))
    count = rows.update(status=Intent.Status.PENDING)
    for account_id, kind in pairs:
        audit_record(action="sync.retry_now", actor=actor, data={"account": account_id, "kind": kind,
                                                                  "intents": count})
        push_enqueue(account_id=account_id, kind=kind)
    return count
