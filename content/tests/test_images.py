from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from content.images import image_compose
from content.models import ContentDraft
from content.rules import MARKETPLACES, rules_for
from content.services.approvals import draft_approve
from content.services.images import images_generate
from content.tests.conftest import photo_save


@pytest.mark.parametrize("marketplace", MARKETPLACES)
def test_composed_images_have_each_marketplaces_size_and_aspect(marketplace, make_product, partner_a, ai_level):
    ai_level(partner_a, "balanced")
    product = make_product(partner=partner_a, title="Кружка керамическая красная, 350 мл", brand="AcmeHome",
                           category="Дом и кухня / Посуда", images=[photo_save(), "/media/missing.jpg"])
    draft = images_generate(product=product, marketplace=marketplace, badges=["350 мл"])
    assert draft.status == ContentDraft.Status.DRAFT, draft.problems
    width, height = rules_for(marketplace).image_size
    with default_storage.open(draft.payload["files"][0]) as handle:
        image = Image.open(handle)
        image.load()
    assert image.size == (width, height)
    assert abs(image.width / image.height - rules_for(marketplace).aspect) < 0.001
    assert image.getpixel((width - 2, height - 2)) == (255, 255, 255)  # grey studio background cleaned to white
    red, green, blue = image.getpixel((width // 2 - 20, height // 2))
    assert red > 150 and green < 90 and blue < 90  # the product itself is kept, centred
    assert draft.analysis["unreadable_photos"] and "missing.jpg" in draft.analysis["unreadable_photos"][0]


def test_badges_are_drawn_and_advertising_badges_refused(make_product, partner_a):
    product = make_product(partner=partner_a, brand="AcmeHome", category="Дом и кухня / Посуда",
                           images=[photo_save()])
    photo = Image.open(default_storage.open(product.images[0]))
    plain = image_compose(photo=photo, size=(900, 1200))
    badged = image_compose(photo=photo, size=(900, 1200), badges=["Ручная работа"])
    assert plain.getpixel((40, 40)) == (255, 255, 255) and badged.getpixel((40, 40)) != (255, 255, 255)
    draft = images_generate(product=product, marketplace="wildberries", badges=["Скидка 50%"])
    assert draft.status == ContentDraft.Status.NEEDS_HUMAN and "Badges" in draft.problems[0]


def test_no_photo_needs_a_person_and_approval_adds_images(make_product, partner_a, ai_level, connect_accounts):
    ai_level(partner_a, "balanced")
    connect_accounts(partner_a, "ozon")
    empty = make_product(partner=partner_a, brand="AcmeHome", category="Дом и кухня / Посуда")
    draft = images_generate(product=empty, marketplace="ozon")
    assert draft.status == ContentDraft.Status.NEEDS_HUMAN and "photo" in draft.message
    product = make_product(partner=partner_a, brand="AcmeHome", category="Дом и кухня / Посуда",
                           images=["photos/original.png"])
    photo_save("photos/original.png")
    draft = images_generate(product=product, marketplace="ozon")
    publication = draft_approve(draft=draft, actor=None)
    product.refresh_from_db()
    assert product.images[0] == draft.payload["images"][0] and product.images[1] == "photos/original.png"
    assert publication.status == "pending" and publication.kind == "image"
    # The outbox gets the whole card with the new picture first, as an absolute URL.
    assert publication.intent.kind == "card" and publication.intent.key == product.sku
    assert publication.intent.payload["images"][0].endswith(draft.payload["images"][0])
    assert publication.intent.payload["images"][0].startswith("http")
