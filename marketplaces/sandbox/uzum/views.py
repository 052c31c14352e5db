"""Uzum seller OpenAPI emulator (api-seller.uzum.uz/api/seller-openapi -> /sandbox/uzum/).
Reference: uzum.md §1 (shops), §4 (catalogue), §5 (prices), §6 (stocks), §8 (orders, invoices).
No card creation, media, warehouses or reviews here: Uzum's public API has none (portal only)."""
from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from marketplaces.sandbox.clock import scaled
from marketplaces.sandbox.models import SandboxOrder, SandboxStock, SandboxTask
from marketplaces.sandbox.pipeline import Ctx, VendorError, endpoint, require
from marketplaces.sandbox.services import stocks_bulk_set
from marketplaces.sandbox.uzum.vendor import UZUM, envelope, shop

STOCK_BATCH = 1000  # §6: batch limit [unconfirmed]; the sandbox refuses more with bad-request-001
ACCEPT_SECONDS = 2 * 3600  # orders must be confirmed within acceptUntil (time-scaled)
CANCEL_REASONS = {"OUT_OF_STOCK", "SELLER_CANCELLED", "WRONG_PRICE"}


def _page(ctx: Ctx, max_size: int | None = None) -> tuple[int, int]:
    page, size = ctx.request.GET.get("page", ""), ctx.request.GET.get("size", "")
    if not page.isdigit() or not size.isdigit() or int(size) < 1 or (max_size and int(size) > max_size):
        raise VendorError(400, f"page and size (1..{max_size or 'n'}) are required", code="bad-request-001")
    return int(page), int(size)


# §1: GET /v1/shops -> [{id, name}] (the connection check)
@endpoint(UZUM, "auth")
def shops(ctx: Ctx):
    return 200, [{"id": ctx.account.shop_id, "name": ctx.account.name}]


def _sku_json(card, fbs: int) -> dict:
    return {"skuId": card.sku_id, "skuTitle": card.offer_id, "skuFullTitle": card.title, "productTitle": card.title,
            "barcode": int(card.barcode) if card.barcode.isdigit() else 0, "article": card.offer_id,
            "sellerItemCode": card.offer_id, "price": int(card.price or 0), "purchasePrice": None, "commission": 10,
            "quantityActive": 0, "quantityFbs": fbs, "quantitySold": 0, "quantityReturned": 0, "archived": False,
            "blocked": False, "previewImage": card.media[0] if card.media else None}


# §4: GET /v1/product/shop/{shopId}?page=&size= -> {productList[{..., skuList}], totalProductsAmount}
@endpoint(UZUM, "cards")
def products(ctx: Ctx, shop_id: int):
    shop(ctx.account, shop_id)
    page, size = _page(ctx)
    cards = ctx.account.cards.order_by("pk")
    stock = {s.card_id: s.amount for s in SandboxStock.objects.filter(card__account=ctx.account)}
    rows = cards[page * size: (page + 1) * size]
    return 200, {"productList": [{"productId": c.ext_id, "title": c.title, "skuList": [_sku_json(c, stock.get(c.pk, 0))]}
                                 for c in rows], "totalProductsAmount": cards.count()}


# §5: POST /v1/product/{shopId}/sendPriceData {productId, skuList[{skuId, fullPrice, sellPrice}]}
@endpoint(UZUM, "prices", body=True)
@transaction.atomic
def send_price_data(ctx: Ctx, shop_id: int):
    shop(ctx.account, shop_id)
    require(ctx.body, "productId", "skuList")
    skus = ctx.body["skuList"]
    if not isinstance(skus, list) or not skus:
        raise VendorError(400, "skuList must not be empty", code="bad-request-001")
    cards = {c.sku_id: c for c in ctx.account.cards.filter(ext_id=ctx.body["productId"])}
    if not cards:
        raise VendorError(404, f"product {ctx.body['productId']} not found", code="not-found-001")
    for s in skus:
        if not isinstance(s, dict) or s.get("skuId") not in cards:
            raise VendorError(400, f"skuId {s.get('skuId') if isinstance(s, dict) else s} is not in the product",
                              code="bad-request-001")
        full, sell = s.get("fullPrice"), s.get("sellPrice")
        if not isinstance(sell, int) or sell <= 0 or (isinstance(full, int) and sell > full):
            raise VendorError(400, "sellPrice must be a positive integer not above fullPrice", code="bad-request-001")
    for s in skus:
        card = cards[s["skuId"]]
        card.price, card.old_price = s["sellPrice"], s.get("fullPrice") or card.old_price
        card.save(update_fields=["price", "old_price", "updated_at"])
        ctx.summary.setdefault("prices", {})[str(s["skuId"])] = s["sellPrice"]
    return 200, envelope(True)


# §6 "Read": GET /v3/fbs/sku/stocks?page=&size=
@endpoint(UZUM, "stocks")
def stocks_read(ctx: Ctx):
    page, size = _page(ctx)
    rows = SandboxStock.objects.filter(card__account=ctx.account).select_related("card").order_by("pk")
    return 200, envelope({"skuAmountList": [
        {"skuId": r.card.sku_id, "skuTitle": r.card.offer_id, "productTitle": r.card.title, "barcode": r.card.barcode,
         "amount": r.amount, "fbsAllowed": True, "dbsAllowed": False, "fbsLinked": True, "dbsLinked": False,
         "sellerSkuCode": r.card.offer_id} for r in rows[page * size: (page + 1) * size]]})


# §6 "Update": POST /v2/fbs/sku/stocks {"skuAmountList": [{skuId, barcode, amount, ...}]}
@endpoint(UZUM, "stocks", body=True)
@transaction.atomic
def stocks_update(ctx: Ctx):
    require(ctx.body, "skuAmountList", kind=list)
    items = ctx.body["skuAmountList"]
    if not 1 <= len(items) <= STOCK_BATCH:
        raise VendorError(400, f"skuAmountList: from 1 to {STOCK_BATCH} items", code="bad-request-001")
    cards = {c.sku_id: c for c in ctx.account.cards.all()}
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("barcode") or not isinstance(item.get("amount"), int):
            raise VendorError(400, f"skuAmountList[{n}]: barcode and amount are required", code="bad-request-001")
        if item.get("skuId") not in cards or item["amount"] < 0:
            raise VendorError(400, f"skuAmountList[{n}]: unknown skuId or negative amount", code="storage-service-05")
    stocks_bulk_set(rows=[(cards[item["skuId"]], None, item["amount"]) for item in items])
    for item in items:
        ctx.summary.setdefault("stocks", {})[str(item["skuId"])] = item["amount"]
    return 200, envelope({"updatedRecords": len(items)})


def order_json(o: SandboxOrder) -> dict:
    card, ms = o.card, lambda dt: int(dt.timestamp() * 1000) if dt else None
    return {"id": o.ext_id, "status": o.status, "scheme": "FBS", "shopId": o.account.shop_id, "price": int(o.price),
            "dateCreated": ms(o.created_at), "acceptUntil": ms(_accept_until(o)), "deliverUntil": None,
            "invoiceNumber": int(o.supply_id) if o.supply_id.isdigit() else None, "identifierRequired": False,
            "orderItems": [{"id": o.pk, "skuTitle": card.offer_id if card else "", "productTitle": card.title if card else "",
                            "skuId": card.sku_id if card else None, "amount": o.quantity, "sellerPrice": int(o.price)}],
            "stock": {"id": 1, "title": "Tashkent FBS", "address": "Tashkent"}, "cancelReason": None}


def _accept_until(o: SandboxOrder):
    return o.created_at + timedelta(seconds=scaled(ACCEPT_SECONDS))


# §8 "List": GET /v2/fbs/orders?shopIds=&status=&page=&size≤50 -> payload{orders, totalAmount}
@endpoint(UZUM, "orders")
def orders_list(ctx: Ctx):
    shop_ids = ctx.request.GET.getlist("shopIds")
    if not shop_ids:
        raise VendorError(400, "shopIds is required", code="bad-request-001")
    for sid in shop_ids:
        shop(ctx.account, int(sid) if sid.isdigit() else -1)
    page, size = _page(ctx, max_size=50)
    qs = ctx.account.orders.select_related("card", "account").order_by("pk")
    if ctx.request.GET.get("status"):
        qs = qs.filter(status=ctx.request.GET["status"])
    return 200, envelope({"orders": [order_json(o) for o in qs[page * size: (page + 1) * size]], "totalAmount": qs.count()})


# §8 "Count": GET /v2/fbs/orders/count?shopIds=&status= -> payload: <int> (FBS only)
@endpoint(UZUM, "orders")
def orders_count(ctx: Ctx):
    shop_ids = ctx.request.GET.getlist("shopIds")
    if not shop_ids:
        raise VendorError(400, "shopIds is required", code="bad-request-001")
    for sid in shop_ids:
        shop(ctx.account, int(sid) if sid.isdigit() else -1)
    qs = ctx.account.orders.all()
    if ctx.request.GET.get("status"):
        qs = qs.filter(status=ctx.request.GET["status"])
    return 200, envelope(qs.count())


def _order(ctx: Ctx, order_id: int) -> SandboxOrder:
    order = ctx.account.orders.select_related("card", "account").filter(ext_id=order_id).first()
    if order is None:
        raise VendorError(404, f"order {order_id} not found", code="seller-order-01")
    return order


# §8 "One order": GET /v1/fbs/order/{orderId}
@endpoint(UZUM, "orders")
def order_get(ctx: Ctx, order_id: int):
    return 200, envelope(order_json(_order(ctx, order_id)))


# §8 "Acknowledge": POST /v1/fbs/order/{orderId}/confirm — CREATED -> PACKING before acceptUntil
@endpoint(UZUM, "orders", body=True)
def order_confirm(ctx: Ctx, order_id: int):
    order = _order(ctx, order_id)
    if order.status != "CREATED":
        raise VendorError(400, f"order is {order.status}, expected CREATED", code="seller-order-02")
    if timezone.now() > _accept_until(order):
        raise VendorError(400, "acceptance deadline has passed", code="seller-order-03")
    order.status = "PACKING"
    order.save(update_fields=["status", "updated_at"])
    return 200, envelope(order_json(order))


# §8 "Cancel": POST /v1/fbs/order/{orderId}/cancel {reason, comment}
@endpoint(UZUM, "orders", body=True)
def order_cancel(ctx: Ctx, order_id: int):
    require(ctx.body, "reason", kind=str)
    order = _order(ctx, order_id)
    if ctx.body["reason"] not in CANCEL_REASONS:
        raise VendorError(400, "invalid cancel reason", code="seller-order-12")
    if order.status == "CANCELED":
        raise VendorError(400, "order is already cancelled", code="seller-order-13")
    if order.status not in ("CREATED", "PACKING"):
        raise VendorError(400, f"order is {order.status}", code="seller-order-02")
    order.status = "CANCELED"
    order.save(update_fields=["status", "updated_at"])
    return 200, envelope(order_json(order))


# §8 "Ship (FBS)": POST /v1/fbs/invoice {orderIds, dropOffPointUuid, timeSlotUuid, idempotencyKey}
@endpoint(UZUM, "orders", body=True)
@transaction.atomic
def invoice_create(ctx: Ctx):
    require(ctx.body, "orderIds", kind=list)
    require(ctx.body, "dropOffPointUuid", "timeSlotUuid", kind=str)
    key = str(ctx.body.get("idempotencyKey") or "")
    same = SandboxTask.objects.filter(account=ctx.account, kind="uzum_invoice", payload__key=key).first() if key else None
    if same is not None:  # idempotent retry: the same invoice, nothing moves twice
        return 200, envelope(same.result)
    orders = list(ctx.account.orders.filter(ext_id__in=ctx.body["orderIds"]))
    if not orders or len(orders) != len(set(ctx.body["orderIds"])):
        raise VendorError(404, "order not found", code="seller-order-01")
    if any(o.status != "PACKING" for o in orders):
        raise VendorError(400, "only PACKING orders can be shipped", code="seller-order-02")
    task = SandboxTask.objects.create(account=ctx.account, kind="uzum_invoice", ext_id=0, status="CREATED",
                                      payload={"key": key}, ready_at=timezone.now())
    task.ext_id = 700_000 + task.pk
    task.result = {"id": task.ext_id, "status": "CREATED", "orderIds": [o.ext_id for o in orders]}
    task.save(update_fields=["ext_id", "result"])
    ctx.account.orders.filter(pk__in=[o.pk for o in orders]).update(status="PENDING_DELIVERY", supply_id=str(task.ext_id))
    return 200, envelope(task.result)
