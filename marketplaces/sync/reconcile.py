"""Stock and price reconciliation: our state vs what we last sent, and, where the marketplace can
say what it holds (`Capability.STOCKS_READ`), vs what it holds now. Every key that differs is
drift and is queued again through the outbox; `full` re-sends every key (a first sync, or an
admin's "send everything"). Stock on an account whose marketplace cannot be read (the Uzum portal)
is always re-sent in full: that is the only way its side's drift is repaired.

Intents are committed a chunk at a time, each enqueueing its push, so sending starts while the
rest is written.
"""
from __future__ import annotations

import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import F

from marketplaces.clients.errors import MarketplaceError
from marketplaces.clients.types import Capability
from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Intent, IntentKind, JobProgress, SentMark
from marketplaces.sync.outbox import push_after_commit
from marketplaces.sync.senders import stock_items
from partners.models import Product, StockLevel

log = logging.getLogger("marketplaces.sync")
# A chunk is one dispatcher claim of stock (dispatch.BATCH): the sender's first claim is a full one,
# so its first calls go back to back (a vendor window's next calls mirror the spacing of its first).
RECONCILE_CHUNK = 2000


def account_reconcile(*, account: MarketplaceAccount, full: bool = False, progress: JobProgress | None = None,
                      kinds: tuple[str, ...] = (IntentKind.STOCK, IntentKind.PRICE)) -> dict:
    """Queue what differs. Counts: `<kind>_drift` (ours vs last sent), `stock_drift_marketplace`
    (the marketplace holds another value), `stock_unverified` (it answers only a sum over its
    warehouses while we set some of them, Ozon: re-sent), `read_back` ("ok", "unsupported", or the error kind:
    then all stock is re-sent; "" when not read: `full` or no stock asked), `queued`."""
    counts = {"stock_drift": 0, "price_drift": 0, "stock_drift_marketplace": 0, "stock_unverified": 0,
              "read_back": "", "queued": 0}
    pending: list[Intent] = []
    for kind in (IntentKind.STOCK, IntentKind.PRICE):
        if kind not in kinds:
            continue
        is_stock = kind == IntentKind.STOCK
        state = _stock_state(account.partner_id) if is_stock else _price_state(account.partner_id)
        field = "available" if is_stock else "price"
        sent = _last_sent(account, kind)
        theirs = _marketplace_drift(account, state, counts=counts) if is_stock and not full else set()
        resend_all = full or theirs is None  # None: the marketplace's side cannot be told, so repair all
        for sku, payload in state.items():
            drift = sku not in sent or str(sent[sku].get(field)) != str(payload[field])
            counts[f"{kind}_drift"] += drift
            if drift or resend_all or sku in theirs:
                pending.append(Intent(partner_id=account.partner_id, account=account, kind=kind, key=sku,
                                      payload=payload))
            if len(pending) >= RECONCILE_CHUNK:
                counts["queued"] += _intents_commit(account, pending)
                pending = []
        if progress:
            JobProgress.objects.filter(pk=progress.pk).update(done=F("done") + len(state))
    counts["queued"] += _intents_commit(account, pending)
    return counts


def reconcile_all(*, full: bool = False) -> dict[int, dict]:
    """Periodic stock and price reconciliation for every active account, with progress."""
    from marketplaces.sync.jobs import accounts_active

    accounts = list(accounts_active())
    products = Product.objects.filter(partner_id__in={a.partner_id for a in accounts}).count()
    progress = JobProgress.objects.create(name="reconcile", total=2 * products if accounts else 0)
    out = {}
    for account in accounts:
        out[account.pk] = account_reconcile(account=account, full=full, progress=progress)
    JobProgress.objects.filter(pk=progress.pk).update(finished=True, message=f"{len(accounts)} account(s)")
    return out


def _marketplace_drift(account: MarketplaceAccount, state: dict[str, dict], *, counts: dict) -> set[str] | None:
    """Keys to re-send because the marketplace holds other units in a warehouse we set (or cannot
    say per warehouse), or None when it cannot be read at all (then the caller re-sends all)."""
    from marketplaces.clients.selector import client_for_account

    client = client_for_account(account, purpose="reconcile")  # a portal client opens no browser here
    if Capability.STOCKS_READ not in client.capabilities:
        counts["read_back"] = "unsupported"
        return None
    items = stock_items(account, state)
    held: dict[str, dict[str, int]] = defaultdict(dict)  # sku -> vendor warehouse ("" = all) -> units
    try:
        for row in client.stocks_read(items):
            held[row.sku][row.warehouse_id] = held[row.sku].get(row.warehouse_id, 0) + row.quantity
    except MarketplaceError as exc:  # a failed read must not stop the repair: send it all
        log.warning("stock read-back failed", extra={"sync": {"account": account.pk, "error": type(exc).__name__}})
        counts["read_back"] = type(exc).__name__
        return None
    want: dict[str, dict[str, int]] = defaultdict(dict)
    for item in items:
        want[item.sku][item.warehouse_id] = item.quantity
    drift, unverified = set(), set()
    for sku in state:
        theirs, ours = held.get(sku), want[sku]
        if not theirs:
            drift.add(sku)  # the marketplace holds none of it
        elif "" in theirs and set(ours) != {""}:  # a sum over its warehouses; we set some of them
            unverified.add(sku)
        elif any(theirs.get(warehouse, 0) != units for warehouse, units in ours.items()):
            drift.add(sku)
    counts.update(read_back="ok", stock_drift_marketplace=len(drift), stock_unverified=len(unverified))
    return drift | unverified  # what cannot be told apart is re-sent, as without a read


def _stock_state(partner_id: int) -> dict[str, dict]:
    rows = (StockLevel.objects.filter(product__partner_id=partner_id)
            .values_list("product__sku", "warehouse_id", "quantity", "reserved"))
    state: dict[str, dict] = {}
    for sku, warehouse_id, qty, reserved in rows:
        entry = state.setdefault(sku, {"sku": sku, "available": 0, "by_warehouse": {}})
        entry["by_warehouse"][str(warehouse_id)] = qty - reserved
        entry["available"] += qty - reserved
    for sku in Product.objects.filter(partner_id=partner_id).values_list("sku", flat=True):
        state.setdefault(sku, {"sku": sku, "available": 0, "by_warehouse": {}})  # no stock rows: 0
    return state


def _price_state(partner_id: int) -> dict[str, dict]:
    return {sku: {"sku": sku, "price": str(price)} for sku, price in
            Product.objects.filter(partner_id=partner_id).values_list("sku", "price")}


def _last_sent(account: MarketplaceAccount, kind: str) -> dict[str, dict]:
    marks = SentMark.objects.filter(account=account, kind=kind).values("intent_id")
    return dict(Intent.objects.filter(id__in=marks).values_list("key", "payload"))


def _intents_commit(account: MarketplaceAccount, intents: list[Intent]) -> int:
    """One chunk in its own transaction, enqueueing its push when it commits."""
    if intents:
        with transaction.atomic():
            Intent.objects.bulk_create(intents)
            for kind in {i.kind for i in intents}:
                push_after_commit(account_id=account.pk, kind=kind)
    return len(intents)
