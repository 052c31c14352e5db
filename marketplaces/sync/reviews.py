"""Reviews: idempotent import; answers leave through the outbox."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import IntentKind, Review
from marketplaces.sync.outbox import intent_record
from partners.models import Product
from partners.services.audit import audit_record

ANSWER_MAX = 1000  # the shortest vendor limit for an answer (kept conservative for all four)


class IncomingReview(Protocol):
    external_id: str
    sku: str
    rating: int | None
    text: str
    author: str
    written_at: Any


def reviews_import(*, account: MarketplaceAccount, reviews: Iterable[IncomingReview]) -> dict[str, int]:
    counts = {"created": 0, "existing": 0}
    for incoming in reviews:
        product = Product.objects.filter(partner_id=account.partner_id, sku=incoming.sku).first() \
            if incoming.sku else None
        try:
            with transaction.atomic():
                _, created = Review.objects.get_or_create(
                    account=account, external_id=str(incoming.external_id),
                    defaults={"partner_id": account.partner_id, "product": product, "sku": incoming.sku or "",
                              "rating": incoming.rating, "text": incoming.text or "",
                              "author": (incoming.author or "")[:120], "written_at": incoming.written_at})
        except IntegrityError:  # imported concurrently by another job
            created = False
        counts["created" if created else "existing"] += 1
    return counts


@transaction.atomic
def review_answer(*, review: Review, text: str, actor: Any = None) -> Review:
    """Queue an answer (written by a person or approved from AI) to be sent through the outbox."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["Write an answer before sending."]})
    if len(text) > ANSWER_MAX:
        raise ValidationError({"text": [f"An answer can be at most {ANSWER_MAX} characters; this one has "
                                        f"{len(text)}."]})
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.answer_status == Review.AnswerStatus.SENT:
        raise ValidationError({"text": ["This review has already been answered on the marketplace."]})
    review.answer_text, review.answer_status = text, Review.AnswerStatus.QUEUED
    review.save(update_fields=["answer_text", "answer_status"])
    intent_record(account=review.account, kind=IntentKind.REVIEW_ANSWER, key=review.external_id,
                  payload={"review_id": review.external_id, "text": text})
    audit_record(action="review.answer_queued", actor=actor, partner=review.partner, target=review)
    return review
