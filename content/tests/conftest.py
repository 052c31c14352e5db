from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from content.models import AISettings
from content.providers.openai_provider import OpenAIProvider
from content.tests.fake_openai import FakeOpenAI


@pytest.fixture
def fake_openai():
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def openai_provider(fake_openai):
    return OpenAIProvider(api_key="sk-test-not-real", base_url=fake_openai.base_url, timeout=2.0, max_retries=0)


@pytest.fixture(autouse=True)
def no_outbox_push(settings):
    """Content tests check what is queued in the outbox; sending it is the sync dispatcher's job
    (marketplaces/sync tests). The sandbox test sends a queued payload with the real client itself."""
    settings.SYNC_AUTOPUSH = False


@pytest.fixture(autouse=True)
def media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def ai_level():
    def set_level(partner, level: str, **fields) -> AISettings:
        ai, _ = AISettings.objects.get_or_create(partner=partner)
        ai.automation_level = level
        for name, value in fields.items():
            setattr(ai, name, value)
        ai.save()
        return ai

    return set_level


@pytest.fixture
def phone(make_product, partner_a):
    return make_product(partner=partner_a, sku="EL-0001", title="Смартфон Samsung Galaxy A15 4/128 ГБ, чёрный",
                        brand="Samsung", category="Электроника / Смартфоны",
                        description="Смартфон с ярким экраном и ёмкой батареей.",
                        attributes={"memory_gb": 128, "ram_gb": 4, "color": "чёрный"}, weight_g=200,
                        length_mm=170, width_mm=85, height_mm=20)


def photo_save(name: str = "photos/mug.png", *, size=(640, 480), bg=(236, 236, 236), fg=(200, 30, 30)) -> str:
    """A product photo: a red 'mug' on a light-grey studio background, saved to media storage."""
    image = Image.new("RGB", size, bg)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle((w * 0.35, h * 0.25, w * 0.6, h * 0.8), fill=fg)
    draw.ellipse((w * 0.58, h * 0.4, w * 0.7, h * 0.6), outline=fg, width=12)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


@pytest.fixture
def connect_accounts(db):
    """Marketplace account rows for a partner (no HTTP): where approved content is queued to."""
    from marketplaces.models import MarketplaceAccount

    def connect(partner, *marketplaces: str) -> list[MarketplaceAccount]:
        return [MarketplaceAccount.objects.get_or_create(
            partner=partner, marketplace=mp, is_sandbox=True,
            defaults={"base_url": f"http://127.0.0.1:9/sandbox/{mp}"})[0] for mp in marketplaces]

    return connect


@pytest.fixture
def make_review(connect_accounts):
    """A review as marketplace sync pulls it (marketplaces.sync.models.Review) on a connected account."""
    import itertools

    from marketplaces.sync.models import Review

    seq = itertools.count(1)

    def make(*, partner, marketplace: str = "wildberries", text: str, rating: int | None = None, author: str = "",
             product=None, external_id: str = "", **extra) -> Review:
        [account] = connect_accounts(partner, marketplace)
        return Review.objects.create(partner=partner, account=account, external_id=external_id or f"fb-{next(seq)}",
                                     product=product, sku=product.sku if product else "", rating=rating, text=text,
                                     author=author, **extra)

    return make
