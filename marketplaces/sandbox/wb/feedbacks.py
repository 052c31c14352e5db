"""WB Feedbacks emulator (feedbacks-api -> /sandbox/wb/feedbacks/). Reference: wildberries.md §10."""
from __future__ import annotations

from django.utils import timezone

from marketplaces.sandbox.models import SandboxReview
from marketplaces.sandbox.pipeline import Ctx, VendorError, endpoint
from marketplaces.sandbox.wb.vendor import FEEDBACKS


def _env(data) -> dict:
    return {"data": data, "error": False, "errorText": "", "additionalErrors": None}


def feedback_json(r: SandboxReview) -> dict:
    card = r.card
    return {"id": r.ext_id, "text": r.text, "pros": "", "cons": "", "productValuation": r.rating,
            "createdDate": r.created_at.isoformat(), "state": "wbRu" if r.answered_at else "none",
            "answer": {"text": r.answer, "state": "wbRu", "editable": True} if r.answered_at else None,
            "productDetails": {"nmId": card.ext_id if card else None, "imtId": card.ext_id if card else None,
                               "productName": card.title if card else "", "supplierArticle": card.offer_id if card else "",
                               "brandName": card.data.get("brand", "") if card else "", "size": ""},
            "userName": r.author, "wasViewed": False, "photoLinks": [], "video": None,
            "orderStatus": "buyout", "matchingSize": ""}


# §10 "List": GET /api/v1/feedbacks?isAnswered=&take=<=5000&skip=<=199990 (all three required).
@endpoint(FEEDBACKS, "reviews")
def feedbacks_list(ctx: Ctx):
    q = ctx.request.GET
    if q.get("isAnswered") not in ("true", "false") or not q.get("take", "").isdigit() or not q.get("skip", "").isdigit():
        raise VendorError(400, "isAnswered, take and skip are required")
    take, skip = int(q["take"]), int(q["skip"])
    if not 1 <= take <= 5000 or skip > 199990:
        raise VendorError(400, "take must be 1..5000 and skip ≤ 199990")
    reviews = ctx.account.reviews.select_related("card").order_by("-created_at", "-id")
    answered = q["isAnswered"] == "true"
    page = reviews.filter(answered_at__isnull=not answered)[skip: skip + take]
    return 200, _env({"countUnanswered": reviews.filter(answered_at__isnull=True).count(),
                      "countArchive": 0, "feedbacks": [feedback_json(r) for r in page]})


# §10: GET /api/v1/feedbacks/count-unanswered
@endpoint(FEEDBACKS, "reviews")
def feedbacks_count(ctx: Ctx):
    pending = ctx.account.reviews.filter(answered_at__isnull=True)
    today = pending.filter(created_at__date=timezone.now().date()).count()
    return 200, _env({"countUnanswered": pending.count(), "countUnansweredToday": today, "valuation": "4.8"})


# §10 "Reply": POST /api/v1/feedbacks/answer {id, text} -> 204. WB does not validate the id [spec].
@endpoint(FEEDBACKS, "reviews", body=True)
def feedbacks_answer(ctx: Ctx):
    body = ctx.body
    if not isinstance(body, dict) or not body.get("id") or not str(body.get("text") or "").strip():
        raise VendorError(400, "id and text are required")
    ctx.account.reviews.filter(ext_id=str(body["id"])).update(answer=str(body["text"]), answered_at=timezone.now())
    return 204, None
