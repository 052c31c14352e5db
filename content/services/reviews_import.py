"""Reviews pulled by marketplace sync (marketplaces.sync) copied into the AI reply queue.

content.Review is the AI's input record; sync owns the marketplace copy and the outbox that
sends answers. The import is an idempotent upsert by (partner, marketplace, external id), so
pressing the button twice, or a redelivered task, never duplicates a review.
"""
from __future__ import annotations

from typing import Any

from django.db import transaction

from content.models import Review
from partners.models import Partner
from partners.services.audit import audit_record


@transaction.atomic
def reviews_import_from_sync(*, partner: Partner, actor: Any = None) -> int:
    from marketplaces.sync.models import Review as SyncReview  # sync is optional for the AI app

    pulled = (SyncReview.objects.filter(partner=partner, answer_status=SyncReview.AnswerStatus.NONE)
              .exclude(text="").select_related("account"))
    count = 0
    for source in pulled:
        Review.objects.update_or_create(
            partner=partner, marketplace=source.account.marketplace, external_id=source.external_id,
            defaults={"product": source.product, "author": source.author, "rating": source.rating,
                      "text": source.text[:5000]})
        count += 1
    if count:
        audit_record(action="content.reviews_imported", actor=actor, partner=partner, data={"count": count})
    return count
