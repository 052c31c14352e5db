"""Yandex Market orders and goods-feedback emulators. Reference: yandex_market.md §8, §9."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplaces.sandbox.models import SandboxOrder
from marketplaces.sandbox.pipeline import Ctx, VendorError, endpoint, require
from marketplaces.sandbox.ym.vendor import YM, business, campaign

# §8 emulator state machine (FBS): STARTED -> READY_TO_SHIP -> SHIPPED; PROCESSING/* -> CANCELLED/SHOP_FAILED
ALLOWED = {("PROCESSING", "STARTED"): {("PROCESSING", "READY_TO_SHIP"), ("CANCELLED", "SHOP_FAILED")},
           ("PROCESSING", "READY_TO_SHIP"): {("PROCESSING", "SHIPPED"), ("CANCELLED", "SHOP_FAILED")}}


def order_json(o: SandboxOrder) -> dict:
    card = o.card
    return {"orderId": o.ext_id, "campaignId": o.account.campaign_id, "programType": "FBS", "status": o.status,
            "substatus": o.substatus, "creationDate": o.created_at.isoformat(), "updateDate": o.updated_at.isoformat(),
            "paymentType": "PREPAID", "paymentMethod": "CARD_ON_ORDER", "fake": False,
            "items": [{"id": o.pk, "offerId": card.offer_id if card else "", "offerName": card.title if card else "",
                       "count": o.quantity, "prices": {"buyerPrice": {"value": float(o.price), "currencyId": "UZS"}},
                       "instances": [], "requiredInstanceTypes": []}],
            "delivery": {"type": "DELIVERY", "serviceName": "Market", "warehouseId": o.warehouse.ext_id if o.warehouse else None},
            "buyerType": "PERSON", "notes": "", "cancelRequested": False}


# §8 "List (current)": POST /v1/businesses/{businessId}/orders?pageToken=&limit≤50 -> {orders, paging}
@endpoint(YM, "orders", resource="orders", body=True)
def orders_list(ctx: Ctx, business_id: int):
    business(ctx.account, business_id)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    raw_limit = ctx.request.GET.get("limit", "50")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 50:
        raise VendorError(400, "limit must be 1..50")
    token = ctx.request.GET.get("pageToken") or ctx.request.GET.get("page_token") or "0"
    if not token.isdigit():
        raise VendorError(400, "pageToken is invalid")
    qs = ctx.account.orders.filter(pk__gt=int(token)).select_related("card", "warehouse", "account").order_by("pk")
    if body.get("statuses"):
        qs = qs.filter(status__in=body["statuses"])
    if body.get("substatuses"):
        qs = qs.filter(substatus__in=body["substatuses"])
    if body.get("orderIds"):
        qs = qs.filter(ext_id__in=body["orderIds"][:50])
    limit = int(raw_limit)
    page = list(qs[: limit + 1])
    more, page = len(page) > limit, page[:limit]
    return 200, {"orders": [order_json(o) for o in page],
                 "paging": {"nextPageToken": str(page[-1].pk)} if more else {}}


def _transition(order: SandboxOrder, status: str, substatus: str) -> None:
    if (status, substatus) not in ALLOWED.get((order.status, order.substatus), set()):
        raise VendorError(400, f"Status change {order.status}/{order.substatus} -> {status}/{substatus} is not allowed",
                          code="STATUS_NOT_ALLOWED")
    order.status, order.substatus = status, substatus
    order.save(update_fields=["status", "substatus", "updated_at"])


# §8 step 4: PUT /v2/campaigns/{campaignId}/orders/{orderId}/status {"order": {status, substatus}}
@endpoint(YM, "orders", resource="order-status", body=True)
def order_status(ctx: Ctx, campaign_id: int, order_id: int):
    campaign(ctx.account, campaign_id)
    require(ctx.body, "order", kind=dict)
    target = ctx.body["order"]
    if not target.get("status"):
        raise VendorError(400, "order.status is required")
    order = ctx.account.orders.filter(ext_id=order_id).select_related("card", "warehouse", "account").first()
    if order is None:
        raise VendorError(404, f"Order {order_id} not found", code="ORDER_NOT_FOUND")
    _transition(order, target["status"], target.get("substatus", ""))
    return 200, {"order": order_json(order)}


# §8 step 4 (bulk): POST /v2/campaigns/{campaignId}/orders/status-update ≤30, per-order result
@endpoint(YM, "orders", resource="order-status", body=True, items=lambda b: len(b.get("orders") or []) if isinstance(b, dict) else 1)
@transaction.atomic
def orders_status_update(ctx: Ctx, campaign_id: int):
    campaign(ctx.account, campaign_id)
    require(ctx.body, "orders", kind=list)
    if not 1 <= len(ctx.body["orders"]) <= 30:
        raise VendorError(400, "orders: from 1 to 30 items")
    results = []
    for item in ctx.body["orders"]:
        order = ctx.account.orders.filter(ext_id=item.get("id")).first() if isinstance(item, dict) else None
        try:
            if order is None:
                raise VendorError(404, "order not found")
            _transition(order, item.get("status", ""), item.get("substatus", ""))
            results.append({"id": order.ext_id, "status": order.status, "substatus": order.substatus, "updateStatus": "OK"})
        except VendorError as err:
            results.append({"id": item.get("id") if isinstance(item, dict) else None, "updateStatus": "ERROR",
                            "errorDetails": err.message})
    return 200, {"status": "OK", "result": {"orders": results}}


# §9 "List": POST /v2/businesses/{businessId}/goods-feedback?page_token=&limit≤50
@endpoint(YM, "reviews", resource="goods-feedback", body=True)
def feedback_list(ctx: Ctx, business_id: int):
    business(ctx.account, business_id)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    limit = ctx.request.GET.get("limit", "50")
    if not limit.isdigit() or not 1 <= int(limit) <= 50:
        raise VendorError(400, "limit must be 1..50")
    qs = ctx.account.reviews.select_related("card").order_by("pk").filter(pk__gt=int(ctx.request.GET.get("page_token") or 0))
    if body.get("reactionStatus") == "NEED_REACTION":
        qs = qs.filter(answered_at__isnull=True)
    page = list(qs[: int(limit) + 1])
    more, page = len(page) > int(limit), page[: int(limit)]
    return 200, {"status": "OK", "result": {
        "feedbacks": [{"feedbackId": int(r.ext_id), "createdAt": r.created_at.isoformat(), "needReaction": r.answered_at is None,
                       "identifiers": {"orderId": None, "offerId": r.card.offer_id if r.card else None},
                       "author": r.author, "description": {"advantages": "", "disadvantages": "", "comment": r.text},
                       "media": {"photos": [], "videos": []},
                       "statistics": {"rating": r.rating, "commentsCount": 1 if r.answered_at else 0, "recommended": r.rating >= 4}}
                      for r in page],
        "paging": {"nextPageToken": str(page[-1].pk)} if more else {}}}


# §9 "Answer": POST /v2/businesses/{businessId}/goods-feedback/comments/update {feedbackId, comment{text}}
@endpoint(YM, "reviews", resource="goods-feedback-comments", body=True)
def feedback_comment(ctx: Ctx, business_id: int):
    business(ctx.account, business_id)
    require(ctx.body, "feedbackId", kind=int)
    require(ctx.body, "comment", kind=dict)
    text = str(ctx.body["comment"].get("text") or "")
    if not 1 <= len(text) <= 4096:
        raise VendorError(400, "comment.text: 1..4096 characters")
    review = ctx.account.reviews.filter(ext_id=str(ctx.body["feedbackId"])).first()
    if review is None:
        raise VendorError(404, f"Feedback {ctx.body['feedbackId']} not found")
    review.answer, review.answered_at = text, timezone.now()
    review.save(update_fields=["answer", "answered_at"])
    return 200, {"status": "OK", "result": {"id": review.pk, "text": text, "status": "PUBLISHED", "canModify": True,
                                            "author": {"type": "BUSINESS", "name": ctx.account.name}}}
