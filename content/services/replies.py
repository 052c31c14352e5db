"""Review replies: detect sentiment, topics and language, then answer politely and specifically,
never promising refunds or compensation unless the partner's policy allows it.

Reviews are the marketplace's own rows (marketplaces.sync.models.Review). Their answer_status shows
where the AI answer is (suggested / draft); approval hands it to sync's `review_answer`, which
queues it in the outbox (queued -> sent / failed)."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from content.models import ContentDraft, Purpose
from content.providers import provider_get
from content.providers.base import AIError, AIProvider, ReplyRequest
from content.services.attempts import attempts_run, failure_apply, outcome_apply
from content.services.costs import BudgetExhausted, ai_settings_for
from content.text import detect_language, review_sentiment, review_topics
from content.validation import reply_problems
from marketplaces.sync.models import Review
from marketplaces.sync.reviews import ANSWER_MAX

# Where an open AI draft puts the marketplace review; queued/sent answers are never moved back.
REVIEW_STATUS = {ContentDraft.Status.SUGGESTED: Review.AnswerStatus.SUGGESTED,
                 ContentDraft.Status.DRAFT: Review.AnswerStatus.DRAFT,
                 ContentDraft.Status.NEEDS_HUMAN: Review.AnswerStatus.DRAFT}
MOVABLE = (Review.AnswerStatus.NONE, Review.AnswerStatus.SUGGESTED, Review.AnswerStatus.DRAFT,
           Review.AnswerStatus.FAILED)


def review_analyse(*, review: Review) -> dict[str, Any]:
    return {"sentiment": review_sentiment(text=review.text, rating=review.rating),
            "topics": review_topics(review.text), "language": detect_language(review.text)}


def review_reply_generate(*, review: Review, actor: Any = None, provider: AIProvider | None = None) -> ContentDraft:
    from content.services.approvals import draft_auto_approve

    provider = provider or provider_get()
    ai = ai_settings_for(partner=review.partner)
    analysis = review_analyse(review=review)
    language = analysis["language"]  # the customer's language, not the partner's
    marketplace = review.account.marketplace
    draft = ContentDraft.objects.create(
        partner=review.partner, kind=ContentDraft.Kind.REVIEW_REPLY, review=review, product=review.product,
        marketplace=marketplace, language=language, status=ContentDraft.Status.DRAFT, analysis=analysis,
        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    product_title = review.product.title if review.product else ""

    def build(fix: tuple[str, ...]) -> ReplyRequest:
        return ReplyRequest(text=review.text, rating=review.rating, language=language, product_title=product_title,
                            refunds_allowed=ai.refunds_allowed, sentiment=analysis["sentiment"],
                            topics=tuple(analysis["topics"]), author=review.author, fix_messages=fix)

    def check(result) -> list[str]:
        problems = reply_problems(text=result.text, marketplace=marketplace, language=language,
                                  refunds_allowed=ai.refunds_allowed, review_text=review.text)
        if len(result.text.strip()) > ANSWER_MAX:  # what the outbox accepts for every marketplace
            problems.append(_("The reply is %(n)d characters; answers can be at most %(max)d. Shorten it.")
                            % {"n": len(result.text.strip()), "max": ANSWER_MAX})
        return problems

    try:
        result, problems = attempts_run(draft=draft, provider=provider, purpose=Purpose.REVIEW_REPLY, build=build,
                                        invoke=provider.review_reply, check=check)
    except (AIError, BudgetExhausted) as exc:
        failure_apply(draft=draft, exc=exc)
        draft.save()
        return draft
    payload = {"text": result.text.strip()} if result is not None else {}
    approve_now = outcome_apply(draft=draft, problems=problems, level=ai.automation_level, payload=payload)
    draft.save()
    if approve_now:
        draft_auto_approve(draft=draft, actor=actor)
    review_status_follow(review=review, draft=draft)
    return draft


def review_status_follow(*, review: Review, draft: ContentDraft) -> None:
    """Show an open AI draft on the marketplace review (suggested / draft); a rejected one frees it."""
    if draft.status in REVIEW_STATUS:
        target = REVIEW_STATUS[draft.status]
    elif draft.status == ContentDraft.Status.REJECTED and not review.content_drafts.filter(
            status__in=ContentDraft.OPEN).exists():
        target = Review.AnswerStatus.NONE
    else:
        return
    Review.objects.filter(pk=review.pk, answer_status__in=MOVABLE).update(answer_status=target)
