"""Warehouse pages: list with search and pagination, create, edit, delete."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partners import selectors
from partners.forms import WarehouseForm, add_service_errors
from partners.services import catalog
from partners.views.common import list_template, paginate, partner_required, posted as _posted


@partner_required
def warehouse_list(request):
    search = request.GET.get("q", "").strip()
    page = paginate(request, selectors.warehouse_list(partner=request.partner, search=search))
    template = list_template(request, "partners/warehouse_list.html", "partners/_warehouse_table.html")
    return render(request, template, {"page": page, "search": search})


@partner_required
@require_http_methods(["GET", "POST"])
def warehouse_create(request):
    form = WarehouseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            warehouse = catalog.warehouse_create(partner=request.partner, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Warehouse “%(name)s” created.") % {"name": warehouse.name})
            return redirect("warehouse_list")
    return render(request, "partners/warehouse_form.html", {"form": form})


@partner_required
@require_http_methods(["GET", "POST"])
def warehouse_edit(request, pk: int):
    warehouse = selectors.warehouse_get(partner=request.partner, pk=pk)
    form = WarehouseForm(_posted(request), instance=selectors.warehouse_get(partner=request.partner, pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            catalog.warehouse_update(warehouse=warehouse, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Warehouse “%(name)s” saved.") % {"name": warehouse.name})
            return redirect("warehouse_list")
    return render(request, "partners/warehouse_form.html", {"form": form, "warehouse": warehouse})


@partner_required
@require_http_methods(["GET", "POST"])
def warehouse_delete(request, pk: int):
    warehouse = selectors.warehouse_get(partner=request.partner, pk=pk)
    if request.method == "POST":
        name = warehouse.name
        try:
            catalog.warehouse_delete(warehouse=warehouse, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("warehouse_list")
        messages.success(request, _("Warehouse “%(name)s” deleted.") % {"name": name})
        return redirect("warehouse_list")
    return render(request, "partners/confirm_delete.html", {
        "object": warehouse, "cancel_url": "warehouse_list",
        "message": _("Delete the warehouse “%(name)s” and all stock recorded in it? This cannot be undone.")
        % {"name": warehouse.name},
    })
