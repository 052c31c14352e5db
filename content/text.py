"""Pure text helpers: keywords from product data, language, sentiment and topics of a review.

Small lexicons, no network: the offline provider and the validators both use them, and the
OpenAI provider's answers are checked against them (a reply in the wrong language is rejected).
"""
from __future__ import annotations

import re
from collections import Counter

_WORD_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁёЎўҚқҒғҲҳʻʼ'’-]+")
_CYRILLIC_RE = re.compile(r"[А-Яа-яЁё]")
_LATIN_RE = re.compile(r"[A-Za-z]")
UZ_LATIN_MARKERS = ("o'", "g'", "oʻ", "gʻ", "sh", "ch", "qu", "x", "q")
UZ_WORDS = {"va", "uchun", "bilan", "juda", "yaxshi", "yomon", "rahmat", "mahsulot", "sifat", "keldi", "emas",
            "buyurtma", "narx", "yetkazib", "berish", "kiyim", "o'lcham", "hajm", "sotuvchi", "menga", "lekin"}
EN_WORDS = {"the", "and", "is", "was", "good", "bad", "great", "product", "quality", "delivery", "it", "very",
            "not", "arrived", "size", "price", "thanks", "broken", "with", "for", "but", "love"}

STOPWORDS = {
    "и", "в", "во", "на", "с", "со", "для", "из", "по", "от", "до", "к", "а", "но", "или", "не", "шт", "р",
    "the", "and", "for", "with", "of", "a", "an", "in", "to", "pcs",
    "va", "bilan", "uchun", "dan", "ga", "da",
}


def words(text: str) -> list[str]:
    return [w.strip("-'’").lower() for w in _WORD_RE.findall(text or "") if w.strip("-'’")]


def plain_text(html: str) -> str:
    """Card HTML (Ozon/YM allow a few tags) as plain text for the product's own description."""
    text = re.sub(r"</(p|li|ul|ol)>|<br\s*/?>", "\n", html or "")
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def detect_language(text: str) -> str:
    """'ru' for Cyrillic text, 'uz' or 'en' for Latin text by common words; 'ru' when unsure."""
    cyr = len(_CYRILLIC_RE.findall(text or ""))
    lat = len(_LATIN_RE.findall(text or ""))
    if cyr >= lat and cyr:
        return "ru"
    tokens = set(words(text))
    uz_score = len(tokens & UZ_WORDS) + sum(text.lower().count(m) for m in ("o'", "g'", "oʻ", "gʻ"))
    en_score = len(tokens & EN_WORDS)
    if not lat:
        return "ru"
    return "uz" if uz_score > en_score else "en"


def keywords_extract(*, title: str, description: str = "", category: str = "", brand: str = "",
                     attributes: dict | None = None, limit: int = 12) -> list[str]:
    """Search phrases ranked by where they come from: category leaf and title first, then brand,
    attribute values and frequent description words. Deduplicated, lower-case, order kept."""
    leaf = (category or "").split("/")[-1].strip().lower()
    candidates: list[str] = []
    if leaf:
        candidates.append(leaf)
    title_words = [w for w in words(title) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()]
    if leaf and title_words:
        candidates.append(f"{title_words[0]} {brand.lower()}".strip() if brand else title_words[0])
    candidates.extend(title_words[:6])
    if brand:
        candidates.append(brand.lower())
    for value in (attributes or {}).values():
        if isinstance(value, str) and 2 < len(value) <= 40:
            candidates.append(value.lower())
    counts = Counter(w for w in words(description) if w not in STOPWORDS and len(w) > 3 and not w.isdigit())
    candidates.extend(w for w, _ in counts.most_common(8))
    seen: list[str] = []
    for phrase in candidates:
        phrase = re.sub(r"\s+", " ", phrase).strip(" ,.;:")
        if phrase and phrase not in seen and len(phrase) <= 50:
            seen.append(phrase)
    return seen[:limit]


# --- Reviews --------------------------------------------------------------------------------
POSITIVE = {"отличн", "хорош", "спасибо", "нрав", "супер", "довол", "рекоменд", "качествен", "быстр",
            "great", "good", "excellent", "love", "perfect", "thanks", "recommend", "fast", "nice",
            "zo'r", "yaxshi", "rahmat", "ajoyib", "mamnun", "tez", "sifatli", "yoqdi"}
NEGATIVE = {"плох", "ужас", "брак", "слом", "опозда", "помят", "разоча", "не работ", "не пришл", "порван", "грязн", "обман",
            "поздн", "долго", "не соответ", "маломер", "большемер", "дорог",
            "bad", "broken", "terrible", "awful", "late", "damaged", "disappoint", "not working", "wrong",
            "yomon", "buzilgan", "singan", "kech", "ishlamaydi", "sifatsiz", "noto'g'ri", "mos emas"}
TOPICS: dict[str, tuple[str, ...]] = {
    "delivery": ("достав", "курьер", "пришл", "пришёл", "опозда", "задерж", "привез", "delivery", "arrived", "courier", "shipping", "late",
                 "yetkaz", "kech", "keldi"),
    "quality": ("качеств", "брак", "слом", "порван", "не работ", "quality", "broken", "defect", "damaged",
                "not working", "sifat", "buzilgan", "singan", "ishlamaydi"),
    "size": ("размер", "маломер", "большемер", "велик", "мал ", "size", "too small", "too big", "fit",
             "o'lcham", "razmer", "katta", "kichik"),
    "packaging": ("упаков", "коробк", "packag", "box", "qadoq", "quti"),
    "price": ("цен", "дорог", "дешев", "price", "expensive", "cheap", "narx", "qimmat", "arzon"),
    "description": ("не соответ", "описан", "фото", "not as described", "description", "photo", "wrong",
                    "rasm", "tavsif", "mos emas"),
}


def _hits(text: str, stems: set[str] | tuple[str, ...]) -> int:
    lowered = f" {(text or '').lower()} "
    return sum(1 for stem in stems if stem in lowered)


def review_sentiment(*, text: str, rating: int | None = None) -> str:
    """'positive', 'negative' or 'neutral': the star rating decides when given, words otherwise."""
    if rating is not None and rating >= 4 and _hits(text, NEGATIVE) <= 1:
        return "positive"
    if rating is not None and rating <= 2:
        return "negative"
    score = _hits(text, POSITIVE) - 2 * _hits(text, NEGATIVE)
    if rating == 3:
        score = min(score, 0) if score < 0 else 0
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def review_topics(text: str) -> list[str]:
    return [topic for topic, stems in TOPICS.items() if _hits(text, stems)]
