"""End to end before the dispatcher lands: an approved AI card's outbox payload, sent by the real
marketplace client over HTTP to the sandbox, is accepted and reads back with the AI's text.

Like marketplaces/tests, these run outside a test transaction (the sandbox server thread must see
committed rows), so every row is created under a fresh partner."""
from __future__ import annotations

from decimal import Decimal

import pytest

from content.models import AISettings
from content.services.approvals import draft_approve
from content.services.cards import card_generate
from marketplaces.clients.selector import client_for_account
from marketplaces.clients.types import ProductCard
from marketplaces.sandbox.models import SandboxCard
from marketplaces.tests.conftest import (SCALE, _close_pooled_sessions, connect, sandbox,  # noqa: F401
                                        sandbox_url)
from partners.models import Product

CATEGORY = {"wildberries": 2001, "yandex_market": 15678123,
            "ozon": {"description_category_id": 17028922, "type_id": 92842}}
VENDOR = {"wb": "wildberries", "ozon": "ozon", "ym": "yandex_market"}


@pytest.mark.parametrize("vendor", ["wb", "ozon", "ym"])
def test_card_intent_payload_is_accepted_by_the_real_client(vendor, sandbox):  # noqa: F811
    ours, acc = connect(sandbox, vendor, demo_cards=0)
    marketplace = VENDOR[vendor]
    AISettings.objects.create(partner=ours.partner, automation_level="balanced", language="ru")
    product = Product.objects.create(
        partner=ours.partner, sku=f"AI-{vendor.upper()}-1", title="Смартфон Samsung Galaxy A15 4/128 ГБ, чёрный",
        brand="Samsung", category="Электроника / Смартфоны", barcode="4600000012345", price=Decimal("2499000.00"),
        description="Смартфон с ярким экраном и ёмкой батареей.", weight_g=200, length_mm=170, width_mm=85,
        height_mm=20, images=["https://cdn.example/a15.jpg"],
        attributes={"model": "Galaxy A15", "color": "чёрный", "marketplace_category": {marketplace: CATEGORY[marketplace]}})
    draft = card_generate(product=product, marketplace=marketplace)
    publication = draft_approve(draft=draft)
    payload = publication.intent.payload
    card = ProductCard(**{**payload, "price": Decimal(payload["price"])})

    result = client_for_account(ours, time_scale=SCALE).cards_upsert([card])

    assert result.ok, [(i.code, i.message) for i in result.failed]
    stored = SandboxCard.objects.get(account_id=acc.id, offer_id=product.sku)
    assert stored.title == draft.payload["title"] and stored.status == SandboxCard.Status.READY
    assert payload["description"][:60] in str(stored.data)  # the AI's description reached the marketplace
    if vendor == "ozon":  # Ozon carries the description as attribute 4191 ("Аннотация")
        assert {"id": 4191, "complex_id": 0, "values": [{"dictionary_value_id": 0, "value": payload["description"]}]} \
            in stored.data["attributes"]


def test_approved_card_and_auto_published_answer_reach_the_sandbox_through_the_dispatcher(sandbox):  # noqa: F811
    """The whole path: Maximum level publishes, the sync dispatcher sends the outbox intents with
    the real client, and each publication's status follows its intent to `sent`."""
    from marketplaces.sync.dispatch import intents_push
    from marketplaces.sync.models import Review as SyncReview
    from content.services.replies import review_reply_generate

    ours, acc = connect(sandbox, "wb", demo_cards=1, generate=6)
    AISettings.objects.create(partner=ours.partner, automation_level="maximum", language="ru")
    product = Product.objects.create(
        partner=ours.partner, sku="AI-E2E-1", title="Чайник электрический Artel ART-KE 1505, 1,7 л", brand="Artel",
        category="Бытовая техника / Чайники", price=Decimal("349000"), weight_g=1100, length_mm=220, width_mm=160,
        height_mm=250, attributes={"marketplace_category": {"wildberries": 2001}})
    card_draft = card_generate(product=product, marketplace="wildberries")
    [incoming] = client_for_account(ours, time_scale=SCALE).reviews_list()[:1]
    review = SyncReview.objects.create(partner=ours.partner, account=ours, external_id=incoming.id,
                                       sku=incoming.sku, rating=incoming.rating, text=incoming.text or "Хорошо",
                                       author=incoming.author)
    reply_draft = review_reply_generate(review=review)
    assert card_draft.status == reply_draft.status == "approved"  # Maximum: AI publishes

    assert intents_push(account_id=ours.pk, kind="card")["sent"] == 1
    assert intents_push(account_id=ours.pk, kind="review_answer")["sent"] == 1

    card_draft.publication.refresh_from_db()
    reply_draft.publication.refresh_from_db()
    assert card_draft.publication.status == reply_draft.publication.status == "sent"
    stored = SandboxCard.objects.get(account_id=acc.id, offer_id=product.sku)
    assert stored.title == card_draft.payload["title"]
    review.refresh_from_db()
    assert review.answer_status == "sent"
    assert incoming.id not in {r.id for r in client_for_account(ours, time_scale=SCALE).reviews_list()}
