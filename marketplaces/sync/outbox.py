"""Outbox: record what marketplaces must learn, and hand the dispatcher the newest value per key.

Writers call `intent_record` inside the transaction that makes the change, so a change and its
intent commit together or not at all. The dispatcher calls `intents_claim` (newest pending value
per key, never older than what was already sent; older pending values are superseded) and, after
the marketplace accepted a batch, `intents_mark_sent` (moves each key's SentMark forward only).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Intent, SentMark


def intent_record(*, account: MarketplaceAccount, kind: str, key: str, payload: dict[str, Any]) -> Intent:
    return Intent.objects.create(partner_id=account.partner_id, account=account, kind=kind, key=key,
                                 payload=payload)


def intents_record_for_partner(*, partner_id: int, kind: str, key: str, payload: dict[str, Any],
                               exclude_account_id: int | None = None) -> list[Intent]:
    """The same change for every connected account of a partner (e.g. new available stock)."""
    accounts = MarketplaceAccount.objects.filter(partner_id=partner_id).exclude(
        status=MarketplaceAccount.Status.DISABLED)
    if exclude_account_id:
        accounts = accounts.exclude(pk=exclude_account_id)
    return Intent.objects.bulk_create([
        Intent(partner_id=partner_id, account=account, kind=kind, key=key, payload=payload) for account in accounts
    ])


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
    marks = dict(SentMark.objects.filter(account=account, kind=kind, key__in=list(newest))
                 .values_list("key", "intent_id"))
    keep_ids = [top for key, top in newest.items() if top > marks.get(key, 0)]
    pending.exclude(id__in=keep_ids).update(status=Intent.Status.SUPERSEDED)
    return list(Intent.objects.filter(id__in=keep_ids).order_by("id")[:limit])


@transaction.atomic
def intents_mark_sent(*, account: MarketplaceAccount, kind: str, intents: Iterable[Intent],
                      operation_id: int | None = None, external_ids: dict[str, str] | None = None) -> int:
    """Record that the marketplace accepted these values. A mark only ever moves forward."""
    intents = list(intents)
    if not intents:
        return 0
    now = timezone.now()
    Intent.objects.filter(id__in=[i.id for i in intents]).update(status=Intent.Status.SENT, sent_at=now,
                                                                 operation_id=operation_id)
    marks = {m.key: m for m in SentMark.objects.select_for_update().filter(
        account=account, kind=kind, key__in=[i.key for i in intents])}
    fresh, changed = [], []
    for intent in intents:
        ext = (external_ids or {}).get(intent.key, "")
        mark = marks.get(intent.key)
        if mark is None:
            fresh.append(SentMark(account=account, kind=kind, key=intent.key, intent_id=intent.id, external_id=ext))
        elif intent.id > mark.intent_id:
            mark.intent_id, mark.external_id = intent.id, ext or mark.external_id
            changed.append(mark)
    SentMark.objects.bulk_create(fresh)
    SentMark.objects.bulk_update(changed, ["intent_id", "external_id"])
    return len(intents)


def intents_fail(*, intents: Iterable[Intent]) -> int:
    return Intent.objects.filter(id__in=[i.id for i in intents], status=Intent.Status.PENDING).update(
        status=Intent.Status.FAILED)


def external_id_get(*, account: MarketplaceAccount, kind: str, key: str) -> str:
    """The vendor id of something we already created (so a redelivered create becomes an update)."""
    mark = SentMark.objects.filter(account=account, kind=kind, key=key).first()
    return mark.external_id if mark else ""
