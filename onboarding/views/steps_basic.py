"""Steps that need only Bozor itself: business info, marketplaces, warehouse, training."""
from __future__ import annotations

from django.utils.translation import gettext as _

from onboarding import services
from onboarding.forms import MARKETPLACE_NOTES, BusinessInfoForm, MarketplacesForm, WarehouseForm
from partners.selectors import warehouse_list
from partners.services.catalog import warehouse_create


def _views():
    from onboarding.views import wizard  # late import: wizard imports this module

    return wizard


def business(request, state, current):
    partner = request.user.partner
    initial = {"legal_name": partner.legal_name, "inn": partner.inn, "address": partner.address,
               "phone": partner.phone, "email": partner.email or request.user.email}
    form = BusinessInfoForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.business_info_save(partner=partner, data=form.cleaned_data, actor=request.user)
            services.step_complete(state=state, number=current.number, actor=request.user)
            return _views().advance(state, current)
        services.step_error_record(state=state, number=current.number, message=_("Business info has errors."))
    return _views().render_step(request, state, current, "onboarding/steps/_business.html", {"form": form},
                                status=400 if form.errors else 200)


def marketplaces(request, state, current):
    initial = {"marketplaces": state.answers.get("marketplaces", []),
               "sandbox_first": state.answers.get("sandbox_first", True)}
    form = MarketplacesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.step_complete(state=state, number=current.number, actor=request.user,
                               answers={"marketplaces": form.cleaned_data["marketplaces"],
                                        "sandbox_first": form.cleaned_data["sandbox_first"]})
        return _views().advance(state, current)
    return _views().render_step(request, state, current, "onboarding/steps/_marketplaces.html",
                                {"form": form, "notes": MARKETPLACE_NOTES}, status=400 if form.errors else 200)


def warehouse(request, state, current):
    partner = request.user.partner
    adding = request.method == "POST" and request.POST.get("action") != "continue"
    form = WarehouseForm(request.POST if adding else None, partner=partner)
    step_error = ""
    if request.method == "POST":
        if not adding:
            if warehouse_list(partner=partner).exists():
                services.step_complete(state=state, number=current.number, actor=request.user)
                return _views().advance(state, current)
            step_error = _("Add at least one warehouse to continue.")
        elif form.is_valid():
            warehouse_create(partner=partner, data=form.cleaned_data, actor=request.user)
            form = WarehouseForm(partner=partner)  # empty form for the next one
    return _views().render_step(request, state, current, "onboarding/steps/_warehouse.html",
                                {"form": form, "warehouses": warehouse_list(partner=partner), "step_error": step_error},
                                status=400 if form.errors or step_error else 200)


def training(request, state, current):
    if request.method == "POST":
        services.step_complete(state=state, number=current.number, actor=request.user,
                               answers={"training": "skipped" if "skip" in request.POST else "finished"})
        return _views().advance(state, current)
    return _views().render_step(request, state, current, "onboarding/steps/_training.html")


def not_ready(request, state, current):
    return _views().render_step(request, state, current, "onboarding/steps/_not_ready.html")
