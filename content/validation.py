"""Validators: every card and every review reply is checked before anyone can approve it.

Each problem is a message that says what to fix; the same messages go back to the AI on a retry.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from content.providers.base import Card
from content.rules import forbidden_found, html_tags_found, required_attributes, rules_for
from content.text import detect_language

REFUND_PROMISES = (
    "верн", "возврат", "возмест", "компенс", "деньги назад",
    "refund", "compensat", "money back", "reimburs",
    "pulni qaytar", "pulingizni", "qaytarib ber", "kompensats", "tovon",
)
_REFUND_RE = re.compile("|".join(re.escape(s) for s in REFUND_PROMISES), re.IGNORECASE)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def card_problems(*, card: Card, marketplace: str, category: str) -> list[str]:
    rules = rules_for(marketplace)
    problems: list[str] = []
    title = (card.title or "").strip()
    if len(title) < rules.title_min:
        problems.append(_("Title is too short (%(n)d characters); write at least %(min)d.")
                        % {"n": len(title), "min": rules.title_min})
    if len(title) > rules.title_max:
        problems.append(_("Title is %(n)d characters; %(mp)s allows at most %(max)d. Shorten it.")
                        % {"n": len(title), "mp": marketplace, "max": rules.title_max})
    if html_tags_found(title):
        problems.append(_("Remove HTML tags from the title."))
    description = card.description or ""
    if len(description) < rules.description_min:
        problems.append(_("Description is too short (%(n)d characters); write at least %(min)d.")
                        % {"n": len(description), "min": rules.description_min})
    if len(description) > rules.description_max:
        problems.append(_("Description is %(n)d characters; %(mp)s allows at most %(max)d.")
                        % {"n": len(description), "mp": marketplace, "max": rules.description_max})
    bad_tags = html_tags_found(description) - rules.html_tags
    if bad_tags:
        problems.append(_("Remove HTML tags not allowed on %(mp)s: %(tags)s.")
                        % {"mp": marketplace, "tags": ", ".join(sorted(bad_tags))})
    for where, text in (("title", title), ("description", description), ("keywords", " ".join(card.keywords))):
        words = forbidden_found(text)
        if words:
            problems.append(_("Remove forbidden words or claims from the %(where)s: %(words)s.")
                            % {"where": where, "words": ", ".join(words)})
    missing = [a for a in required_attributes(marketplace=marketplace, category=category)
               if _empty((card.attributes or {}).get(a))]
    if missing:
        problems.append(_("Fill in required attributes: %(attrs)s.") % {"attrs": ", ".join(missing)})
    keywords = [k for k in card.keywords or [] if isinstance(k, str) and k.strip()]
    if len(keywords) < rules.keywords_min:
        problems.append(_("Add SEO keywords: at least %(min)d.") % {"min": rules.keywords_min})
    if len(keywords) > rules.keywords_max:
        problems.append(_("Too many SEO keywords; keep at most %(max)d.") % {"max": rules.keywords_max})
    # No language check on cards: product names and brands legitimately stay in their own script.
    return problems


def reply_problems(*, text: str, marketplace: str, language: str, refunds_allowed: bool,
                   review_text: str = "") -> list[str]:
    rules = rules_for(marketplace) if marketplace else None
    problems: list[str] = []
    body = (text or "").strip()
    if len(body) < 20:
        problems.append(_("The reply is too short; thank the customer and answer what they wrote."))
    if rules and len(body) > rules.reply_max:
        problems.append(_("The reply is %(n)d characters; at most %(max)d allowed.")
                        % {"n": len(body), "max": rules.reply_max})
    if html_tags_found(body):
        problems.append(_("Remove HTML tags from the reply."))
    if not refunds_allowed and _REFUND_RE.search(body):
        problems.append(_("Do not promise refunds or compensation: the partner's policy does not allow it."))
    if body and detect_language(body) != language:
        problems.append(_("Reply in the customer's language (%(lang)s).") % {"lang": language})
    return problems


def problems_text(problems: Iterable[str]) -> str:
    return "\n".join(f"- {p}" for p in problems)
