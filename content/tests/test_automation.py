from __future__ import annotations

import pytest

from content.models import ContentDraft, ContentPublication
from marketplaces.sync.models import Intent
from content.rules import forbidden_found
from content.services.replies import review_reply_generate
from content.validation import _REFUND_RE

REVIEW_RU = "Пришёл с опозданием на неделю, и коробка была помята. Сам чайник работает."


@pytest.mark.parametrize("level, status, published", [
    ("minimal", ContentDraft.Status.SUGGESTED, False),
    ("balanced", ContentDraft.Status.DRAFT, False),
    ("maximum", ContentDraft.Status.APPROVED, True),
])
def test_same_review_suggestion_draft_or_published_answer(level, status, published, partner_a, ai_level, phone,
                                                          make_review):
    ai_level(partner_a, level)
    review = make_review(partner=partner_a, marketplace="wildberries", external_id="fb-77", product=phone, rating=2,
                         author="Дилноза", text=REVIEW_RU)
    account = review.account
    draft = review_reply_generate(review=review)
    assert draft.status == status
    assert draft.analysis["sentiment"] == "negative" and {"delivery", "packaging"} <= set(draft.analysis["topics"])
    text = draft.payload["text"]
    assert "Дилноза" in text and "доставк" in text and "упаковк" in text  # specific to what was written
    assert not _REFUND_RE.search(text) and not forbidden_found(text)
    publication = ContentPublication.objects.filter(draft=draft).first()
    assert (publication is not None) == published
    intents = Intent.objects.filter(account=account, kind="review_answer")
    review.refresh_from_db()
    if published:  # through the outbox: sync's review_answer queued the intent in the same transaction
        assert publication.status == "pending" and publication.kind == "review_reply"
        assert publication.review_id == review.pk and publication.payload["text"] == text
        [intent] = intents
        assert publication.intent == intent and intent.key == "fb-77" and intent.payload == {
            "review_id": "fb-77", "text": text}
        assert review.answer_status == "queued" and review.answer_text == text
        Intent.objects.filter(pk=intent.pk).update(status="sent")  # what the dispatcher does
        assert ContentPublication.objects.get(pk=publication.pk).status == "sent"
    else:  # the marketplace review shows where the AI answer waits
        assert not intents.exists() and review.answer_status == {"minimal": "suggested", "balanced": "draft"}[level]


def test_refunds_offered_only_when_policy_allows(partner_a, ai_level, make_review):
    review = make_review(partner=partner_a, marketplace="ozon", rating=1, text="Товар пришёл сломанный, брак.")
    ai_level(partner_a, "balanced", refunds_allowed=False)
    assert not _REFUND_RE.search(review_reply_generate(review=review).payload["text"])
    ai_level(partner_a, "balanced", refunds_allowed=True)
    assert "возврат" in review_reply_generate(review=review).payload["text"]


@pytest.mark.parametrize("text, language, word", [
    ("Juda yaxshi mahsulot, tez yetkazib berishdi, rahmat!", "uz", "Rahmat"),
    ("Great kettle, fast delivery, thanks!", "en", "Thank you"),
])
def test_reply_in_the_customers_language(text, language, word, partner_a, ai_level, make_review):
    ai_level(partner_a, "balanced", language="ru")
    review = make_review(partner=partner_a, marketplace="uzum", rating=5, text=text)
    draft = review_reply_generate(review=review)
    assert draft.language == language and draft.analysis["sentiment"] == "positive"
    assert word.lower() in draft.payload["text"].lower() and draft.status == ContentDraft.Status.DRAFT
