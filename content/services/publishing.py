"""Publish approved content through the marketplaces outbox (marketplaces.sync.outbox).

`publication_create` runs inside the approval's transaction, so the approval, the catalogue
change and the outbox intent commit together or not at all. The sync dispatcher sends the intent
and moves its status; the publication only points at it (its `status` is the intent's).

Cards (and approved images) become a full `ProductCard`-shaped intent keyed by SKU: the outbox
sends only the newest value per key, so every intent must be the whole card, never a patch.
Review replies go through `marketplaces.sync.reviews.review_answer` on the marketplace review
itself, which owns the answer state and writes the intent.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from content.models import ContentDraft, ContentPublication
from content.text import plain_text
from marketplaces.clients.types import ProductCard
from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Intent, IntentKind
from marketplaces.sync.outbox import intent_record
from marketplaces.sync.reviews import review_answer
from partners.models import Product

# Marketplace category ids a card needs, read from product.attributes["marketplace_category"][mp]:
# WB subjectID / YM marketCategoryId go to ProductCard.category_id; Ozon wants
# description_category_id and type_id inside attributes (see the Ozon mapper).
CATEGORY_KEY = "marketplace_category"
NOT_SENT_ATTRIBUTES = ("seo_keywords", CATEGORY_KEY)


def account_for(*, partner_id: int, marketplace: str) -> MarketplaceAccount | None:
    """The account to publish to: the live one if connected, else the sandbox one."""
    return (MarketplaceAccount.objects.filter(partner_id=partner_id, marketplace=marketplace)
            .exclude(status=MarketplaceAccount.Status.DISABLED).order_by("is_sandbox", "id").first())


def _absolute(url: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + url if url.startswith("/") else url


def _category(product: Product, marketplace: str) -> dict[str, Any]:
    value = ((product.attributes or {}).get(CATEGORY_KEY) or {}).get(marketplace)
    return value if isinstance(value, dict) else ({"category_id": value} if value else {})


def card_payload(*, product: Product, marketplace: str, title: str = "", description: str = "",
                 attributes: dict | None = None, images: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe dict with exactly ProductCard's fields (`ProductCard(**payload)` rebuilds it)."""
    category = _category(product, marketplace)
    attrs = {k: v for k, v in (product.attributes or {}).items() if k not in NOT_SENT_ATTRIBUTES}
    attrs.update(attributes or {})
    attrs.update({k: v for k, v in category.items() if k != "category_id"})
    card = ProductCard(
        sku=product.sku, title=(title or product.title), description=plain_text(description or product.description),
        brand=product.brand, category_id=category.get("category_id"), barcode=product.barcode,
        price=None, currency=product.currency, weight_g=product.weight_g, length_mm=product.length_mm,
        width_mm=product.width_mm, height_mm=product.height_mm,
        images=[_absolute(u) for u in (images if images is not None else product.images or [])], attributes=attrs)
    payload = asdict(card)
    payload["price"] = str(product.price)  # Decimal is not JSON; ProductCard takes it back as Decimal(str)
    return payload


def _last_card(*, account: MarketplaceAccount, sku: str) -> dict[str, Any] | None:
    intent = (Intent.objects.filter(account=account, kind=IntentKind.CARD, key=sku)
              .exclude(status=Intent.Status.FAILED).order_by("-id").first())
    return dict(intent.payload) if intent else None


def _card_intent(*, draft: ContentDraft, account: MarketplaceAccount) -> Intent:
    product, data = draft.product, draft.payload or {}
    if draft.kind == ContentDraft.Kind.CARD:
        payload = card_payload(product=product, marketplace=draft.marketplace, title=data.get("title", ""),
                               description=data.get("description", ""), attributes=data.get("attributes") or {})
    else:  # images: keep the marketplace's current card text, replace the pictures
        # Sign afresh from the stored file names: a signed S3 URL saved with the draft may have expired.
        fresh = [default_storage.url(name) for name in data.get("files") or []]
        images = [_absolute(u) for u in fresh or data.get("images") or []]
        payload = _last_card(account=account, sku=product.sku) or card_payload(product=product,
                                                                               marketplace=draft.marketplace)
        payload["images"] = list(dict.fromkeys([*images, *payload.get("images", [])]))
    return intent_record(account=account, kind=IntentKind.CARD, key=product.sku, payload=payload)


def _reply_intent(*, draft: ContentDraft, actor: Any) -> tuple[MarketplaceAccount, Intent | None]:
    review = draft.review
    review_answer(review=review, text=(draft.payload or {}).get("text", ""), actor=actor)  # writes the intent
    intent = (Intent.objects.filter(account_id=review.account_id, kind=IntentKind.REVIEW_ANSWER, key=review.external_id)
              .order_by("-id").first())
    return review.account, intent


def publication_create(*, draft: ContentDraft, actor: Any = None) -> ContentPublication:
    """Call inside the approval's transaction. A ValidationError from the outbox side (e.g. an
    answer too long for the marketplace) rolls the whole approval back and reaches the partner."""
    account, intent, message = None, None, ""
    if draft.kind == ContentDraft.Kind.REVIEW_REPLY:
        account, intent = _reply_intent(draft=draft, actor=actor)
    else:
        account = account_for(partner_id=draft.partner_id, marketplace=draft.marketplace)
        if account is None:
            message = _("Not sent: connect your %(mp)s account, then approve a new version of this card.") % {
                "mp": draft.get_marketplace_display()}
        else:
            intent = _card_intent(draft=draft, account=account)
    return ContentPublication.objects.create(
        partner=draft.partner, draft=draft, kind=draft.kind, marketplace=draft.marketplace, product=draft.product,
        review=draft.review, account=account, intent=intent, payload=intent.payload if intent else draft.payload,
        message=message)
