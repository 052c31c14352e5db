"""WB Marketplace API emulator (marketplace-api -> /sandbox/wb/marketplace/): seller warehouses,
stocks, FBS orders and supplies. Reference: wildberries.md §6, §7, §8."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplaces.sandbox.models import SandboxOrder, SandboxStock, SandboxTask
from marketplaces.sandbox.pipeline import Ctx, VendorError, endpoint
from marketplaces.sandbox.services import stocks_bulk_set
from marketplaces.sandbox.wb.vendor import MARKETPLACE

STOCK_BATCH = 1000  # §6: 1000 items per request [unconfirmed in the snapshot]
WB_STATUS = {"new": "waiting", "confirm": "waiting", "complete": "sorted", "cancel": "canceled"}


def _warehouse(ctx: Ctx, warehouse_id: int):
    wh = ctx.account.warehouses.filter(ext_id=warehouse_id).first()
    if wh is None:
        raise VendorError(404, "warehouse not found", code="NotFound")
    return wh


# §7: GET /api/v3/warehouses
@endpoint(MARKETPLACE, "warehouses")
def warehouses_list(ctx: Ctx):
    return 200, [{"id": w.ext_id, "name": w.name, "officeId": w.data.get("officeId"),
                  "cargoType": w.data.get("cargoType", 1), "deliveryType": w.data.get("deliveryType", 1),
                  "isDeleting": False, "isProcessing": False} for w in ctx.account.warehouses.order_by("pk")]


# §6: PUT /api/v3/stocks/{warehouseId} {"stocks": [{chrtId, amount}]} -> 204; 409 per bad item.
@endpoint(MARKETPLACE, "stocks", body=True)
@transaction.atomic
def stocks_put(ctx: Ctx, warehouse_id: int):
    wh = _warehouse(ctx, warehouse_id)
    stocks = ctx.body.get("stocks") if isinstance(ctx.body, dict) else None
    if not isinstance(stocks, list) or not stocks:
        raise VendorError(400, "stocks is required", code="IncorrectRequest")
    if len(stocks) > STOCK_BATCH:
        raise VendorError(400, f"maximum {STOCK_BATCH} stocks per request", code="IncorrectRequest")
    # Unknown field names are not validated [spec]: items without chrtId change nothing.
    items = [s for s in stocks if isinstance(s, dict) and isinstance(s.get("chrtId"), int)]
    cards = {c.sku_id: c for c in ctx.account.cards.filter(sku_id__in=[s["chrtId"] for s in items])}
    bad_ids = [s for s in items if s["chrtId"] not in cards]
    too_big = [s for s in items if not isinstance(s.get("amount"), int) or not 0 <= s["amount"] <= 100000]
    if bad_ids or too_big:
        errors = []
        if bad_ids:
            errors.append({"code": "NotFound", "message": "chrtId not found", "data": [
                {"sku": "", "chrtId": s["chrtId"], "amount": s.get("amount")} for s in bad_ids]})
        if too_big:
            errors.append({"code": "UploadDataLimit", "message": "amount exceeds the limit", "data": [
                {"sku": "", "chrtId": s["chrtId"], "amount": s.get("amount")} for s in too_big]})
        return 409, errors
    stocks_bulk_set(rows=[(cards[s["chrtId"]], wh, s["amount"]) for s in items])
    for s in items:
        ctx.summary.setdefault("stocks", {})[f"{s['chrtId']}@{wh.ext_id}"] = s["amount"]
    return 204, None


# §6 "Read": POST /api/v3/stocks/{warehouseId} {"chrtIds": [...]}
@endpoint(MARKETPLACE, "stocks", body=True)
def stocks_read(ctx: Ctx, warehouse_id: int):
    wh = _warehouse(ctx, warehouse_id)
    ids = ctx.body.get("chrtIds") if isinstance(ctx.body, dict) else None
    if not isinstance(ids, list) or not ids:
        raise VendorError(400, "chrtIds is required", code="IncorrectRequest")
    rows = SandboxStock.objects.filter(warehouse=wh, card__sku_id__in=ids).select_related("card")
    return 200, {"stocks": [{"chrtId": r.card.sku_id, "amount": r.amount} for r in rows]}


def order_json(o: SandboxOrder) -> dict:
    card = o.card
    return {"id": o.ext_id, "rid": f"{o.ext_id:032x}", "orderUid": f"{o.ext_id}_{o.pk:032x}",
            "createdAt": o.created_at.isoformat(), "warehouseId": o.warehouse.ext_id if o.warehouse else None,
            "officeId": 100, "offices": ["Tashkent"], "nmId": card.ext_id if card else None,
            "chrtId": card.sku_id if card else None, "article": card.offer_id if card else "",
            "skus": [card.barcode] if card and card.barcode else [], "price": int(o.price * 100),
            "finalPrice": int(o.price * 100), "convertedPrice": int(o.price * 100), "currencyCode": 860,
            "cargoType": 1, "deliveryType": "fbs", "requiredMeta": [], "optionalMeta": [],
            "isZeroOrder": False, "comment": "", "options": {"isB2B": False}}


# §8 "New orders": GET /api/v3/orders/new — every current new order, no paging.
@endpoint(MARKETPLACE, "orders")
def orders_new(ctx: Ctx):
    orders = ctx.account.orders.filter(status="new").select_related("card", "warehouse").order_by("pk")
    return 200, {"orders": [order_json(o) for o in orders]}


# §8 "History": GET /api/v3/orders?limit=1..1000&next=0&dateFrom=&dateTo= -> {next, orders}
@endpoint(MARKETPLACE, "orders")
def orders_history(ctx: Ctx):
    q = ctx.request.GET
    if not q.get("limit", "").isdigit() or not q.get("next", "").isdigit() or not 1 <= int(q["limit"]) <= 1000:
        raise VendorError(400, "limit (1..1000) and next are required", code="IncorrectParameter")
    page = list(ctx.account.orders.filter(ext_id__gt=int(q["next"])).select_related("card", "warehouse")
                .order_by("ext_id")[: int(q["limit"])])
    return 200, {"next": page[-1].ext_id if page else int(q["next"]), "orders": [order_json(o) for o in page]}


# §8 "Statuses": POST /api/v3/orders/status {"orders": [ids]} ≤1000
@endpoint(MARKETPLACE, "orders", body=True)
def orders_status(ctx: Ctx):
    ids = ctx.body.get("orders") if isinstance(ctx.body, dict) else None
    if not isinstance(ids, list) or not ids or not all(isinstance(i, int) for i in ids):
        raise VendorError(400, "orders must be a non-empty list of ids", code="IncorrectRequest")
    if len(ids) > 1000:
        raise VendorError(400, "maximum 1000 orders per request", code="IncorrectRequest")
    rows = ctx.account.orders.filter(ext_id__in=ids).order_by("ext_id")
    return 200, {"orders": [{"id": o.ext_id, "supplierStatus": o.status, "wbStatus": WB_STATUS[o.status],
                             "isCancellable": o.status in ("new", "confirm")} for o in rows]}


# §8 "Create supply": POST /api/v3/supplies {"name"} -> 201 {"id": "WB-GI-..."}
@endpoint(MARKETPLACE, "orders", body=True)
def supplies_create(ctx: Ctx):
    if not isinstance(ctx.body, dict) or not str(ctx.body.get("name") or "").strip():
        raise VendorError(400, "name is required", code="IncorrectRequest")
    task = SandboxTask.objects.create(account=ctx.account, kind="wb_supply", ext_id=0, status="open",
                                      payload={"name": ctx.body["name"]}, ready_at=timezone.now())
    task.ext_id = task.pk
    task.save(update_fields=["ext_id"])
    return 201, {"id": f"WB-GI-{task.pk}"}


def _supply(ctx: Ctx, supply_id: str) -> SandboxTask:
    pk = supply_id.removeprefix("WB-GI-")
    task = SandboxTask.objects.filter(account=ctx.account, kind="wb_supply", ext_id=int(pk)).first() if pk.isdigit() else None
    if task is None:
        raise VendorError(404, "supply not found", code="NotFound")
    return task


# §8 "Add orders to supply": PATCH /api/marketplace/v3/supplies/{supplyId}/orders ≤100; new -> confirm
@endpoint(MARKETPLACE, "orders", body=True)
@transaction.atomic
def supply_add_orders(ctx: Ctx, supply_id: str):
    supply = _supply(ctx, supply_id)
    ids = ctx.body.get("orders") if isinstance(ctx.body, dict) else None
    if not isinstance(ids, list) or not ids or len(ids) > 100:
        raise VendorError(400, "orders: 1..100 ids", code="IncorrectRequest")
    if supply.status != "open":
        raise VendorError(409, "supply is closed", code="FailedToAddOrdersToSupply")
    orders = list(ctx.account.orders.filter(ext_id__in=ids))
    if len(orders) != len(set(ids)):
        raise VendorError(404, "order not found", code="NotFound")
    if any(o.status != "new" for o in orders):
        raise VendorError(409, "only new orders can be added", code="FailedToAddOrdersToSupply")
    ctx.account.orders.filter(ext_id__in=ids).update(status="confirm", supply_id=supply_id, updated_at=timezone.now())
    return 204, None


# §8 "Ship": PATCH /api/v3/supplies/{supplyId}/deliver — orders confirm -> complete
@endpoint(MARKETPLACE, "orders")
@transaction.atomic
def supply_deliver(ctx: Ctx, supply_id: str):
    supply = _supply(ctx, supply_id)
    orders = ctx.account.orders.filter(supply_id=supply_id, status="confirm")
    if supply.status != "open" or not orders.exists():
        raise VendorError(409, "supply is empty or already delivered", code="FailedToDeliverSupply")
    orders.update(status="complete", updated_at=timezone.now())
    supply.status = "done"
    supply.save(update_fields=["status"])
    return 204, None


# §8 "Cancel": PATCH /api/v3/orders/{orderId}/cancel -> 204 (new|confirm only)
@endpoint(MARKETPLACE, "orders", resource="cancel")
def order_cancel(ctx: Ctx, order_id: int):
    order = ctx.account.orders.filter(ext_id=order_id).first()
    if order is None:
        raise VendorError(404, "order not found", code="NotFound")
    if order.status not in ("new", "confirm"):
        raise VendorError(409, "order can not be cancelled", code="StatusMismatch")
    order.status = "cancel"
    order.save(update_fields=["status", "updated_at"])
    return 204, None
