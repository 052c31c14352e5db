"""The offline provider: no network, no key. Cards from templates and the product's own data,
replies from the review's sentiment and topics, images composed from the product's photos.

It is the embedded default and the fallback, so its output must pass the validator as is.
Token counts are estimated (about 4 characters per token) so costs and budgets behave the same
whichever provider runs; the "offline" price row is 0 unless staff set one.
"""
from __future__ import annotations

import io
import re
from typing import Any

from content import lexicon as lx
from content.providers.base import (Card, CardRequest, CardResult, ImageRequest, ImageResult, ProductData,
                                    ReplyRequest, ReplyResult, Usage)
from content.rules import forbidden_found, rules_for
from content.text import keywords_extract

_LATIN_TOKEN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./+-]*$")
_VOLUME_ML_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(мл|ml)\b", re.IGNORECASE)
_VOLUME_L_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(л|l)\b", re.IGNORECASE)
_MASS_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(кг|kg|г|g)\b", re.IGNORECASE)
VARIANT_KEYS = ("color", "size", "count", "volume_ml", "volume_l", "memory_gb", "net_weight_g", "pattern")
MODEL_SKIP = {"USB", "TPE", "TWS", "BTU"}


def _estimate_tokens(*texts: str) -> int:
    return max(1, sum(len(t) for t in texts) // 4)


def _clean(text: str) -> str:
    """Drop forbidden words (advertising) the partner may have typed into their own data."""
    for word in forbidden_found(text):
        text = re.sub(re.escape(word), "", text, flags=re.IGNORECASE)
    return re.sub(r"\s{2,}", " ", text).strip(" ,.;")


def _number(value: str) -> float:
    return float(value.replace(",", "."))


class OfflineProvider:
    name = "offline"
    text_model = "offline"
    image_model = "offline-compositor"

    # --- cards ---------------------------------------------------------------------------
    def card_generate(self, request: CardRequest) -> CardResult:
        product, lang = request.product, request.language
        attributes = self.attributes(product, lang)
        title = self.title(product, lang, request.marketplace)
        description = self.description(product, lang, request.marketplace, attributes, title)
        keywords = keywords_extract(title=title, description=product.description if lang == "ru" else "",
                                    category=product.category if lang == "ru" else "",
                                    brand=product.brand, attributes=product.attributes if lang == "ru" else {})
        noun = self.noun(product, lang).lower()
        keywords = [k for k in [noun, *keywords] if not forbidden_found(k)]
        keywords = list(dict.fromkeys(keywords))[:12]
        while len(keywords) < 3:
            keywords.append(f"{noun} {len(keywords) + 1}" if not product.brand else f"{product.brand.lower()} {noun}")
            keywords = list(dict.fromkeys(keywords))
        card = Card(title=title, description=description, attributes=attributes, keywords=keywords)
        usage = Usage(input_tokens=_estimate_tokens(product.title, product.description, str(product.attributes)),
                      output_tokens=_estimate_tokens(title, description, " ".join(keywords)))
        return CardResult(card=card, model=self.text_model, usage=usage)

    def noun(self, product: ProductData, lang: str) -> str:
        leaf = (product.category or "").split("/")[-1].strip().lower()
        forms = lx.NOUNS.get(leaf)
        if forms:
            return forms[lx.LANG_INDEX[lang]]
        return leaf.capitalize() or product.title.split(",")[0]

    def attributes(self, product: ProductData, lang: str) -> dict[str, Any]:
        attrs: dict[str, Any] = {k: v for k, v in product.attributes.items() if v not in (None, "", [], {})}
        text = f"{product.title} {product.description}"
        brand = product.brand or "No brand"
        attrs.update(brand=brand, vendor=brand, type=self.noun(product, lang))
        if product.weight_g:
            attrs.setdefault("weight_g", product.weight_g)
        if any(product.dimensions_mm):
            attrs.setdefault("dimensions_mm", "×".join(str(d) for d in product.dimensions_mm))
        if "volume_ml" not in attrs and (m := _VOLUME_ML_RE.search(text)):
            attrs["volume_ml"] = _number(m.group(1))
        if "volume_l" not in attrs and (m := _VOLUME_L_RE.search(text)):
            attrs["volume_l"] = _number(m.group(1))
        if "net_weight_g" not in attrs and (m := _MASS_RE.search(text)):
            factor = 1000 if m.group(2).lower() in ("кг", "kg") else 1
            attrs["net_weight_g"] = int(_number(m.group(1)) * factor)
        if "model" not in attrs:
            attrs["model"] = self.model_name(product)
        if "size" not in attrs and (m := re.search(r"\b(\d{2})\s*р\.", text)):
            attrs["size"] = m.group(1)
        return attrs

    def model_name(self, product: ProductData) -> str:
        brand = product.brand.lower()
        tokens = [t.strip(",.«»\"") for t in product.title.split()]
        latin = [t for t in tokens if _LATIN_TOKEN_RE.match(t) and t.lower() != brand and t not in MODEL_SKIP]
        return " ".join(latin[:3]) or product.sku

    def color_name(self, value: Any, lang: str) -> str:
        return lx.COLORS.get(str(value).lower(), (str(value),) * 3)[lx.LANG_INDEX[lang]]

    def variant_bits(self, product: ProductData, lang: str, base: str) -> list[str]:
        """Attributes that tell variants apart (colour, size, pieces), unless the base names them."""
        bits = []
        lowered = base.lower()
        for key in ("color", "size", "count"):
            value = product.attributes.get(key)
            if value in (None, "", [], {}):
                continue
            if key == "color":
                bit = self.color_name(value, lang)
            elif key == "count":
                bit = lx.TEXT[lang]["pieces"].format(n=value)
            else:
                bit = f"{lx.LABELS['size'][lx.LANG_INDEX[lang]].lower()} {value}"
            named = key != "count" and re.search(rf"(?<!\w){re.escape(str(value).lower())}(?!\w)", lowered)
            if not named and bit.lower() not in lowered:
                bits.append(bit)
        return bits

    def measures(self, text: str) -> list[str]:
        """"500 г", "0,8 л", "75 мл" written with Latin units for uz/en titles."""
        units = {"мл": "ml", "ml": "ml", "л": "l", "l": "l", "кг": "kg", "kg": "kg", "г": "g", "g": "g"}
        found = []
        for regex in (_VOLUME_ML_RE, _VOLUME_L_RE, _MASS_RE):
            for m in regex.finditer(text):
                found.append(f"{m.group(1).replace(',', '.')} {units[m.group(2).lower()]}")
        return list(dict.fromkeys(found))

    def title_segments(self, product: ProductData, lang: str) -> list[str]:
        if lang == "ru":
            return [s.strip() for s in _clean(product.title).split(",") if s.strip()]
        latin = [t.strip(",.«»") for t in product.title.split()]
        latin = [t for t in latin if t and _LATIN_TOKEN_RE.match(t) and not t.isdigit()]
        head = [self.noun(product, lang)]
        if product.brand and product.brand.lower() not in " ".join(latin).lower():
            head.append(product.brand)
        core = " ".join([*head, *latin])
        return [_clean(core), *self.measures(product.title)]

    def title(self, product: ProductData, lang: str, marketplace: str) -> str:
        limit = rules_for(marketplace).title_max
        segments = self.title_segments(product, lang)
        core, extras = segments[0], segments[1:]
        bits = self.variant_bits(product, lang, ", ".join(segments))
        while extras and len(", ".join([core, *extras, *bits])) > limit:
            extras.pop()
        suffix = ", ".join(bits)
        room = limit - (len(suffix) + 2 if suffix else 0)
        if len(", ".join([core, *extras])) > room:
            extras = []
            core = core[:room].rsplit(" ", 1)[0] if len(core) > room else core
        return ", ".join(p for p in [core, *extras, suffix] if p)

    def description(self, product: ProductData, lang: str, marketplace: str, attributes: dict, title: str) -> str:
        text = lx.TEXT[lang]
        noun = self.noun(product, lang)
        intro = text["intro"].format(title=title, noun=noun, noun_l=noun.lower(), brand=attributes["brand"])
        yes, no = lx.YES_NO[lang]
        lines = []
        for key, value in attributes.items():
            if key in ("vendor", "dimensions_mm", "weight_g") or isinstance(value, (dict, list)):
                continue
            label = lx.LABELS.get(key, (key.replace("_", " ").capitalize(),) * 3)[lx.LANG_INDEX[lang]]
            shown = yes if value is True else no if value is False else value
            shown = self.color_name(value, lang) if key == "color" else shown
            lines.append(f"{label}: {shown}")
        own = _clean(product.description) if lang == "ru" else ""
        dims = "×".join(str(d) for d in product.dimensions_mm)
        package = text["package"].format(dims=dims, weight=product.weight_g) if product.weight_g else ""
        max_len = rules_for(marketplace).description_max
        if rules_for(marketplace).html_tags:
            items = "".join(f"<li>{line}</li>" for line in lines)
            parts = [f"<p>{intro}</p>", f"<p>{text['features']}:</p><ul>{items}</ul>"]
            parts += [f"<p>{p}</p>" for p in (own, package, text["care"]) if p]
            return "".join(parts)[:max_len]
        body = "\n".join(f"- {line}" for line in lines)
        parts = [intro, f"{text['features']}:\n{body}", own, package, text["care"]]
        return "\n\n".join(p for p in parts if p)[:max_len]

    # --- review replies ------------------------------------------------------------------
    def review_reply(self, request: ReplyRequest) -> ReplyResult:
        text = lx.REPLY[request.language]
        name = f", {request.author}" if request.author else ""
        parts = [text["hello"].format(name=name), text[request.sentiment].format(product=request.product_title)]
        parts += [text[t] for t in request.topics if t in text][:3]
        if request.sentiment == "negative":
            parts.append(text["policy_yes" if request.refunds_allowed else "policy_no"])
        parts.append(text["bye_positive"] if request.sentiment == "positive" else text["bye"])
        reply = " ".join(parts)
        usage = Usage(input_tokens=_estimate_tokens(request.text), output_tokens=_estimate_tokens(reply))
        return ReplyResult(text=reply, model=self.text_model, usage=usage)

    # --- images --------------------------------------------------------------------------
    def image_generate(self, request: ImageRequest) -> ImageResult:
        """No photo to work from: a clean white canvas the compositor fills with the title."""
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", request.size, "white").save(buffer, "PNG")
        return ImageResult(data=buffer.getvalue(), model=self.image_model, usage=Usage(images=1))
