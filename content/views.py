"""Partner pages for AI content: approval queue (HTMX), generation with progress, drafts, reviews,
AI settings and this month's spend. Thin: parse, call one service or selector, render."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content import selectors
from content.forms import AISettingsForm, DraftEditForm, GenerateForm
from content.models import ContentDraft
from content.services.approvals import draft_approve, draft_edit, draft_reject, drafts_approve_bulk
from content.services.costs import ai_settings_for, budget_state, month_spend
from content.services.images import images_generate
from content.services.jobs import generation_start
from content.services.replies import review_reply_generate
from content.services.waiting import waiting_resume_enqueue
from partners.selectors import product_get, product_list
from partners.services.audit import audit_record
from partners.views.common import paginate, partner_required


def _queue_context(request, **extra) -> dict:
    status = request.GET.get("status", "open")
    page = paginate(request, selectors.draft_list(partner=request.partner, status=status,
                                                  kind=request.GET.get("kind", "")))
    for draft in page:
        draft.diff_rows = selectors.draft_diff(draft=draft)
    return {"page": page, "status": status, "statuses": ContentDraft.Status.choices,
            "budget": budget_state(partner=request.partner), "ai": ai_settings_for(partner=request.partner), **extra}


@partner_required
def queue(request):
    context = _queue_context(request)
    if request.htmx and not request.htmx.boosted:
        return render(request, "content/_queue_list.html", context)
    products = product_list(partner=request.partner)[:200]
    return render(request, "content/queue.html", {**context, "form": GenerateForm(products=products)})


@partner_required
@require_POST
def generate(request):
    form = GenerateForm(request.POST, products=product_list(partner=request.partner))
    if not form.is_valid():
        return render(request, "content/_generate_form.html", {"form": form}, status=400)
    try:
        job = generation_start(partner=request.partner, product_ids=form.cleaned_data["product_ids"],
                               marketplaces=form.cleaned_data["marketplaces"], actor=request.user,
                               with_images=form.cleaned_data["with_images"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return render(request, "content/_generate_form.html", {"form": form}, status=400)
    job.refresh_from_db()
    if request.htmx:
        return render(request, "content/_job.html", {"job": job})
    return redirect("content:job", pk=job.pk)


@partner_required
def job(request, pk: int):
    job = selectors.job_get(partner=request.partner, pk=pk)
    template = "content/_job.html" if request.htmx else "content/job.html"
    return render(request, template, {"job": job})


@partner_required
def draft_detail(request, pk: int):
    draft = selectors.draft_get(partner=request.partner, pk=pk)
    payload = draft.payload or {}
    form = DraftEditForm(initial={"title": payload.get("title", ""), "description": payload.get("description", ""),
                                  "keywords": ", ".join(payload.get("keywords") or []), "text": payload.get("text", "")})
    draft.diff_rows = selectors.draft_diff(draft=draft)  # _draft_row.html reads it from the draft
    return render(request, "content/draft_detail.html", {"draft": draft, "form": form})


def _row_or_redirect(request, draft: ContentDraft):
    if request.htmx:
        draft.refresh_from_db()
        draft.diff_rows = selectors.draft_diff(draft=draft)
        return render(request, "content/_draft_row.html", {"draft": draft})
    return redirect("content:draft", pk=draft.pk)


@partner_required
@require_POST
def approve(request, pk: int):
    draft = selectors.draft_get(partner=request.partner, pk=pk)
    try:
        draft_approve(draft=draft, actor=request.user)
        messages.success(request, _("Approved. It will be published through the outbox."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        draft.row_error = " ".join(exc.messages)
    return _row_or_redirect(request, draft)


@partner_required
@require_POST
def reject(request, pk: int):
    draft = selectors.draft_get(partner=request.partner, pk=pk)
    try:
        draft_reject(draft=draft, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _row_or_redirect(request, draft)


@partner_required
@require_POST
def edit(request, pk: int):
    draft = selectors.draft_get(partner=request.partner, pk=pk)
    form = DraftEditForm(request.POST)
    if form.is_valid():
        try:
            draft_edit(draft=draft, data=form.payload(draft.kind), actor=request.user)
            messages.success(request, _("Saved. Check the rules below before approving."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("content:draft", pk=draft.pk)


@partner_required
@require_POST
def bulk_approve(request):
    ids = [int(i) for i in request.POST.getlist("ids") if str(i).isdigit()]
    result = drafts_approve_bulk(partner=request.partner, draft_ids=ids, actor=request.user)
    if result.approved:
        messages.success(request, _("%(n)d approved.") % {"n": len(result.approved)})
    for draft_id, problems in result.errors.items():
        messages.error(request, _("#%(id)d: %(why)s") % {"id": draft_id, "why": " ".join(problems)})
    if request.htmx:
        return render(request, "content/_queue_list.html", {**_queue_context(request), "bulk": result})
    return redirect("content:queue")


@partner_required
def reviews(request):
    page = paginate(request, selectors.review_list(partner=request.partner))
    return render(request, "content/reviews.html", {"page": page})


@partner_required
@require_POST
def review_reply(request, pk: int):
    review = selectors.review_get(partner=request.partner, pk=pk)
    draft = review_reply_generate(review=review, actor=request.user)
    return _row_or_redirect(request, draft)


@partner_required
@require_POST
def product_images(request, pk: int):
    product = product_get(partner=request.partner, pk=pk)
    marketplace = request.POST.get("marketplace", "wildberries")
    badges = [b.strip() for b in request.POST.get("badges", "").split(",") if b.strip()]
    try:
        draft = images_generate(product=product, marketplace=marketplace, actor=request.user, badges=badges)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("content:queue")
    return _row_or_redirect(request, draft)


@partner_required
def ai_settings(request):
    ai = ai_settings_for(partner=request.partner)
    form = AISettingsForm(request.POST or None, instance=ai)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit_record(action="content.settings_updated", actor=request.user, partner=request.partner, target=ai,
                     data={k: str(v) for k, v in form.cleaned_data.items()})
        waiting_resume_enqueue(partner=request.partner)  # a raised budget lets waiting work continue
        messages.success(request, _("AI settings saved."))
        return redirect("content:settings")
    return render(request, "content/settings.html", {"form": form})


@partner_required
def spend(request):
    return render(request, "content/spend.html", {
        "budget": budget_state(partner=request.partner), "spent": month_spend(partner=request.partner),
        **selectors.spend_summary(partner=request.partner)})
