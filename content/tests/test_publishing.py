"""Approved content leaves through the marketplaces outbox: the intent is written in the approval's
transaction, its payload is a ProductCard, and the publication's status is the intent's."""
from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from content.models import ContentDraft, ContentPublication
from content.services.approvals import draft_approve
from content.services.cards import card_generate
from content.services.replies import review_reply_generate
from marketplaces.clients.types import ProductCard
from marketplaces.sync.models import Intent
from marketplaces.sync.outbox import intents_claim, intents_fail, intents_mark_sent


def card_from(payload: dict) -> ProductCard:
    """What the dispatcher does with a card intent: the payload has exactly ProductCard's fields."""
    return ProductCard(**{**payload, "price": Decimal(payload["price"]) if payload["price"] is not None else None})


def test_card_approval_queues_a_full_product_card_keyed_by_sku(phone, partner_a, ai_level, connect_accounts):
    ai_level(partner_a, "balanced")
    [account] = connect_accounts(partner_a, "wildberries")
    draft = card_generate(product=phone, marketplace="wildberries")
    publication = draft_approve(draft=draft)
    intent = publication.intent
    assert (intent.account, intent.kind, intent.key, intent.status) == (account, "card", phone.sku, "pending")
    assert set(intent.payload) == {f.name for f in fields(ProductCard)}
    card = card_from(intent.payload)
    assert card.title == draft.payload["title"] and card.brand == "Samsung" and card.price == phone.price
    assert "<" not in card.description and card.weight_g == 200 and card.attributes["brand"] == "Samsung"
    assert "seo_keywords" not in card.attributes  # our own bookkeeping never reaches a marketplace
    assert publication.account == account and publication.payload == intent.payload


def test_publication_status_is_the_intents_status(phone, partner_a, ai_level, connect_accounts):
    ai_level(partner_a, "balanced")
    [account] = connect_accounts(partner_a, "ozon")
    first = draft_approve(draft=card_generate(product=phone, marketplace="ozon"))
    second = draft_approve(draft=card_generate(product=phone, marketplace="ozon"))
    [claimed] = intents_claim(account=account, kind="card")  # the newest value per SKU wins
    assert claimed == second.intent
    intents_mark_sent(account=account, kind="card", intents=[claimed])
    statuses = {p.pk: p.status for p in ContentPublication.objects.select_related("intent")}
    assert statuses == {first.pk: "superseded", second.pk: "sent"}
    third = draft_approve(draft=card_generate(product=phone, marketplace="ozon"))
    intents_fail(intents=[third.intent])
    third.refresh_from_db()
    assert third.status == "failed" and third.get_status_display() == "Failed"


def test_an_error_after_the_publication_rolls_back_intent_and_publication(phone, partner_a, ai_level,
                                                                           connect_accounts):
    ai_level(partner_a, "balanced")
    connect_accounts(partner_a, "wildberries")
    draft = card_generate(product=phone, marketplace="wildberries")
    title_before = phone.title
    with pytest.raises(RuntimeError), transaction.atomic():
        publication = draft_approve(draft=draft)
        assert Intent.objects.filter(pk=publication.intent_id).exists()  # written inside the transaction
        raise RuntimeError("crash after the publication, before commit")
    phone.refresh_from_db()
    draft.refresh_from_db()
    assert not Intent.objects.exists() and not ContentPublication.objects.exists()
    assert draft.status == ContentDraft.Status.DRAFT and phone.title == title_before


def test_refused_answer_rolls_back_the_whole_approval(partner_a, ai_level, make_review):
    ai_level(partner_a, "balanced")
    review = make_review(partner=partner_a, marketplace="wildberries", rating=5, text="Хороший чайник")
    draft = review_reply_generate(review=review)
    ContentDraft.objects.filter(pk=draft.pk).update(payload={"text": "Спасибо за отзыв! " * 70})  # > 1000 chars
    with pytest.raises(ValidationError, match="at most 1000 characters"):
        draft_approve(draft=draft)
    draft.refresh_from_db()
    review.refresh_from_db()
    assert draft.status == ContentDraft.Status.DRAFT and review.answer_status == "draft" and not review.answer_text
    assert not Intent.objects.exists() and not ContentPublication.objects.exists()


def test_no_connected_account_is_said_and_nothing_is_queued(phone, partner_a, partner_b, ai_level, connect_accounts):
    ai_level(partner_a, "balanced")
    connect_accounts(partner_b, "uzum")  # another partner's account is never used
    publication = draft_approve(draft=card_generate(product=phone, marketplace="uzum"))
    assert publication.intent is None and publication.status == "not_sent"
    assert "connect your Uzum Market account" in publication.message and not Intent.objects.exists()
