"""Card rules per marketplace: lengths, HTML, required attributes, forbidden words, image size.

Sources: /work/shared/marketplaces/*.md (marks as there). Where those notes are silent the value
is a conservative reading of the marketplaces' public seller guides and is marked [unconfirmed];
keep these numbers in one place so a correction is a one-line change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MARKETPLACES = ("wildberries", "ozon", "yandex_market", "uzum")
MARKETPLACE_CHOICES = [
    ("wildberries", "Wildberries"), ("ozon", "Ozon"), ("yandex_market", "Yandex Market"), ("uzum", "Uzum Market"),
]
LANGUAGES = ("ru", "uz", "en")
LANGUAGE_CHOICES = [("ru", _("Russian")), ("uz", _("Uzbek (Latin)")), ("en", _("English"))]


@dataclass(frozen=True)
class MarketplaceRules:
    code: str
    title_max: int
    description_max: int
    html_tags: frozenset[str]          # tags allowed in the description; empty = plain text only
    image_size: tuple[int, int]        # (width, height) we render; aspect follows
    reply_max: int
    title_min: int = 10
    description_min: int = 100
    keywords_min: int = 3
    keywords_max: int = 30
    required_base: tuple[str, ...] = ("brand",)
    extra_required: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def aspect(self) -> float:
        return self.image_size[0] / self.image_size[1]


RULES: dict[str, MarketplaceRules] = {
    # WB: title <= 60 and description <= 5000 plain text [seller guide, unconfirmed in our notes];
    # photos >= 700x900, 3:4 [doc, wildberries.md §media]. Feedback answers <= 5000 [unconfirmed].
    "wildberries": MarketplaceRules("wildberries", title_max=60, description_max=5000, html_tags=frozenset(),
                                    image_size=(900, 1200), reply_max=5000),
    # Ozon: name <= 200 [seller guide], annotation <= 6000 with a few formatting tags [unconfirmed];
    # 3:4 photos 900x1200 recommended. Ozon wants the product type as an attribute (type_id).
    "ozon": MarketplaceRules("ozon", title_max=200, description_max=6000,
                             html_tags=frozenset({"br", "p", "ul", "li", "b"}), image_size=(900, 1200),
                             reply_max=3000, required_base=("brand", "type")),
    # Yandex Market: name <= 256, description <= 6000 [spec, yandex_market.md]; simple tags allowed
    # [unconfirmed]; square pictures [unconfirmed]; review comment 1..4096 [spec]. `vendor` required.
    "yandex_market": MarketplaceRules("yandex_market", title_max=256, description_max=6000,
                                      html_tags=frozenset({"br", "p", "ul", "ol", "li"}), image_size=(1000, 1000),
                                      reply_max=4096, required_base=("brand", "vendor")),
    # Uzum: cabinet card, title and description plain text; 1080x1440 (3:4) photos [unconfirmed].
    "uzum": MarketplaceRules("uzum", title_max=90, description_max=5000, html_tags=frozenset(),
                             image_size=(1080, 1440), reply_max=1000),
}

# Category group -> card attributes every marketplace expects for it. Group is found by words in
# the partner's category path ("Одежда / Женская", "Clothing", "Kiyim").
CATEGORY_GROUPS: dict[str, tuple[str, ...]] = {
    "clothing": ("одежд", "clothing", "apparel", "kiyim"),
    "shoes": ("обув", "shoes", "footwear", "poyabzal"),
    "food": ("продукт", "food", "grocery", "oziq"),
    "beauty": ("красот", "beauty", "cosmetic", "kosmetika", "go'zallik"),
    "electronics": ("электрон", "electronic", "elektronika"),
}
REQUIRED_BY_GROUP: dict[str, tuple[str, ...]] = {
    "clothing": ("size",),
    "shoes": ("size",),
    "food": ("net_weight_g",),
    "beauty": ("volume_ml",),
    "electronics": ("model",),
}

# Words and claims marketplaces reject in cards (advertising, superlatives, medical claims,
# price talk). Stems, matched case-insensitively at a word start.
FORBIDDEN_STEMS: tuple[str, ...] = (
    # ru
    "скидк", "распродаж", "акци", "лучш", "самый дешев", "дешевле всех", "хит продаж", "топ продаж",
    "№1", "номер один", "оригинал 100", "гарантия 100", "лечит", "вылечи", "излечи", "бесплатн",
    # uz
    "chegirma", "aksiya", "eng yaxshi", "eng arzon", "bepul", "davolaydi",
    # en
    "sale", "discount", "best ", "best-", "cheapest", "#1", "number one", "cures", "free shipping", "100% guarantee",
)
_FORBIDDEN_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(stem) for stem in FORBIDDEN_STEMS) + ")",
                           re.IGNORECASE)
_TAG_RE = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>")


def rules_for(marketplace: str) -> MarketplaceRules:
    try:
        return RULES[marketplace]
    except KeyError as exc:
        raise ValueError(f"Unknown marketplace {marketplace!r}; expected one of {', '.join(MARKETPLACES)}.") from exc


def category_group(category: str) -> str:
    lowered = (category or "").lower()
    for group, words in CATEGORY_GROUPS.items():
        if any(word in lowered for word in words):
            return group
    return ""


def required_attributes(*, marketplace: str, category: str) -> tuple[str, ...]:
    rules = rules_for(marketplace)
    group = category_group(category)
    return rules.required_base + REQUIRED_BY_GROUP.get(group, ()) + rules.extra_required.get(group, ())


def forbidden_found(text: str) -> list[str]:
    lowered = (text or "").lower()
    if not any(stem in lowered for stem in FORBIDDEN_STEMS):  # cheap pre-check: most text is clean
        return []
    return sorted({m.group(0).strip().lower() for m in _FORBIDDEN_RE.finditer(text or "")})


def html_tags_found(text: str) -> set[str]:
    return {m.group(1).lower() for m in _TAG_RE.finditer(text or "")}
