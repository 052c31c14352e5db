"""Review replies: detect sentiment, topics and language, then answer politely and specifically,
never promising refunds or compensation unless the partner's policy allows it."""
from __future__ import annotations

from typing import Any

from content.models import ContentDraft, Purpose, Review
from content.providers import provider_get
from content.providers.base import AIError, AIProvider, ReplyRequest
from content.services.attempts import attempts_run, failure_apply, outcome_apply
from content.services.costs import BudgetExhausted, ai_settings_for
from content.text import detect_language, review_sentiment, review_topics
from content.validation import reply_problems


def review_analyse(*, review: Review) -> dict[str, Any]:
    return {"sentiment": review_sentiment(text=review.text, rating=review.rating),
            "topics": review_topics(review.text), "language": detect_language(review.text)}


def review_reply_generate(*, review: Review, actor: Any = None, provider: AIProvider | None = None) -> ContentDraft:
    from content.services.approvals import draft_auto_approve

    provider = provider or provider_get()
    ai = ai_settings_for(partner=review.partner)
    analysis = review_analyse(review=review)
    language = analysis["language"]  # the customer's language, not the partner's
    draft = ContentDraft.objects.create(
        partner=review.partner, kind=ContentDraft.Kind.REVIEW_REPLY, review=review, product=review.product,
        marketplace=review.marketplace, language=language, status=ContentDraft.Status.DRAFT, analysis=analysis,
        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    product_title = review.product.title if review.product else ""

    def build(fix: tuple[str, ...]) -> ReplyRequest:
        return ReplyRequest(text=review.text, rating=review.rating, language=language, product_title=product_title,
                            refunds_allowed=ai.refunds_allowed, sentiment=analysis["sentiment"],
                            topics=tuple(analysis["topics"]), author=review.author, fix_messages=fix)

    def check(result) -> list[str]:
        return reply_problems(text=result.text, marketplace=review.marketplace, language=language,
                              refunds_allowed=ai.refunds_allowed, review_text=review.text)

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
    return draft
