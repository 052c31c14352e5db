from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from django.core.exceptions import ValidationError

from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Intent, Review
from marketplaces.sync.reviews import review_answer, reviews_import


@dataclass
class Incoming:
    external_id: str
    sku: str = "TEA"
    rating: int = 5
    text: str = "Great tea, fast delivery"
    author: str = "Dilnoza"
    written_at: datetime = datetime(2026, 11, 20, tzinfo=timezone.utc)


@pytest.fixture
def account(partner_a, make_product):
    make_product(partner=partner_a, sku="TEA")
    return MarketplaceAccount.objects.create(partner=partner_a, marketplace="wildberries", credentials={})


def test_pulling_twice_creates_no_duplicates_and_maps_product(account):
    batch = [Incoming("R1"), Incoming("R2", sku="NOPE")]
    assert reviews_import(account=account, reviews=batch) == {"created": 2, "existing": 0}
    assert reviews_import(account=account, reviews=batch) == {"created": 0, "existing": 2}
    assert Review.objects.get(external_id="R1").product.sku == "TEA"
    assert Review.objects.get(external_id="R2").product is None


def test_answer_by_hand_goes_through_outbox_once(account, user_a):
    reviews_import(account=account, reviews=[Incoming("R1")])
    review = review_answer(review=Review.objects.get(), text="  Thank you, Dilnoza!  ", actor=user_a)
    assert review.answer_status == "queued" and review.answer_text == "Thank you, Dilnoza!"
    intent = Intent.objects.get(kind="review_answer")
    assert intent.payload == {"review_id": "R1", "text": "Thank you, Dilnoza!"}
    Review.objects.filter(pk=review.pk).update(answer_status="sent")
    with pytest.raises(ValidationError, match="already been answered"):
        review_answer(review=review, text="again")


@pytest.mark.parametrize("text, message", [("   ", "Write an answer"), ("x" * 1001, "at most 1000")])
def test_bad_answers_are_refused_and_nothing_is_queued(account, text, message):
    reviews_import(account=account, reviews=[Incoming("R1")])
    with pytest.raises(ValidationError, match=message):
        review_answer(review=Review.objects.get(), text=text)
    assert not Intent.objects.exists() and Review.objects.get().answer_status == "none"
