"""Approve or reject drafts. Approval re-validates, writes the product through the catalogue
service and, in the same transaction, queues the content in the marketplaces outbox
(content.services.publishing); the ContentPublication points at that outbox intent."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import ContentDraft, ContentPublication
from content.providers.base import Card
from content.text import plain_text
from content.services.costs import ai_settings_for
from content.services.publishing import publication_create
from content.validation import card_problems, reply_problems
from partners.models import Partner
from partners.services.audit import audit_record
from partners.services.catalog import product_update

PRODUCT_MIRRORED = ("brand", "vendor", "weight_g", "dimensions_mm")


def draft_problems(*, draft: ContentDraft) -> list[str]:
    payload = draft.payload or {}
    if draft.kind == ContentDraft.Kind.CARD:
        card = Card(title=payload.get("title", ""), description=payload.get("description", ""),
                    attributes=payload.get("attributes") or {}, keywords=payload.get("keywords") or [])
        return card_problems(card=card, marketplace=draft.marketplace, category=draft.product.category)
    if draft.kind == ContentDraft.Kind.REVIEW_REPLY:
        ai = ai_settings_for(partner=draft.partner)
        return reply_problems(text=payload.get("text", ""), marketplace=draft.marketplace,
                              language=draft.language, refunds_allowed=ai.refunds_allowed)
    return [] if payload.get("images") else [_("There are no images to approve.")]


def _product_apply(*, draft: ContentDraft, actor: Any) -> None:
    payload, product = draft.payload, draft.product
    if draft.kind == ContentDraft.Kind.CARD:
        extra = {k: v for k, v in (payload.get("attributes") or {}).items() if k not in PRODUCT_MIRRORED}
        seo = {**(product.attributes or {}).get("seo_keywords", {}), draft.marketplace: payload.get("keywords", [])}
        product_update(product=product, actor=actor, data={
            "title": payload["title"][:255], "description": plain_text(payload["description"])[:5000],
            "attributes": {**(product.attributes or {}), **extra, "seo_keywords": seo}})
    elif draft.kind == ContentDraft.Kind.IMAGE:
        images = list(dict.fromkeys([*payload["images"], *(product.images or [])]))
        product_update(product=product, actor=actor, data={"images": images})


@transaction.atomic
def draft_approve(*, draft: ContentDraft, actor: Any = None, auto: bool = False) -> ContentPublication:
    draft = ContentDraft.objects.select_for_update(of=("self",)).select_related("product", "partner").get(pk=draft.pk)
    if draft.status not in ContentDraft.OPEN:
        raise ValidationError(_("Only open drafts can be approved; this one is “%(status)s”.")
                              % {"status": draft.get_status_display()})
    problems = draft_problems(draft=draft)
    if problems:
        draft.problems = problems
        draft.save(update_fields=["problems", "updated_at"])
        raise ValidationError(problems)
    user = actor if getattr(actor, "is_authenticated", False) else None
    _product_apply(draft=draft, actor=user)
    draft.status, draft.approved_by, draft.approved_at = ContentDraft.Status.APPROVED, user, timezone.now()
    draft.problems, draft.message = [], ""
    draft.save()
    publication = publication_create(draft=draft, actor=user)
    audit_record(action="content.draft_approved", actor=user, partner=draft.partner, target=draft,
                 data={"kind": draft.kind, "marketplace": draft.marketplace, "auto": auto,
                       "publication": publication.pk, "intent": publication.intent_id})
    return publication


def draft_auto_approve(*, draft: ContentDraft, actor: Any = None) -> ContentDraft:
    """Maximum level: publish now. If publishing is refused (e.g. the marketplace's answer limit),
    nothing is published and the draft waits for a person, saying why."""
    try:
        draft_approve(draft=draft, actor=actor, auto=True)
    except ValidationError as exc:
        ContentDraft.objects.filter(pk=draft.pk).update(
            status=ContentDraft.Status.NEEDS_HUMAN, problems=exc.messages,
            message=(_("Not published automatically: %(why)s") % {"why": " ".join(exc.messages)})[:500])
    draft.refresh_from_db()
    return draft


@dataclass
class BulkApproveResult:
    approved: list[int] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)


def drafts_approve_bulk(*, partner: Partner, draft_ids: list[int], actor: Any) -> BulkApproveResult:
    """Approve many Balanced-level drafts; each is its own transaction, so one bad card does not
    block the rest, and the result says which failed and why. Suggestions (Minimal) are
    approved one at a time by design."""
    result = BulkApproveResult()
    drafts = {d.pk: d for d in ContentDraft.objects.filter(partner=partner, pk__in=draft_ids)}
    for draft_id in draft_ids:
        draft = drafts.get(draft_id)
        if draft is None:
            result.errors[draft_id] = [_("Not found.")]
        elif draft.status != ContentDraft.Status.DRAFT:
            result.errors[draft_id] = [_("Only drafts can be approved in bulk; suggestions and items that need a "
                                         "person are approved one at a time.")]
        else:
            try:
                draft_approve(draft=draft, actor=actor)
                result.approved.append(draft_id)
            except ValidationError as exc:
                result.errors[draft_id] = exc.messages
    return result


@transaction.atomic
def draft_reject(*, draft: ContentDraft, actor: Any, reason: str = "") -> ContentDraft:
    draft = ContentDraft.objects.select_for_update(of=("self",)).get(pk=draft.pk)
    if draft.status == ContentDraft.Status.APPROVED:
        raise ValidationError(_("This draft is already approved; it cannot be rejected."))
    draft.status, draft.message = ContentDraft.Status.REJECTED, reason[:500]
    draft.save(update_fields=["status", "message", "updated_at"])
    if draft.review_id:
        from content.services.replies import review_status_follow
        review_status_follow(review=draft.review, draft=draft)
    audit_record(action="content.draft_rejected", actor=actor, partner=draft.partner, target=draft,
                 data={"reason": reason[:200]})
    return draft


@transaction.atomic
def draft_edit(*, draft: ContentDraft, data: dict[str, Any], actor: Any) -> ContentDraft:
    """A person fixes the text (title, description, keywords, reply) before approving."""
    draft = ContentDraft.objects.select_for_update(of=("self",)).select_related("product").get(pk=draft.pk)
    if draft.status not in ContentDraft.OPEN:
        raise ValidationError(_("Only open drafts can be edited."))
    allowed = ("title", "description", "keywords", "attributes") if draft.kind == ContentDraft.Kind.CARD else ("text",)
    draft.payload = {**draft.payload, **{k: v for k, v in data.items() if k in allowed}}
    draft.problems = draft_problems(draft=draft)
    if draft.status == ContentDraft.Status.NEEDS_HUMAN and not draft.problems:
        minimal = ai_settings_for(partner=draft.partner).automation_level == "minimal"
        draft.status = ContentDraft.Status.SUGGESTED if minimal else ContentDraft.Status.DRAFT
    draft.save()
    audit_record(action="content.draft_edited", actor=actor, partner=draft.partner, target=draft,
                 data={"fields": sorted(set(data) & set(allowed))})
    return draft
