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
    if vendor != "ozon":  # the Ozon mapper sends no description/annotation yet (reported to the lead)
        assert payload["description"][:60] in str(stored.data)  # the AI's description reached the marketplace
