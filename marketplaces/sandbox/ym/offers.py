"""Yandex Market catalogue, prices, stocks and warehouses emulators
(api.partner.market.yandex.ru -> /sandbox/ym/). Reference: yandex_market.md §1, §3-§7."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from marketplaces.sandbox.clock import later
from marketplaces.sandbox.models import SandboxCard, SandboxStock
from marketplaces.sandbox.pipeline import Ctx, VendorError, endpoint, require
from marketplaces.sandbox.services import ASYNC_SECONDS, card_ids_assign, cards_settle, stocks_bulk_set
from marketplaces.sandbox.ym.vendor import YM, business, campaign

NEW_OFFER_FIELDS = ("name", "marketCategoryId", "pictures", "vendor", "description")
OK = {"status": "OK"}


def _count(key: str):
    return lambda body: len(body.get(key) or []) if isinstance(body, dict) else 1


# §1: GET /v2/campaigns — shops of the token (the connection check).
@endpoint(YM, "auth", resource="campaigns")
def campaigns(ctx: Ctx):
    a = ctx.account
    return 200, {"campaigns": [{"id": a.campaign_id, "domain": a.name, "clientId": a.business_id,
                                "business": {"id": a.business_id, "name": a.name}, "placementType": "FBS",
                                "apiAvailability": "AVAILABLE"}],
                 "pager": {"total": 1, "from": 1, "to": 1, "currentPage": 1, "pagesCount": 1, "pageSize": 1}}


def _offer_errors(offer: dict) -> list[dict]:
    errors = []
    if not isinstance(offer.get("marketCategoryId"), int) or offer["marketCategoryId"] <= 0:
        errors.append({"type": "UNKNOWN_CATEGORY", "message": "marketCategoryId is unknown"})
    if len(str(offer.get("name") or "")) > 256 or len(str(offer.get("description") or "")) > 6000:
        errors.append({"type": "INVALID_LENGTH", "message": "name ≤ 256 and description ≤ 6000 characters"})
    pictures = offer.get("pictures") or []
    if len(pictures) > 30 or any(not str(p).startswith(("http://", "https://")) for p in pictures):
        errors.append({"type": "INVALID_PICTURE_URL", "message": "pictures: 1..30 absolute http(s) URLs"})
    return errors


# §3: POST /v2/businesses/{businessId}/offer-mappings/update — 1..500, synchronous all-or-nothing;
# the card itself is built later (cardStatus *_PROCESSING -> HAS_CARD_CAN_UPDATE).
@endpoint(YM, "cards", resource="offer-mappings-update", body=True, items=_count("offerMappings"))
@transaction.atomic
def offer_mappings_update(ctx: Ctx, business_id: int):
    business(ctx.account, business_id)
    require(ctx.body, "offerMappings", kind=list)
    mappings = ctx.body["offerMappings"]
    if not 1 <= len(mappings) <= 500:
        raise VendorError(400, "offerMappings: from 1 to 500 items")
    existing = {c.offer_id: c for c in ctx.account.cards.all()}
    results, any_error = [], False
    for n, m in enumerate(mappings):
        offer = m.get("offer") if isinstance(m, dict) else None
        if not isinstance(offer, dict) or not offer.get("offerId"):
            raise VendorError(400, f"offerMappings[{n}].offer.offerId is required")
        merged = (existing[offer["offerId"]].data if offer["offerId"] in existing else {}) | offer
        missing = [f for f in NEW_OFFER_FIELDS if merged.get(f) in (None, "", [])]
        if missing:
            raise VendorError(400, f"offerMappings[{n}].offer: {', '.join(missing)} required for a new offer")
        errors = _offer_errors(merged)
        any_error |= bool(errors)
        results.append({"offerId": offer["offerId"], "errors": errors, "warnings": []} if errors
                       else {"offerId": offer["offerId"], "warnings": []})
    if any_error:  # nothing in the batch is applied
        return 200, {"status": "ERROR", "results": results}
    for m in mappings:
        offer = m["offer"]
        card = existing.get(offer["offerId"]) or SandboxCard(account=ctx.account, offer_id=offer["offerId"])
        card.data = card.data | offer
        card.title, card.media = card.data["name"][:500], list(card.data["pictures"])
        if isinstance(offer.get("basicPrice"), dict):
            card.price = Decimal(str(offer["basicPrice"].get("value")))
        card.status, card.errors, card.ready_at = SandboxCard.Status.PENDING, [], later(ASYNC_SECONDS)
        card.save()
        card.barcode = (card.data.get("barcodes") or [""])[0]
        card_ids_assign(card)
        card.save()
    return 200, {"status": "OK", "results": results}


def _card_status(card: SandboxCard) -> str:
    return "HAS_CARD_CAN_UPDATE" if card.status == SandboxCard.Status.READY else "NO_CARD_PROCESSING"


# §3: POST /v2/businesses/{businessId}/offer-mappings — offers + cardStatus, page_token/limit.
@endpoint(YM, "cards", resource="offer-mappings", body=True)
def offer_mappings(ctx: Ctx, business_id: int):
    business(ctx.account, business_id)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    ids = body.get("offerIds") or []
    if len(ids) > 100:
        raise VendorError(400, "offerIds: at most 100")
    limit = int(ctx.request.GET.get("limit", "100") or 100)
    after = int(ctx.request.GET.get("page_token") or ctx.request.GET.get("pageToken") or 0)
    cards_settle(account=ctx.account)
    qs = ctx.account.cards.filter(pk__gt=after).order_by("pk")
    if ids:
        qs = qs.filter(offer_id__in=ids)
    page = list(qs[: limit + 1])
    more, page = len(page) > limit, page[:limit]
    return 200, {"status": "OK", "result": {
        "paging": {"nextPageToken": str(page[-1].pk)} if more else {},
        "offerMappings": [{"offer": c.data | {"offerId": c.offer_id, "pictures": c.media, "cardStatus": _card_status(c)},
                           "mapping": {"marketSku": c.sku_id} if c.status == SandboxCard.Status.READY else {}}
                          for c in page]}}


# §5: POST /v2/businesses/{businessId}/offer-prices/updates — 1..500 offers, 10 000 offers/min.
@endpoint(YM, "prices", resource="business-prices", body=True, items=_count("offers"))
@transaction.atomic
def business_prices(ctx: Ctx, business_id: int):
    business(ctx.account, business_id)
    require(ctx.body, "offers", kind=list)
    offers = ctx.body["offers"]
    if not 1 <= len(offers) <= 500:
        raise VendorError(400, "offers: from 1 to 500 items")
    cards = {c.offer_id: c for c in ctx.account.cards.filter(offer_id__in=[str(o.get("offerId")) for o in offers if isinstance(o, dict)])}
    for n, o in enumerate(offers):
        if not isinstance(o, dict) or not isinstance(o.get("price"), dict) or o["price"].get("value") is None:
            raise VendorError(400, f"offers[{n}].price.value is required")
        if o.get("offerId") not in cards:
            raise VendorError(400, f"offers[{n}]: offer {o.get('offerId')!r} not found", code="OFFER_NOT_FOUND")
    for o in offers:
        card = cards[o["offerId"]]
        card.price = Decimal(str(o["price"]["value"]))
        card.old_price = Decimal(str(o["price"]["discountBase"])) if o["price"].get("discountBase") else card.old_price
        card.save(update_fields=["price", "old_price", "updated_at"])
        ctx.summary.setdefault("prices", {})[card.offer_id] = o["price"]["value"]
    return 200, OK


# §6: PUT /v2/campaigns/{campaignId}/offers/stocks — skus 1..2000, items exactly 1, count 0..2e9.
@endpoint(YM, "stocks", resource="stocks", body=True, items=_count("skus"))
@transaction.atomic
def stocks_update(ctx: Ctx, campaign_id: int):
    campaign(ctx.account, campaign_id)
    require(ctx.body, "skus", kind=list)
    skus = ctx.body["skus"]
    if not 1 <= len(skus) <= 2000:
        raise VendorError(400, "skus: from 1 to 2000 items")
    wh = ctx.account.warehouses.order_by("pk").first()
    cards = {c.offer_id: c for c in ctx.account.cards.all()}
    for n, s in enumerate(skus):
        items = s.get("items") if isinstance(s, dict) else None
        if not isinstance(items, list) or len(items) != 1 or not isinstance(items[0].get("count"), int):
            raise VendorError(400, f"skus[{n}].items must hold exactly one {{count}}")
        if not 0 <= items[0]["count"] <= 2_000_000_000:
            raise VendorError(400, f"skus[{n}].items[0].count out of range")
        if s.get("sku") not in cards:  # SKU must match the catalogue exactly (557722 != 0557722)
            raise VendorError(400, f"skus[{n}]: offer {s.get('sku')!r} not found", code="OFFER_NOT_FOUND")
    stocks_bulk_set(rows=[(cards[s["sku"]], wh, s["items"][0]["count"]) for s in skus])
    for s in skus:
        ctx.summary.setdefault("stocks", {})[s["sku"]] = s["items"][0]["count"]
    return 200, OK


# §6 "Read": POST /v2/campaigns/{campaignId}/offers/stocks (offerIds ≤500)
@endpoint(YM, "stocks", resource="stocks", body=True)
def stocks_read(ctx: Ctx, campaign_id: int):
    campaign(ctx.account, campaign_id)
    ids = (ctx.body or {}).get("offerIds") if isinstance(ctx.body, dict) else None
    if ids is not None and len(ids) > 500:
        raise VendorError(400, "offerIds: at most 500")
    rows = SandboxStock.objects.filter(card__account=ctx.account).select_related("card", "warehouse")
    if ids:
        rows = rows.filter(card__offer_id__in=ids)
    wh = ctx.account.warehouses.order_by("pk").first()
    offers = [{"offerId": r.card.offer_id, "stocks": [{"type": "FIT", "count": r.amount}],
               "updatedAt": r.updated_at.isoformat()} for r in rows]
    return 200, {"status": "OK", "result": {"warehouses": [{"warehouseId": wh.ext_id if wh else 0, "offers": offers}],
                                            "paging": {}}}


# §7: POST /v2/businesses/{businessId}/warehouses — 100 req/h.
@endpoint(YM, "warehouses", resource="warehouses", body=True)
def warehouses(ctx: Ctx, business_id: int):
    business(ctx.account, business_id)
    a = ctx.account
    return 200, {"status": "OK", "result": {"warehouses": [
        {"id": w.ext_id, "name": w.name, "campaignId": a.campaign_id, "express": False, "groupInfo": None,
         "address": {"city": "Tashkent", "street": "Amir Temur", "gps": {"latitude": 41.31, "longitude": 69.28}},
         "status": "ENABLED"} for w in a.warehouses.order_by("pk")], "paging": {}}}
