"""Ozon product, price, stock and warehouse emulators (api-seller.ozon.ru -> /sandbox/ozon/).
Reference: ozon.md §1 (roles), §3 (import -> task_id), §4 (pictures), §5 (prices), §6 (stocks), §7."""
from __future__ import annotations

import base64
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from marketplaces.sandbox.clock import later
from marketplaces.sandbox.limits import LimitSpec, limit_take_each
from marketplaces.sandbox.models import SandboxCard, SandboxStock, SandboxTask
from marketplaces.sandbox.ozon.vendor import OZON
from marketplaces.sandbox.pipeline import Ctx, VendorError, endpoint, require
from marketplaces.sandbox.services import (ASYNC_SECONDS, card_ids_assign, cards_settle, stock_amounts_update,
                                           task_create, task_done)

PAIR = LimitSpec(name="pair", kind="bucket", limit=1, period=30)  # §6: one update per pair per 30 s
PRICE_CHANGES = LimitSpec(name="price", kind="bucket", limit=10, period=360)  # §5: 10 per hour per product


# §1: POST /v1/roles — cheap credential check.
@endpoint(OZON, "auth", body=True)
def roles(ctx: Ctx):
    return 200, {"expires_at": "2027-05-01T00:00:00Z",
                 "roles": [{"name": "Admin", "methods": ["/v3/product/import", "/v2/products/stocks"]}]}


def _item_errors(item: dict) -> list[dict]:
    # Sandbox rule for asynchronous failure: no name, or zero / missing dimensions or weight.
    errors = []
    if not str(item.get("name") or "").strip():
        errors.append({"code": "required_attribute_missing", "field": "name", "message": "name is required"})
    if not all((item.get(k) or 0) > 0 for k in ("depth", "width", "height", "weight")):
        errors.append({"code": "invalid_dimensions", "field": "depth", "message": "dimensions and weight must be > 0"})
    return [e | {"attribute_id": 0, "attribute_name": "", "state": "imported", "level": "error",
                 "description": e["message"]} for e in errors]


# §3: POST /v3/product/import — ≤100 items, upsert by offer_id -> {"result": {"task_id"}}.
@endpoint(OZON, "cards", body=True)
@transaction.atomic
def product_import(ctx: Ctx):
    require(ctx.body, "items", kind=list)
    items = ctx.body["items"]
    if not 1 <= len(items) <= 100:
        raise VendorError(400, "items: from 1 to 100 products per request")
    for n, item in enumerate(items):
        for key in ("offer_id", "description_category_id", "price"):
            if not isinstance(item, dict) or item.get(key) in (None, ""):
                raise VendorError(400, f"invalid request payload: items[{n}].{key} is required")
    results = []
    for item in items:
        card = ctx.account.cards.filter(offer_id=str(item["offer_id"])).first()
        skipped = card is not None and card.data == item
        card = card or SandboxCard(account=ctx.account, offer_id=str(item["offer_id"]))
        errors = _item_errors(item)
        if not skipped:
            card.title, card.data, card.media = str(item.get("name") or "")[:500], item, list(item.get("images") or [])
            card.price, card.errors = _money(item["price"]), errors
            card.status, card.ready_at = SandboxCard.Status.PENDING, later(ASYNC_SECONDS)
            card.save()
            card.barcode = str(item.get("barcode") or "")
            card_ids_assign(card)
            card.save()
        results.append({"offer_id": card.offer_id, "product_id": card.ext_id,
                        "status": "skipped" if skipped else ("failed" if errors else "imported"), "errors": errors})
    task = task_create(account=ctx.account, kind="ozon_import", payload={}, result={"items": results})
    return 200, {"result": {"task_id": task.ext_id}}


# §3: POST /v1/product/import/info {"task_id"} -> items pending, then imported / failed / skipped.
@endpoint(OZON, "cards", body=True)
def product_import_info(ctx: Ctx):
    require(ctx.body, "task_id", kind=int)
    task = SandboxTask.objects.filter(account=ctx.account, kind="ozon_import", ext_id=ctx.body["task_id"]).first()
    if task is None:
        raise VendorError(404, "task not found")
    done = task_done(task)
    cards_settle(account=ctx.account)
    items = [i if done else i | {"status": "pending", "errors": []} for i in task.result["items"]]
    return 200, {"result": {"items": items, "total": len(items)}}


def _money(value) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise VendorError(400, f"invalid price value {value!r}") from exc


def _cards_for(ctx: Ctx, items: list[dict]) -> dict[tuple[str, object], SandboxCard]:
    """The account's cards named by these items, in two queries: {("offer_id"|"product_id", value): card}."""
    offers = {str(i["offer_id"]) for i in items if i.get("offer_id")}
    products = {i["product_id"] for i in items if not i.get("offer_id") and isinstance(i.get("product_id"), int)}
    found: dict[tuple[str, object], SandboxCard] = {}
    for card in ctx.account.cards.filter(offer_id__in=offers) if offers else []:
        found.setdefault(("offer_id", card.offer_id), card)
    for card in ctx.account.cards.filter(ext_id__in=products) if products else []:
        found.setdefault(("product_id", card.ext_id), card)
    return found


def _card_of(cards: dict, item: dict) -> SandboxCard | None:
    if item.get("offer_id"):  # §5: offer_id wins when both are given
        return cards.get(("offer_id", str(item["offer_id"])))
    return cards.get(("product_id", item.get("product_id")))


# §4: POST /v1/product/pictures/import — replaces the whole set; first image is primary.
@endpoint(OZON, "media", body=True)
def pictures_import(ctx: Ctx):
    require(ctx.body, "product_id", "images")
    images = ctx.body["images"]
    if not isinstance(images, list) or len(images) > 15 or any(not str(u).startswith("http") for u in images):
        raise VendorError(400, "images: up to 15 http(s) URLs")
    card = ctx.account.cards.filter(ext_id=ctx.body["product_id"]).first()
    if card is None:
        raise VendorError(404, "product not found")
    card.media = images
    card.save(update_fields=["media", "updated_at"])
    return 200, {"result": {"pictures": [
        {"is_360": False, "is_color": False, "is_primary": n == 0, "product_id": card.ext_id,
         "state": "imported", "url": url} for n, url in enumerate(images)]}}


# §5: POST /v1/product/import/prices — ≤1000, HTTP 200 with per-item errors[].
@endpoint(OZON, "prices", body=True)
@transaction.atomic
def import_prices(ctx: Ctx):
    require(ctx.body, "prices", kind=list)
    if not 1 <= len(ctx.body["prices"]) <= 1000:
        raise VendorError(400, "prices: from 1 to 1000 items per request")
    for item in ctx.body["prices"]:
        if not isinstance(item, dict) or item.get("price") in (None, ""):
            raise VendorError(400, "invalid request payload: price is required")
    cards, changed, result = _cards_for(ctx, ctx.body["prices"]), {}, []
    named = [(item, _card_of(cards, item)) for item in ctx.body["prices"]]
    allowed = iter(limit_take_each(scopes=[f"ozon:{ctx.account.pk}:{card.pk}" for _, card in named if card],
                                   spec=PRICE_CHANGES, lock_scope=f"ozon:{ctx.account.pk}"))
    for item, card in named:
        errors = []
        if card is None:
            errors.append({"code": "offer_id_not_found", "message": "product not found"})
        elif not next(allowed):
            errors.append({"code": "TOO_MANY_REQUESTS", "message": "price changed more than 10 times per hour"})
        else:
            card.price = _money(item["price"])
            card.old_price = _money(item["old_price"]) if item.get("old_price") not in (None, "") else card.old_price
            card.updated_at, changed[card.pk] = timezone.now(), card
            ctx.summary.setdefault("prices", {})[card.offer_id] = str(item["price"])
        result.append({"offer_id": card.offer_id if card else item.get("offer_id", ""),
                       "product_id": card.ext_id if card else item.get("product_id", 0),
                       "updated": not errors, "errors": errors})
    SandboxCard.objects.bulk_update(list(changed.values()), ["price", "old_price", "updated_at"])
    return 200, {"result": result}


# §6: POST /v2/products/stocks — ≤100 pairs, 80 req/min, each pair once per 30 s (item error).
@endpoint(OZON, "stocks", body=True)
@transaction.atomic
def products_stocks(ctx: Ctx):
    require(ctx.body, "stocks", kind=list)
    if not 1 <= len(ctx.body["stocks"]) <= 100:
        raise VendorError(400, "stocks: from 1 to 100 product-warehouse pairs per request")
    warehouses = {w.ext_id: w for w in ctx.account.warehouses.all()}
    cards_settle(account=ctx.account)
    for item in ctx.body["stocks"]:
        if not isinstance(item, dict) or not isinstance(item.get("stock"), int) or "warehouse_id" not in item:
            raise VendorError(400, "invalid request payload: stock and warehouse_id are required")
    cards = _cards_for(ctx, ctx.body["stocks"])
    existing = {(st.card_id, st.warehouse_id): st for st in SandboxStock.objects.filter(
        card__in=[c for c in cards.values() if c], warehouse__in=list(warehouses.values()))}
    pairs = [(item, _card_of(cards, item), warehouses.get(item["warehouse_id"])) for item in ctx.body["stocks"]]
    ready = [(card, wh) for _, card, wh in pairs if card and wh and card.status == SandboxCard.Status.READY]
    allowed = iter(limit_take_each(scopes=[f"ozon:{ctx.account.pk}:{c.pk}:{w.pk}" for c, w in ready], spec=PAIR,
                                   lock_scope=f"ozon:{ctx.account.pk}"))
    result, changed, created = [], [], []
    for item, card, wh in pairs:
        errors = []
        if card is None:
            errors.append({"code": "offer_id_not_found", "message": "product not found"})
        elif wh is None:
            errors.append({"code": "WAREHOUSE_NOT_FOUND", "message": "warehouse not found"})
        elif card.status != SandboxCard.Status.READY:
            errors.append({"code": "product_is_not_created", "message": "product is not created yet"})
        elif not next(allowed):
            errors.append({"code": "TOO_MANY_REQUESTS", "message": "stock of this pair was updated less than 30 s ago"})
        else:
            row = existing.get((card.pk, wh.pk))
            if row is None:  # the pair limiter lets one update of a pair through per request
                created.append(SandboxStock(card=card, warehouse=wh, amount=item["stock"]))
            else:
                row.amount = item["stock"]
                changed.append(row)
            ctx.summary.setdefault("stocks", {})[f"{card.offer_id}@{wh.ext_id}"] = item["stock"]
        result.append({"offer_id": card.offer_id if card else item.get("offer_id", ""),
                       "product_id": card.ext_id if card else item.get("product_id", 0),
                       "warehouse_id": item["warehouse_id"], "updated": not errors, "errors": errors})
    stock_amounts_update(changed)
    SandboxStock.objects.bulk_create(created)
    return 200, {"result": result}


# §6 "Read all stock": POST /v4/product/info/stocks {"filter": {"offer_id": [], "product_id": [],
# "visibility"}, "cursor": "", "limit": 1..1000} -> {"items": [{offer_id, product_id, stocks[{type,
# present, reserved, sku, shipment_type, warehouse_ids}]}], "cursor", "total"}. Per type, not per
# warehouse: "fbs" sums every seller warehouse. Limited by the 50 rps bucket only (`resource="all"`:
# the 80/min window is the update's); faults still target the `stocks` group.
@endpoint(OZON, "stocks", resource="all", body=True)
def product_info_stocks(ctx: Ctx):
    body = ctx.body if isinstance(ctx.body, dict) else {}
    limit, flt = body.get("limit"), body.get("filter") or {}
    if not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise VendorError(400, "limit must be 1..1000")
    if not isinstance(flt, dict) or any(len(flt.get(k) or []) > 1000 for k in ("offer_id", "product_id")):
        raise VendorError(400, "filter: up to 1000 offer_id / product_id values")
    cards_settle(account=ctx.account)
    qs = ctx.account.cards.filter(status=SandboxCard.Status.READY).order_by("pk")
    if flt.get("offer_id"):
        qs = qs.filter(offer_id__in=[str(o) for o in flt["offer_id"]])
    if flt.get("product_id"):
        qs = qs.filter(ext_id__in=[int(p) for p in flt["product_id"]])
    total = qs.count()
    if body.get("cursor"):
        qs = qs.filter(pk__gt=int(base64.b64decode(body["cursor"]).decode()))
    page = list(qs[: limit + 1])
    has_next, page = len(page) > limit, page[:limit]
    rows: dict[int, list[SandboxStock]] = {}
    for st in SandboxStock.objects.filter(card__in=page, warehouse__isnull=False).select_related("warehouse"):
        rows.setdefault(st.card_id, []).append(st)
    return 200, {"items": [_stock_item(c, rows.get(c.pk, [])) for c in page], "total": total,
                 "cursor": base64.b64encode(str(page[-1].pk).encode()).decode() if has_next else ""}


def _stock_item(card: SandboxCard, rows: list[SandboxStock]) -> dict:
    # `present` is what v2/products/stocks set, summed over warehouses. At Ozon `present` also
    # holds the reserved units (the stock we set excludes them); the sandbox keeps no reservations
    # (orders do not hold stock), so `reserved` is 0 and present == the stock set. FBO: 0.
    fbs = {"type": "fbs", "present": sum(r.amount for r in rows), "reserved": 0, "sku": card.sku_id,
           "shipment_type": "SHIPMENT_TYPE_GENERAL",
           "warehouse_ids": sorted(r.warehouse.ext_id for r in rows if r.amount > 0)}
    fbo = {"type": "fbo", "present": 0, "reserved": 0, "sku": card.sku_id, "shipment_type": "SHIPMENT_TYPE_GENERAL",
           "warehouse_ids": []}
    return {"offer_id": card.offer_id, "product_id": card.ext_id, "stocks": [fbs, fbo]}


# §7: POST /v2/warehouse/list {"limit": 1..200, "cursor": ""} -> {warehouses, cursor, has_next}
@endpoint(OZON, "warehouses", body=True)
def warehouse_list(ctx: Ctx):
    body = ctx.body if isinstance(ctx.body, dict) else {}
    limit = body.get("limit", 200)
    if not isinstance(limit, int) or not 1 <= limit <= 200:
        raise VendorError(400, "limit must be 1..200")
    after = int(base64.b64decode(body["cursor"]).decode()) if body.get("cursor") else 0
    qs = ctx.account.warehouses.filter(pk__gt=after).order_by("pk")
    if body.get("warehouse_ids"):
        qs = qs.filter(ext_id__in=body["warehouse_ids"])
    page = list(qs[: limit + 1])
    has_next, page = len(page) > limit, page[:limit]
    return 200, {"warehouses": [{"warehouse_id": w.ext_id, "name": w.name, "status": "created", "is_rfbs": True,
                                 "is_express": False, "is_kgt": False, "first_mile": {"type": "DropOff"},
                                 "working_days": [1, 2, 3, 4, 5]} for w in page],
                 "cursor": base64.b64encode(str(page[-1].pk).encode()).decode() if has_next else "",
                 "has_next": has_next}


# §3: POST /v3/product/list {"filter": {"offer_id": [], "product_id": []}, "last_id": "", "limit": 1..1000}
@endpoint(OZON, "cards", body=True)
def product_list(ctx: Ctx):
    body = ctx.body if isinstance(ctx.body, dict) else {}
    limit, flt = body.get("limit", 100), body.get("filter") or {}
    if not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise VendorError(400, "limit must be 1..1000")
    cards_settle(account=ctx.account)
    qs = ctx.account.cards.exclude(status=SandboxCard.Status.FAILED).order_by("pk")
    if body.get("last_id"):
        qs = qs.filter(pk__gt=int(base64.b64decode(body["last_id"]).decode()))
    if flt.get("offer_id"):
        qs = qs.filter(offer_id__in=[str(o) for o in flt["offer_id"]])
    if flt.get("product_id"):
        qs = qs.filter(ext_id__in=flt["product_id"])
    page = list(qs[:limit])
    last = base64.b64encode(str(page[-1].pk).encode()).decode() if len(page) == limit else ""
    return 200, {"result": {"items": [{"product_id": c.ext_id, "offer_id": c.offer_id, "archived": False,
                                       "has_fbo_stocks": False, "has_fbs_stocks": c.stocks.exists(), "is_discounted": False,
                                       "quants": []} for c in page], "total": qs.count(), "last_id": last}}
