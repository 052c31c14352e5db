from __future__ import annotations

import base64
import io
from decimal import Decimal

import pytest
from PIL import Image

from content.models import AICall, ContentDraft
from content.providers.base import AIAuthFailed, AIRateLimited, AITimeout, CardRequest, ProductData
from content.services.cards import card_generate
from content.services.images import images_generate
from content.tests.fake_openai import chat_answer, error_body

GOOD_CARD = {
    "title": "Смартфон Samsung Galaxy A15 4/128 ГБ, чёрный",
    "description": "Смартфон Samsung Galaxy A15 с памятью 128 ГБ и оперативной памятью 4 ГБ. Яркий экран, "
                   "ёмкая батарея и две камеры для повседневной съёмки. В комплекте кабель и документация.",
    "attributes": {"brand": "Samsung", "model": "Galaxy A15", "color": "чёрный"},
    "keywords": ["смартфон samsung", "galaxy a15", "смартфон 128 гб"],
}
REQUEST = CardRequest(product=ProductData(sku="EL-0001", title="Смартфон Samsung Galaxy A15", brand="Samsung",
                                          category="Электроника / Смартфоны"),
                      marketplace="wildberries", language="ru", required_attributes=("brand", "model"))


def test_request_shape_and_card_parsed(fake_openai, openai_provider):
    fake_openai.queue(200, chat_answer(GOOD_CARD))
    result = openai_provider.card_generate(REQUEST)
    sent = fake_openai.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["headers"]["authorization"] == "Bearer sk-test-not-real"
    body = sent["json"]
    assert body["model"] == "gpt-4o-mini" and body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]["content"]
    assert "wildberries" in system and "title 10-60 characters" in system and "Russian" in system
    assert "brand, model" in system and "Galaxy A15" in body["messages"][1]["content"]
    assert result.card.title == GOOD_CARD["title"] and result.usage.input_tokens == 120


def test_401_is_auth_failed_and_the_draft_says_what_to_do(fake_openai, openai_provider, phone):
    fake_openai.queue(401, error_body("Incorrect API key provided", "invalid_api_key"))
    with pytest.raises(AIAuthFailed):
        openai_provider.card_generate(REQUEST)
    fake_openai.queue(401, error_body("Incorrect API key provided", "invalid_api_key"))
    draft = card_generate(product=phone, marketplace="wildberries", provider=openai_provider)
    assert draft.status == ContentDraft.Status.FAILED and "OPENAI_API_KEY" in draft.message
    assert "sk-test" not in draft.message
    call = AICall.objects.get(draft=draft)
    assert (call.ok, call.error_code, call.cost) == (False, "ai_auth_failed", Decimal(0))


def test_429_is_rate_limited_with_retry_after(fake_openai, openai_provider):
    fake_openai.queue(429, error_body("Rate limit reached", "rate_limit_exceeded"), headers={"Retry-After": "7"})
    with pytest.raises(AIRateLimited) as caught:
        openai_provider.card_generate(REQUEST)
    assert caught.value.retry_after == 7.0 and caught.value.retryable


def test_timeout_is_typed(fake_openai, openai_provider):
    openai_provider.client = openai_provider.client.with_options(timeout=0.3)
    fake_openai.queue(200, chat_answer(GOOD_CARD), delay=1.5)
    with pytest.raises(AITimeout):
        openai_provider.card_generate(REQUEST)


def test_rule_breaking_reply_is_retried_with_the_validators_messages(fake_openai, openai_provider, phone, ai_level,
                                                                      partner_a):
    ai_level(partner_a, "balanced")
    bad = {**GOOD_CARD, "title": "СКИДКА! Лучший смартфон Samsung Galaxy A15 4/128 ГБ чёрный, хит сезона 2026"}
    fake_openai.queue(200, chat_answer(bad))
    fake_openai.queue(200, chat_answer(GOOD_CARD))
    draft = card_generate(product=phone, marketplace="wildberries", provider=openai_provider)
    assert draft.status == ContentDraft.Status.DRAFT and draft.attempts == 2
    assert draft.payload["title"] == GOOD_CARD["title"] and draft.problems == []
    retry_messages = fake_openai.requests[1]["json"]["messages"]
    assert "rejected" in retry_messages[-1]["content"] and "at most 60" in retry_messages[-1]["content"]
    # Both calls are billed: 2 x (120 in + 240 out) at the gpt-4o-mini price row.
    assert draft.cost == Decimal("0.000324")


def test_twice_broken_reply_is_queued_for_a_person(fake_openai, openai_provider, phone):
    bad = {**GOOD_CARD, "description": "<div>Лучший!</div>"}
    fake_openai.queue(200, chat_answer(bad))
    fake_openai.queue(200, chat_answer("this is not json"))
    draft = card_generate(product=phone, marketplace="wildberries", provider=openai_provider)
    assert draft.status == ContentDraft.Status.NEEDS_HUMAN and draft.attempts == 2
    assert draft.problems and "a person" in draft.message
    assert not hasattr(draft, "publication") or draft.publication is None


def test_openai_image_is_fitted_to_the_marketplace(fake_openai, openai_provider, phone, ai_level, partner_a):
    ai_level(partner_a, "balanced")
    buffer = io.BytesIO()
    Image.new("RGB", (1024, 1536), (250, 250, 250)).save(buffer, "PNG")
    fake_openai.queue(200, {"created": 1, "data": [{"b64_json": base64.b64encode(buffer.getvalue()).decode()}]})
    draft = images_generate(product=phone, marketplace="uzum", provider=openai_provider)
    assert fake_openai.requests[0]["path"] == "/v1/images/generations"
    assert fake_openai.requests[0]["json"]["size"] == "1024x1536"
    assert draft.status == ContentDraft.Status.DRAFT
    from django.core.files.storage import default_storage
    with default_storage.open(draft.payload["files"][0]) as handle:
        assert Image.open(handle).size == (1080, 1440)
    assert AICall.objects.get(draft=draft, purpose="image").cost == Decimal("0.040000")
