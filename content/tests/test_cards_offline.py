from __future__ import annotations

import pytest

from content.demo import demo_variants
from content.models import ContentDraft, ContentPublication
from content.providers.base import Card, CardRequest
from content.providers.offline import OfflineProvider
from content.rules import MARKETPLACES, forbidden_found
from content.services.cards import card_generate, cards_preview, product_data
from content.validation import card_problems


@pytest.mark.parametrize("marketplace", MARKETPLACES)
def test_offline_cards_for_1000_demo_products_pass_and_titles_unique(marketplace):
    products = demo_variants(1000)
    results = cards_preview(products=products, marketplace=marketplace, language="ru", provider=OfflineProvider())
    failing = [(p.sku, problems) for p, (_card, problems) in zip(products, results) if problems]
    assert failing == []
    titles = [card.title.lower() for card, _ in results]
    assert len(set(titles)) == 1000
    assert all(len(card.keywords) >= 3 and card.attributes["brand"] for card, _ in results)


@pytest.mark.parametrize("language", ["ru", "uz", "en"])
def test_offline_cards_in_each_language_pass_for_all_marketplaces(language):
    products = demo_variants(40)
    for marketplace in MARKETPLACES:
        results = cards_preview(products=products, marketplace=marketplace, language=language,
                                provider=OfflineProvider())
        assert [problems for _, problems in results if problems] == []
    card = OfflineProvider().card_generate(CardRequest(product=products[0], marketplace="ozon", language=language)).card
    expected = {"ru": "Характеристики", "uz": "Xususiyatlari", "en": "Specifications"}[language]
    assert expected in card.description
    assert "Samsung" in card.title and "128" in card.description  # built from the product's own data


def test_offline_card_drops_advertising_the_partner_typed(make_product, partner_a):
    product = make_product(partner=partner_a, title="Чайник Artel, скидка, лучший выбор", brand="Artel",
                           category="Бытовая техника / Чайники", description="Распродажа! Объём 1,7 л.")
    card = OfflineProvider().card_generate(CardRequest(product=product_data(product), marketplace="wildberries",
                                                       language="ru")).card
    assert forbidden_found(card.title + card.description) == []
    assert card_problems(card=card, marketplace="wildberries", category=product.category) == []


def test_validator_says_what_to_fix():
    card = Card(title="СКИДКА! Лучший смартфон " + "x" * 60, description="<div>Коротко</div>",
                attributes={}, keywords=["a"])
    problems = " ".join(card_problems(card=card, marketplace="wildberries", category="Одежда / Женская"))
    for fragment in ("at most 60", "Remove HTML tags", "div", "скидк", "лучш", "brand", "size", "at least 3",
                     "too short"):
        assert fragment in problems


def test_card_generate_balanced_makes_a_draft_and_keeps_titles_unique(phone, make_product, partner_a, ai_level):
    ai_level(partner_a, "balanced")
    twin = make_product(partner=partner_a, sku="EL-0001-B", title=phone.title, brand="Samsung",
                        category=phone.category, attributes=phone.attributes, weight_g=200)
    first = card_generate(product=phone, marketplace="wildberries")
    second = card_generate(product=twin, marketplace="wildberries")
    assert first.status == second.status == ContentDraft.Status.DRAFT
    assert first.payload["title"].lower() != second.payload["title"].lower()
    assert "арт. EL-0001-B" in second.payload["title"] and len(second.payload["title"]) <= 60
    assert first.calls.count() == 1 and ContentPublication.objects.count() == 0
