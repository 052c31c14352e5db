"""Work that waited for budget runs again once the budget allows (raised limit or a new month)."""
from __future__ import annotations

from typing import Any

from django.db import transaction

from content.models import ContentDraft
from content.services.costs import budget_state
from partners.models import Partner


def waiting_resume_enqueue(*, partner: Partner) -> None:
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task("content.tasks.waiting_resume_task", partner.pk,
                                             task_name=f"content-resume-{partner.pk}"))


def waiting_resume(*, partner: Partner, actor: Any = None) -> int:
    """Re-run waiting drafts, oldest first, until done or the budget runs out again. Each waiting
    row is replaced by the new result, so nothing is generated twice."""
    from content.services.cards import card_generate
    from content.services.images import images_generate
    from content.services.replies import review_reply_generate

    resumed = 0
    waiting = ContentDraft.objects.filter(partner=partner, status=ContentDraft.Status.WAITING_BUDGET)
    for draft in waiting.select_related("product", "review").order_by("created_at", "id"):
        if budget_state(partner=partner).exhausted:
            break
        if draft.kind == ContentDraft.Kind.REVIEW_REPLY and draft.review is not None:
            new = review_reply_generate(review=draft.review, actor=actor)
        elif draft.product is not None and draft.kind == ContentDraft.Kind.CARD:
            new = card_generate(product=draft.product, marketplace=draft.marketplace, actor=actor)
        elif draft.product is not None:
            new = images_generate(product=draft.product, marketplace=draft.marketplace, actor=actor)
        else:
            continue
        draft.delete()
        if new.status == ContentDraft.Status.WAITING_BUDGET:
            break
        resumed += 1
    return resumed
