"""WB Prices and discounts emulator (discounts-prices-api -> /sandbox/wb/prices/).
Reference: wildberries.md §5 (upload task, buffer/history polling, 208 duplicate)."""
from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.db import transaction

from marketplaces.sandbox.models import SandboxTask
from marketplaces.sandbox.pipeline import Ctx, VendorError, endpoint
from marketplaces.sandbox.services import task_create, task_done
from marketplaces.sandbox.wb.vendor import PRICES


def _envelope(data) -> dict:
    return {"data": data, "error": False, "errorText": ""}


# §5: POST /api/v2/upload/task {"data": [{nmID, price, discount}]} ≤1000 -> uploadID; 208 duplicate.
@endpoint(PRICES, "prices", body=True)
@transaction.atomic
def upload_task(ctx: Ctx):
    items = ctx.body.get("data") if isinstance(ctx.body, dict) else None
    if not isinstance(items, list) or not items:
        raise VendorError(400, "Invalid request format: data is required")
    if len(items) > 1000:
        raise VendorError(400, "Upload limit exceeded: You can upload a maximum of 1 000 items")
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("nmID"), int):
            raise VendorError(400, "nmID is required")
        if item.get("price") is None and item.get("discount") is None:
            raise VendorError(400, "price and discount may not both be empty")
    digest = hashlib.sha256(json.dumps(items, sort_keys=True).encode()).hexdigest()
    same = SandboxTask.objects.filter(account=ctx.account, kind="wb_prices", payload__digest=digest).first()
    if same is not None:
        return 208, _envelope({"id": same.ext_id, "alreadyExists": True})
    cards = {c.ext_id: c for c in ctx.account.cards.filter(ext_id__in=[i["nmID"] for i in items])}
    goods = []
    for item in items:
        card = cards.get(item["nmID"])
        error = "" if card else "nmID not found"
        if card:
            card.price = Decimal(item["price"]) if item.get("price") is not None else card.price
            card.discount = item["discount"] if item.get("discount") is not None else card.discount
            card.save(update_fields=["price", "discount", "updated_at"])
            ctx.summary.setdefault("prices", {})[str(item["nmID"])] = item.get("price")
        goods.append({"nmID": item["nmID"], "vendorCode": card.offer_id if card else "",
                      "price": item.get("price"), "discount": item.get("discount"),
                      "currencyIsoCode4217": "UZS", "status": 3 if card else 6, "errorText": error})
    task = task_create(account=ctx.account, kind="wb_prices", payload={"digest": digest}, result={"goods": goods})
    return 200, _envelope({"id": task.ext_id, "alreadyExists": False})


def _task(ctx: Ctx) -> SandboxTask | None:
    upload_id = ctx.request.GET.get("uploadID", "")
    if not upload_id.isdigit():
        raise VendorError(400, "uploadID is required")
    return SandboxTask.objects.filter(account=ctx.account, kind="wb_prices", ext_id=int(upload_id)).first()


def _summary(task: SandboxTask, status: int) -> dict:
    goods = task.result["goods"]
    ok = sum(1 for g in goods if not g["errorText"])
    return {"uploadID": task.ext_id, "status": status, "uploadDate": task.created_at.isoformat(),
            "activationDate": task.ready_at.isoformat(), "overAllGoodsNumber": len(goods),
            "successGoodsNumber": ok}


# §5 status polling: GET /api/v2/buffer/tasks?uploadID= — status 1 while processing.
@endpoint(PRICES, "prices")
def buffer_tasks(ctx: Ctx):
    task = _task(ctx)
    return 200, _envelope(_summary(task, 1) if task and not task_done(task) else None)


# §5 status polling: GET /api/v2/history/tasks?uploadID= — 3 ok, 5 partial, 6 all failed.
@endpoint(PRICES, "prices")
def history_tasks(ctx: Ctx):
    task = _task(ctx)
    if task is None or not task_done(task):
        return 200, _envelope(None)
    goods = task.result["goods"]
    failed = sum(1 for g in goods if g["errorText"])
    return 200, _envelope(_summary(task, 3 if not failed else 6 if failed == len(goods) else 5))


# §5 item details: GET /api/v2/history/goods/task?uploadID=&limit<=1000&offset=
@endpoint(PRICES, "prices")
def history_goods(ctx: Ctx):
    task = _task(ctx)
    limit, offset = ctx.request.GET.get("limit", "1000"), ctx.request.GET.get("offset", "0")
    if not (limit.isdigit() and offset.isdigit()) or not 1 <= int(limit) <= 1000:
        raise VendorError(400, "limit must be 1..1000")
    if task is None or not task_done(task):
        return 200, _envelope(None)
    goods = task.result["goods"][int(offset): int(offset) + int(limit)]
    return 200, _envelope({"uploadID": task.ext_id, "historyGoods": goods})
