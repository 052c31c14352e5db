"""Ozon FBS postings and reviews emulators. Reference: ozon.md §8 (postings), §9 (reviews)."""
from __future__ import annotations

import base64

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from marketplaces.sandbox.models import SandboxOrder
from marketplaces.sandbox.ozon.vendor import OZON
from marketplaces.sandbox.pipeline import Ctx, VendorError, endpoint, require

UNFULFILLED = ["awaiting_registration", "acceptance_in_progress", "awaiting_approve", "awaiting_packaging",
               "awaiting_deliver"]


def posting_json(o: SandboxOrder) -> dict:
    card = o.card
    return {"posting_number": o.number, "order_id": o.ext_id, "order_number": o.number.rsplit("-", 1)[0],
            "status": o.status, "substatus": "", "in_process_at": o.created_at.isoformat(),
            "shipment_date": o.created_at.isoformat(), "delivering_date": None,
            "delivery_method": {"id": 1, "name": "Sandbox courier",
                                "warehouse_id": o.warehouse.ext_id if o.warehouse else None, "tpl_provider": "Ozon"},
            "products": [{"sku": card.sku_id if card else 0, "offer_id": card.offer_id if card else "",
                          "name": card.title if card else "", "quantity": o.quantity,
                          "price": str(o.price), "currency_code": "UZS"}],
            "cancellation": None, "available_actions": ["ship"] if o.status == "awaiting_packaging" else [],
            "tracking_number": "", "is_express": False, "tpl_integration_type": "ozon"}


def _cursor(value: str) -> int:
    try:
        return int(base64.b64decode(value).decode()) if value else 0
    except ValueError as exc:
        raise VendorError(400, "invalid cursor") from exc


# §8 "To-do list": POST /v4/posting/fbs/unfulfilled/list — filter cutoff_* or delivering_date_*,
# limit ≤100, cursor pagination -> {postings, cursor, has_next}.
@endpoint(OZON, "orders", body=True)
def unfulfilled_list(ctx: Ctx):
    require(ctx.body, "filter", kind=dict)
    flt = ctx.body["filter"]
    pair = ("cutoff_from", "cutoff_to") if flt.get("cutoff_from") else ("delivering_date_from", "delivering_date_to")
    start, end = (parse_datetime(str(flt.get(k) or "")) for k in pair)
    if start is None or end is None:
        raise VendorError(400, "filter: cutoff_from/cutoff_to or delivering_date_from/delivering_date_to are required")
    limit = ctx.body.get("limit", 100)
    if not isinstance(limit, int) or not 1 <= limit <= 100:
        raise VendorError(400, "limit must be 1..100")
    qs = ctx.account.orders.filter(status__in=flt.get("statuses") or UNFULFILLED, pk__gt=_cursor(ctx.body.get("cursor", "")),
                                   created_at__gte=start, created_at__lte=end)
    if flt.get("warehouse_ids"):
        qs = qs.filter(warehouse__ext_id__in=flt["warehouse_ids"])
    page = list(qs.select_related("card", "warehouse").order_by("pk")[: limit + 1])
    has_next, page = len(page) > limit, page[:limit]
    cursor = base64.b64encode(str(page[-1].pk).encode()).decode() if has_next else ""
    return 200, {"postings": [posting_json(o) for o in page], "cursor": cursor, "has_next": has_next}


def _posting(ctx: Ctx) -> SandboxOrder:
    require(ctx.body, "posting_number", kind=str)
    order = ctx.account.orders.filter(number=ctx.body["posting_number"]).select_related("card", "warehouse").first()
    if order is None:
        raise VendorError(404, "POSTING_NOT_FOUND")
    return order


# §8 "One posting": POST /v3/posting/fbs/get {"posting_number"}
@endpoint(OZON, "orders", body=True)
def posting_get(ctx: Ctx):
    return 200, {"result": posting_json(_posting(ctx))}


# §8 "Pack (ship)": POST /v4/posting/fbs/ship — awaiting_packaging -> awaiting_deliver
@endpoint(OZON, "orders", body=True)
def posting_ship(ctx: Ctx):
    require(ctx.body, "packages", kind=list)
    order = _posting(ctx)
    if not ctx.body["packages"] or not all(isinstance(p, dict) and p.get("products") for p in ctx.body["packages"]):
        raise VendorError(400, "packages[].products is required")
    if order.status == "awaiting_deliver":
        raise VendorError(400, "POSTING_ALREADY_SHIPPED")
    if order.status != "awaiting_packaging":
        raise VendorError(400, "INVALID_POSTING_STATUS")
    order.status = "awaiting_deliver"
    order.save(update_fields=["status", "updated_at"])
    return 200, {"result": [order.number], "additional_data": []}


# §8 "Cancel": POST /v2/posting/fbs/cancel {posting_number, cancel_reason_id}
@endpoint(OZON, "orders", body=True)
def posting_cancel(ctx: Ctx):
    require(ctx.body, "cancel_reason_id", kind=int)
    order = _posting(ctx)
    if order.status not in ("awaiting_packaging", "awaiting_deliver"):
        raise VendorError(400, "INVALID_POSTING_STATUS")
    order.status = "cancelled"
    order.save(update_fields=["status", "updated_at"])
    return 200, {"result": True}


# §9 "List": POST /v1/review/list {limit 20..100, last_id, sort_dir, status} -> {reviews, has_next, last_id}
@endpoint(OZON, "reviews", body=True)
def review_list(ctx: Ctx):
    require(ctx.body, "limit", kind=int)
    limit, status = ctx.body["limit"], ctx.body.get("status", "ALL")
    if not 20 <= limit <= 100:
        raise VendorError(400, "limit must be 20..100")
    qs = ctx.account.reviews.select_related("card").order_by("-pk")
    if ctx.body.get("last_id"):
        qs = qs.filter(pk__lt=int(ctx.body["last_id"]))
    if status in ("UNPROCESSED", "PROCESSED"):
        qs = qs.filter(answered_at__isnull=status == "UNPROCESSED")
    page = list(qs[: limit + 1])
    has_next, page = len(page) > limit, page[:limit]
    return 200, {"reviews": [{"id": r.ext_id, "sku": r.card.sku_id if r.card else 0, "text": r.text,
                              "rating": r.rating, "status": "PROCESSED" if r.answered_at else "UNPROCESSED",
                              "order_status": "DELIVERED", "published_at": r.created_at.isoformat(),
                              "comments_amount": 1 if r.answered_at else 0, "photos_amount": 0, "videos_amount": 0,
                              "is_rating_participant": True} for r in page],
                 "has_next": has_next, "last_id": str(page[-1].pk) if page else ""}


# §9 "Answer": POST /v1/review/comment/create {review_id, text, mark_review_as_processed}
@endpoint(OZON, "reviews", body=True)
def review_comment_create(ctx: Ctx):
    require(ctx.body, "review_id", "text", kind=str)
    review = ctx.account.reviews.filter(ext_id=ctx.body["review_id"]).first()
    if review is None:
        raise VendorError(404, "review not found")
    review.answer = ctx.body["text"]
    if ctx.body.get("mark_review_as_processed", True):
        review.answered_at = timezone.now()
    review.save(update_fields=["answer", "answered_at"])
    return 200, {"comment_id": f"c{review.pk:012d}"}
