"""Partner pages: orders (see and act) and reviews (answer by hand)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplaces.sync import selectors
from marketplaces.sync.models import Order
from marketplaces.sync.orders import TRANSITIONS, order_status_set
from marketplaces.sync.reviews import review_answer
from partners.views.common import list_template, paginate, partner_required

# The actions a partner takes by hand; delivery and returns come from the marketplace.
PARTNER_ACTIONS = {Order.Status.ACKNOWLEDGED, Order.Status.ASSEMBLING, Order.Status.SHIPPED, Order.Status.CANCELLED}


@partner_required
def order_list(request):
    status, search = request.GET.get("status", ""), request.GET.get("q", "").strip()
    page = paginate(request, selectors.order_list(partner=request.partner, status=status, search=search))
    template = list_template(request, "sync/order_list.html", "sync/_order_table.html")
    return render(request, template, {"page": page, "search": search, "status": status,
                                      "statuses": Order.Status.choices})


@partner_required
def order_detail(request, pk: int):
    order = selectors.order_get(partner=request.partner, pk=pk)
    actions = [(s, Order.Status(s).label) for s in TRANSITIONS[order.status] if s in PARTNER_ACTIONS]
    return render(request, "sync/order_detail.html", {"order": order, "actions": actions})


@partner_required
@require_POST
def order_act(request, pk: int):
    order = selectors.order_get(partner=request.partner, pk=pk)
    status = request.POST.get("status", "")
    if status not in PARTNER_ACTIONS:
        messages.error(request, _("That is not an action you can take on an order."))
        return redirect("order_detail", pk=order.pk)
    try:
        order_status_set(order=order, status=status, actor=request.user)
        messages.success(request, _("Order %(id)s is now %(status)s.") % {"id": order.external_id,
                                                                         "status": Order.Status(status).label})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("order_detail", pk=order.pk)


@partner_required
def review_list(request):
    unanswered = request.GET.get("filter", "unanswered") == "unanswered"
    search = request.GET.get("q", "").strip()
    page = paginate(request, selectors.review_list(partner=request.partner, unanswered=unanswered, search=search))
    template = list_template(request, "sync/review_list.html", "sync/_review_list.html")
    return render(request, template, {"page": page, "search": search, "unanswered": unanswered})


@partner_required
@require_POST
def review_reply(request, pk: int):
    review = selectors.review_get(partner=request.partner, pk=pk)
    text, error = request.POST.get("text", ""), ""
    try:
        review = review_answer(review=review, text=text, actor=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    context = {"review": review, "error": error, "typed": text}
    if request.htmx:
        return render(request, "sync/_review_card.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your answer is queued and will be sent to the marketplace."))
    return redirect("review_list")
