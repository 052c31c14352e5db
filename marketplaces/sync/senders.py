"""Turn claimed intents into client calls, one sender per intent kind, and say per intent what
happened: accepted (with a vendor id after a create), retry later, or rejected (needs a person).

Payload shapes are documented in `marketplaces/sync/outbox.py`. Senders never decide recovery:
an exception from the client propagates to the dispatcher, which asks healing what to do.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.utils import timezone

from marketplaces.clients.errors import NotSupported
from marketplaces.clients.types import BatchResult, Capability, PriceUpdate, ProductCard, StockUpdate
from marketplaces.models import Marketplace, MarketplaceAccount
from marketplaces.sync.models import Intent, IntentKind, Order, Review, SentMark, VendorRef

# Item codes a marketplace uses for "not now" (Ozon: one update per product-warehouse per 30 s).
RETRY_ITEM_CODES = {"TOO_MANY_REQUESTS", "pending", "RATE_LIMIT"}
CARD_FIELDS = {f.name for f in fields(ProductCard)}


@dataclass
class Outcome:
    ok: list[Intent] = field(default_factory=list)
    retry: list[Intent] = field(default_factory=list)
    rejected: list[tuple[Intent, str, str]] = field(default_factory=list)  # (intent, code, message)
    external_ids: dict[str, str] = field(default_factory=dict)


def _split(intents: list[Intent], result: BatchResult, key_of=lambda k: k.split("@", 1)[0]) -> Outcome:
    """Per-intent outcome from per-item results; a key with several items (Ozon: one per
    warehouse) is ok only when all are."""
    bad: dict[str, tuple[str, str]] = {}
    vendor_ids: dict[str, str] = {}
    for item in result.items:
        key = key_of(item.key)
        if not item.ok and key not in bad:
            bad[key] = (item.code or "rejected", item.message)
        if item.ok and item.vendor_id:
            vendor_ids[key] = item.vendor_id
    out = Outcome(external_ids=vendor_ids)
    for intent in intents:
        if intent.key not in bad:
            out.ok.append(intent)
        elif bad[intent.key][0] in RETRY_ITEM_CODES:
            out.retry.append(intent)
        else:
            out.rejected.append((intent, *bad[intent.key]))
    return out


def _refs(account: MarketplaceAccount, skus: list[str]) -> dict[str, VendorRef]:
    return {r.sku: r for r in VendorRef.objects.filter(account=account, sku__in=skus)}


def _warehouse_units(account: MarketplaceAccount, payload: dict) -> dict[str, int]:
    """Units per vendor warehouse: through the account's warehouse map when it has one, else the
    whole available stock to its first (or only) warehouse."""
    total = int(payload.get("available", payload.get("quantity", 0)) or 0)
    wmap = {str(k): str(v) for k, v in (account.warehouse_map or {}).items()}
    if wmap and payload.get("by_warehouse"):
        units: dict[str, int] = defaultdict(int)
        for ours, qty in payload["by_warehouse"].items():
            if str(ours) in wmap:
                units[wmap[str(ours)]] += max(int(qty), 0)
        return dict(units)
    ids = (account.vendor_ids or {}).get("warehouse_ids") or [""]
    return {str(ids[0]): max(total, 0)}


def stock_items(account: MarketplaceAccount, payloads: dict[str, dict]) -> list[StockUpdate]:
    """Stock payloads by key -> the client's rows (one per vendor warehouse), vendor ids attached."""
    refs = _refs(account, list(payloads))
    items = []
    for key, p in payloads.items():
        ref = refs.get(key)
        for warehouse, qty in _warehouse_units(account, p).items():
            items.append(StockUpdate(sku=key, quantity=qty, warehouse_id=warehouse,
                                     vendor_id=str(p.get("sku_id") or (ref.sku_id if ref else "")),
                                     barcode=str(p.get("barcode") or (ref.barcode if ref else ""))))
    return items


def stocks_send(client, account: MarketplaceAccount, intents: list[Intent]) -> Outcome:
    return _split(intents, client.stocks_update(stock_items(account, {i.key: i.payload for i in intents})))


def prices_send(client, account: MarketplaceAccount, intents: list[Intent]) -> Outcome:
    refs = _refs(account, [i.key for i in intents])
    items = []
    for intent in intents:
        p, ref = intent.payload, refs.get(intent.key)
        items.append(PriceUpdate(sku=intent.key, price=Decimal(str(p["price"])),
                                 old_price=Decimal(str(p["old_price"])) if p.get("old_price") else None,
                                 currency=p.get("currency", "UZS"),
                                 vendor_id=str(p.get("vendor_id") or (ref.vendor_id if ref else "")),
                                 sku_id=str(p.get("sku_id") or (ref.sku_id if ref else ""))))
    return _split(intents, client.prices_update(items))


def cards_send(client, account: MarketplaceAccount, intents: list[Intent]) -> Outcome:
    """Creates happen once: the create is stamped before it leaves; a redelivered create whose
    vendor id never came back is not sent again blindly (WB would make a second card) but handed
    to a person, except where the vendor's upload is an upsert by our SKU (Ozon, YM)."""
    if Capability.CARDS not in client.capabilities:  # before any stamp: nothing was sent
        raise NotSupported(f"{account.get_marketplace_display()}'s API creates no cards: "
                           "they go through its seller portal")
    refs = _refs(account, [i.key for i in intents])
    upsert_by_sku = account.marketplace in (Marketplace.OZON, Marketplace.YANDEX_MARKET)
    out, cards, sendable = Outcome(), [], []
    for intent in intents:
        ref = refs.get(intent.key)
        vendor_id = ref.vendor_id if ref else ""
        if ref and ref.create_started_at and not vendor_id and not upsert_by_sku:
            out.rejected.append((intent, "create_unconfirmed", "A create was sent before but its result never came "
                                 "back; check the card on the marketplace before sending it again."))
            continue
        data = {k: v for k, v in intent.payload.items() if k in CARD_FIELDS}
        data.update(sku=intent.key, vendor_id=vendor_id)
        if data.get("price") is not None:
            data["price"] = Decimal(str(data["price"]))
        cards.append(ProductCard(**data))
        sendable.append(intent)
    new = [c.sku for c in cards if not c.vendor_id]
    for sku in new:  # stamped (committed) before the create leaves
        VendorRef.objects.update_or_create(account=account, sku=sku, defaults={"create_started_at": timezone.now()})
    if cards:
        sent = _split(sendable, client.cards_upsert(cards), key_of=lambda k: k)
        out.ok, out.retry, out.external_ids = sent.ok, sent.retry, sent.external_ids
        out.rejected += sent.rejected
        for sku, vendor_id in sent.external_ids.items():
            VendorRef.objects.update_or_create(account=account, sku=sku, defaults={"vendor_id": vendor_id})
    return out


def order_statuses_send(client, account: MarketplaceAccount, intents: list[Intent]) -> Outcome:
    out = Outcome()
    for intent in intents:
        status = intent.payload.get("status")
        if status == Order.Status.ACKNOWLEDGED and Capability.ORDER_ACK in client.capabilities:
            ref = client.order_acknowledge(intent.key)
            if ref:
                out.external_ids[intent.key] = str(ref)  # WB supply id, needed to ship
        elif status == Order.Status.SHIPPED and Capability.ORDER_SHIP in client.capabilities:
            ref = intent.payload.get("ref") or (SentMark.objects.filter(
                account=account, kind=IntentKind.ORDER_STATUS, key=intent.key).values_list(
                "external_id", flat=True).first() or "")
            client.order_ship(intent.key, ref=ref) if ref else client.order_ship(intent.key)
        # other statuses (and Ozon's acknowledgement) have nothing to send: done
        out.ok.append(intent)
    return out


def review_answers_send(client, account: MarketplaceAccount, intents: list[Intent]) -> Outcome:
    if Capability.REVIEW_ANSWER not in client.capabilities:
        raise NotSupported(f"{account.get_marketplace_display()} takes review answers only in its seller portal")
    out = Outcome()
    for intent in intents:
        client.review_answer(intent.key, intent.payload["text"])
        out.ok.append(intent)
        Review.objects.filter(account=account, external_id=intent.key).update(
            answer_status=Review.AnswerStatus.SENT, answered_at=timezone.now())
    return out


SENDERS = {
    IntentKind.STOCK: stocks_send,
    IntentKind.PRICE: prices_send,
    IntentKind.CARD: cards_send,
    IntentKind.ORDER_STATUS: order_statuses_send,
    IntentKind.REVIEW_ANSWER: review_answers_send,
}
# Endpoint group per kind: the circuit breaker's granularity.
GROUPS = {IntentKind.STOCK: "stocks", IntentKind.PRICE: "prices", IntentKind.CARD: "cards",
          IntentKind.ORDER_STATUS: "orders", IntentKind.REVIEW_ANSWER: "reviews"}
