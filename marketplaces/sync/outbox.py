"""Outbox: record what marketplaces must learn, and hand the dispatcher the newest value per key.

Writers call `intent_record` inside the transaction that makes the change, so a change and its
intent commit together or not at all. The dispatcher calls `intents_claim` (newest pending value
per key, never older than what was already sent; older pending values are superseded) and, after
the marketplace accepted a batch, `intents_mark_sent` (moves each key's SentMark forward only).
After commit, one push job per (account, kind) is enqueued (`marketplaces.sync.dispatch`).

Payload shapes per kind (key in brackets), read by `marketplaces/sync/senders.py`:
- stock [sku]: {"sku", "available", "by_warehouse": {our_warehouse_id: units}} (or {"sku", "quantity"});
  optional "vendor_id"/"sku_id"/"barcode" override the account's VendorRef.
- price [sku]: {"sku", "price", "old_price"?, "currency"?}
- card [sku]: the fields of `marketplaces.clients.types.ProductCard` ({"sku", "title", "description",
  "brand", "category_id", "barcode", "price", "currency", "weight_g", "length_mm", "width_mm",
  "height_mm", "images", "attributes"}); unknown keys are ignored.
- order_status [vendor order id]: {"order_id", "status", "ref"?}: acknowledged / shipped are sent.
- review_answer [vendor review id]: {"review_id", "text"}
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Intent, SentMark


def intent_record(*, account: MarketplaceAccount, kind: str, key: str, payload: dict[str, Any]) -> Intent:
    intent = Intent.objects.create(partner_id=account.partner_id, account=account, kind=kind, key=key,
                                   payload=payload)
    push_after_commit(account_id=account.pk, kind=kind)
    return intent


def push_after_commit(*, account_id: int, kind: str) -> None:
    """Enqueue one push job per (account, kind) when the current transaction commits.

    10,000 intents written in one transaction enqueue one job, not 10,000: a callback already
    registered for this key in the open transaction is reused (a rollback drops it with the rows).
    """
    if not getattr(settings, "SYNC_AUTOPUSH", True):
        return
    key = (account_id, kind)
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(getattr(f, "push_key", None) == key for _, f, _ in conn.run_on_commit):
        return

    def enqueue() -> None:
        from marketplaces.sync.dispatch import push_enqueue
        push_enqueue(account_id=account_id, kind=kind)

    enqueue.push_key = key
    transaction.on_commit(enqueue)


def intents_record_for_partner(*, partner_id: int, kind: str, key: str, payload: dict[str, Any],
                               exclude_account_id: int | None = None) -> list[Intent]:
    """The same change for every connected account of a partner (e.g. new available stock)."""
    accounts = MarketplaceAccount.objects.filter(partner_id=partner_id).exclude(
        status=MarketplaceAccount.Status.DISABLED)
    if exclude_account_id:
        accounts = accounts.exclude(pk=exclude_account_id)
    created = Intent.objects.bulk_create([
        Intent(partner_id=partner_id, account=account, kind=kind, key=key, payload=payload) for account in accounts
    ])
    for intent in created:
        push_after_commit(account_id=intent.account_id, kind=kind)
    return created


@transaction.atomic
def intents_claim(*, account: MarketplaceAccount, kind: str, limit: int = 10_000) -> list[Intent]:
    """The newest pending intent per key, oldest key first; stale ones are superseded.

    Safe to call again after a crash: a value is only 'sent' once the marketplace accepted it,
    so a redelivered job claims the same (or newer) values, never older ones.
    """
    pending = Intent.objects.filter(account=account, kind=kind, status=Intent.Status.PENDING)
    # Lock the pending rows (PostgreSQL refuses FOR UPDATE with GROUP BY, so group in Python).
    rows = list(pending.select_for_update().order_by("id").values_list("id", "key"))
    newest: dict[str, int] = {}
    for intent_id, key in rows:
        newest[key] = intent_id  # ascending ids: the last one per key wins
    if not newest:
        return []
    marks: dict[str, int] = {}
    for keys in _chunks(list(newest)):  # chunked: SQLite caps the parameters of one query
        marks.update(SentMark.objects.filter(account=account, kind=kind, key__in=keys).values_list("key", "intent_id"))
    keep = sorted(top for key, top in newest.items() if top > marks.get(key, 0))
    keep_set = set(keep)
    for ids in _chunks([i for i, _ in rows if i not in keep_set]):
        Intent.objects.filter(id__in=ids).update(status=Intent.Status.SUPERSEDED)
    return list(Intent.objects.filter(id__in=keep[:limit]).order_by("id"))


def _chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@transaction.atomic
def intents_mark_sent(*, account: MarketplaceAccount, kind: str, intents: Iterable[Intent],
                      operation_id: int | None = None, external_ids: dict[str, str] | None = None) -> int:
    """Record that the marketplace accepted these values. A mark only ever moves forward."""
    intents = list(intents)
    if not intents:
        return 0
    now = timezone.now()
    for ids in _chunks([i.id for i in intents]):
        Intent.objects.filter(id__in=ids).update(status=Intent.Status.SENT, sent_at=now, operation_id=operation_id)
    marks = {}
    for keys in _chunks([i.key for i in intents]):
        marks.update({m.key: m for m in SentMark.objects.select_for_update().filter(
            account=account, kind=kind, key__in=keys)})
    fresh, changed = [], []
    for intent in intents:
        ext = (external_ids or {}).get(intent.key, "")
        mark = marks.get(intent.key)
        if mark is None:
            fresh.append(SentMark(account=account, kind=kind, key=intent.key, intent_id=intent.id, external_id=ext))
        elif intent.id > mark.intent_id:
            mark.intent_id, mark.external_id = intent.id, ext or mark.external_id
            changed.append(mark)
    SentMark.objects.bulk_create(fresh, batch_size=2000)
    SentMark.objects.bulk_update(changed, ["intent_id", "external_id"], batch_size=2000)
    return len(intents)


def intents_fail(*, intents: Iterable[Intent], operation_id: int | None = None) -> int:
    return Intent.objects.filter(id__in=[i.id for i in intents], status=Intent.Status.PENDING).update(
        status=Intent.Status.FAILED, operation_id=operation_id)


def external_id_get(*, account: MarketplaceAccount, kind: str, key: str) -> str:
    """The vendor id of something we already created (so a redelivered create becomes an update)."""
    mark = SentMark.objects.filter(account=account, kind=kind, key=key).first()
    return mark.external_id if mark else ""
