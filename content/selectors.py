"""Partner-scoped reads for AI content; another partner's rows are 404, never 403."""
from __future__ import annotations

import difflib
import html
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString, mark_safe

from content.models import AICall, ContentDraft, GenerationJob, Purpose
from content.text import plain_text
from content.services.costs import month_start
from marketplaces.sync.models import Review
from partners.models import Partner


def draft_list(*, partner: Partner, status: str = "", kind: str = "") -> QuerySet[ContentDraft]:
    qs = ContentDraft.objects.filter(partner=partner).select_related("product", "review__account")
    if status == "open":
        qs = qs.filter(status__in=ContentDraft.OPEN)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def draft_get(*, partner: Partner, pk: int) -> ContentDraft:
    return get_object_or_404(ContentDraft.objects.select_related("product", "review__account"), partner=partner, pk=pk)


def job_get(*, partner: Partner, pk: int) -> GenerationJob:
    return get_object_or_404(GenerationJob, partner=partner, pk=pk)


def review_get(*, partner: Partner, pk: int) -> Review:
    """A marketplace review (pulled by marketplaces.sync) of this partner."""
    return get_object_or_404(Review.objects.select_related("product", "account", "partner"), partner=partner, pk=pk)


def review_list(*, partner: Partner) -> QuerySet[Review]:
    """Reviews with text still waiting for an answer first (unanswered, then AI drafts), newest first."""
    return (Review.objects.filter(partner=partner).exclude(text="").select_related("product", "account")
            .order_by("answered_at", "-written_at", "-id"))


def word_diff(old: str, new: str) -> SafeString:
    """Word-level diff as HTML: removed words in <del>, added in <ins>; both sides escaped."""
    a, b = (old or "").split(), (new or "").split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            out.append(f"<del>{html.escape(' '.join(a[i1:i2]))}</del>")
        if op in ("replace", "insert"):
            out.append(f"<ins>{html.escape(' '.join(b[j1:j2]))}</ins>")
        if op == "equal":
            out.append(html.escape(" ".join(a[i1:i2])))
    return mark_safe(" ".join(out))  # noqa: S308 - every piece above is escaped


def draft_diff(*, draft: ContentDraft) -> list[dict]:
    """Rows (field, current, proposed, diff html) against the product's current fields."""
    payload, product = draft.payload or {}, draft.product
    if draft.kind == ContentDraft.Kind.CARD and product is not None:
        attrs_now = ", ".join(f"{k}: {v}" for k, v in sorted((product.attributes or {}).items()) if k != "seo_keywords")
        attrs_new = ", ".join(f"{k}: {v}" for k, v in sorted((payload.get("attributes") or {}).items()))
        pairs = [("title", product.title, payload.get("title", "")),
                 ("description", product.description, plain_text(payload.get("description", ""))),
                 ("attributes", attrs_now, attrs_new),
                 ("keywords", "", ", ".join(payload.get("keywords") or []))]
    elif draft.kind == ContentDraft.Kind.IMAGE and product is not None:
        pairs = [("images", "\n".join(product.images or []), "\n".join(payload.get("images") or []))]
    else:
        pairs = [("reply", "", payload.get("text", ""))]
    return [{"field": f, "current": old, "proposed": new, "diff": word_diff(old, new)} for f, old, new in pairs]


def spend_summary(*, partner: Partner) -> dict:
    calls = AICall.objects.filter(partner=partner, created_at__date__gte=month_start())
    by_purpose = list(calls.values("purpose").annotate(n=Count("id"), cost=Sum("cost"), tokens_in=Sum("input_tokens"),
                                                       tokens_out=Sum("output_tokens")).order_by("purpose"))
    for row in by_purpose:
        row["label"] = Purpose(row["purpose"]).label
        row["per_operation"] = (row["cost"] or Decimal(0)) / row["n"] if row["n"] else Decimal(0)
    return {"by_purpose": by_purpose, "recent": list(calls[:20])}
