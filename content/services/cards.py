"""Product cards: build the request from the product, run the provider with one retry, keep titles
unique within the partner, and queue the result according to the automation level."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from content import lexicon
from content.models import ContentDraft, Purpose
from content.providers import provider_get
from content.providers.base import AIError, AIProvider, Card, CardRequest, ProductData
from content.rules import required_attributes, rules_for
from content.services.attempts import attempts_run, failure_apply, outcome_apply
from content.services.costs import BudgetExhausted, ai_settings_for
from content.validation import card_problems
from partners.models import Product


def product_data(product: Product) -> ProductData:
    return ProductData(sku=product.sku, title=product.title, description=product.description,
                       category=product.category, brand=product.brand, attributes=dict(product.attributes or {}),
                       weight_g=product.weight_g,
                       dimensions_mm=(product.length_mm, product.width_mm, product.height_mm))


def title_make_unique(*, title: str, sku: str, taken: set[str], limit: int, article_word: str = "art.") -> str:
    """Append the seller's article to a title another product already uses (shortening it to fit)."""
    if title.lower() not in taken:
        return title
    suffix = f", {article_word} {sku}"
    head = title[: max(0, limit - len(suffix))].rstrip(" ,")
    return f"{head}{suffix}"


def titles_taken(*, product: Product, marketplace: str) -> set[str]:
    """Titles other products of this partner use now or in open/approved cards for this marketplace."""
    current = Product.objects.filter(partner=product.partner).exclude(pk=product.pk).values_list("title", flat=True)
    drafted = (ContentDraft.objects.filter(partner=product.partner, kind=ContentDraft.Kind.CARD, marketplace=marketplace,
                                           status__in=[*ContentDraft.OPEN, ContentDraft.Status.APPROVED])
               .exclude(product=product).values_list("payload__title", flat=True))
    return {t.lower() for t in [*current, *drafted] if isinstance(t, str)}


def cards_preview(*, products: Iterable[ProductData], marketplace: str, language: str,
                  provider: AIProvider) -> list[tuple[Card, list[str]]]:
    """Cards without the database (bench, previews): generate, make titles unique, validate."""
    rules, taken, out = rules_for(marketplace), set(), []
    for data in products:
        card = provider.card_generate(CardRequest(product=data, marketplace=marketplace, language=language)).card
        card.title = title_make_unique(title=card.title, sku=data.sku, taken=taken, limit=rules.title_max,
                                       article_word=lexicon.TEXT[language]["article"])
        taken.add(card.title.lower())
        out.append((card, card_problems(card=card, marketplace=marketplace, category=data.category)))
    return out


def card_generate(*, product: Product, marketplace: str, actor: Any = None, provider: AIProvider | None = None,
                  taken: set[str] | None = None) -> ContentDraft:
    """Generate one card and queue it: suggestion, draft, auto-approved, needs a person, or waiting."""
    from content.services.approvals import draft_auto_approve  # approvals imports cards' helpers

    provider = provider or provider_get()
    ai = ai_settings_for(partner=product.partner)
    rules = rules_for(marketplace)
    required = required_attributes(marketplace=marketplace, category=product.category)
    draft = ContentDraft.objects.create(partner=product.partner, kind=ContentDraft.Kind.CARD, product=product,
                                        marketplace=marketplace, language=ai.language,
                                        status=ContentDraft.Status.DRAFT, created_by=_user(actor))
    taken = taken if taken is not None else titles_taken(product=product, marketplace=marketplace)
    data = product_data(product)

    def build(fix: tuple[str, ...]) -> CardRequest:
        return CardRequest(product=data, marketplace=marketplace, language=ai.language,
                           required_attributes=required, fix_messages=fix)

    def check(result) -> list[str]:
        card = result.card
        card.title = title_make_unique(title=card.title.strip(), sku=product.sku, taken=taken, limit=rules.title_max,
                                       article_word=lexicon.TEXT[ai.language]["article"])
        return card_problems(card=card, marketplace=marketplace, category=product.category)

    try:
        result, problems = attempts_run(draft=draft, provider=provider, purpose=Purpose.CARD, build=build,
                                        invoke=provider.card_generate, check=check)
    except (AIError, BudgetExhausted) as exc:
        failure_apply(draft=draft, exc=exc)
        draft.save()
        return draft
    payload = result.card.as_dict() if result is not None else {}
    approve_now = outcome_apply(draft=draft, problems=problems, level=ai.automation_level, payload=payload)
    draft.save()
    if payload.get("title"):
        taken.add(payload["title"].lower())
    if approve_now:
        draft_auto_approve(draft=draft, actor=actor)
    return draft


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
