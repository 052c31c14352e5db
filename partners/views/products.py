"""Product pages: list with search and pagination, detail with per-warehouse stock, create,
edit, delete, and CSV import (all or nothing, per-row error report)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partners import selectors
from partners.forms import CsvImportForm, ProductForm, StockForm, add_service_errors
from partners.services import catalog
from partners.services.csv_import import CSV_COLUMNS, products_csv_import, products_csv_template
from partners.views.common import list_template, paginate, partner_required, posted as _posted


@partner_required
def product_list(request):
    search = request.GET.get("q", "").strip()
    page = paginate(request, selectors.product_list(partner=request.partner, search=search).order_by("sku"))
    template = list_template(request, "partners/product_list.html", "partners/_product_table.html")
    return render(request, template, {"page": page, "search": search})


@partner_required
def product_detail(request, pk: int):
    product = selectors.product_get(partner=request.partner, pk=pk)
    return render(request, "partners/product_detail.html", {"product": product, "stock_rows": _stock_rows(product)})


def _stock_rows(product, errors: dict | None = None) -> list[dict]:
    levels = {s.warehouse_id: s for s in product.stock_levels.all()}
    rows = []
    for warehouse in selectors.warehouse_list(partner=product.partner):
        level = levels.get(warehouse.pk)
        rows.append({"warehouse": warehouse, "quantity": level.quantity if level else 0,
                     "reserved": level.reserved if level else 0, "errors": (errors or {}).get(warehouse.pk, [])})
    return rows


@partner_required
@require_POST
def product_stock(request, pk: int):
    product = selectors.product_get(partner=request.partner, pk=pk)
    form = StockForm(request.POST)
    errors: dict[int, list[str]] = {}
    saved = None
    if form.is_valid():
        warehouse = selectors.warehouse_get(partner=request.partner, pk=form.cleaned_data["warehouse"])
        try:
            catalog.stock_set(product=product, warehouse=warehouse, quantity=form.cleaned_data["quantity"],
                              actor=request.user)
            saved = warehouse.pk
        except ValidationError as exc:
            errors[warehouse.pk] = exc.messages
    else:
        warehouse_id = request.POST.get("warehouse", "")
        selectors.warehouse_get(partner=request.partner, pk=int(warehouse_id) if warehouse_id.isdigit() else 0)
        errors[int(warehouse_id)] = [m for msgs in form.errors.values() for m in msgs]
    if not request.htmx:
        if errors:
            for msgs in errors.values():
                messages.error(request, " ".join(msgs))
        else:
            messages.success(request, _("Stock saved."))
        return redirect("product_detail", pk=product.pk)
    return render(request, "partners/_stock_table.html",
                  {"product": product, "stock_rows": _stock_rows(product, errors), "saved": saved},
                  status=422 if errors else 200)


@partner_required
@require_http_methods(["GET", "POST"])
def product_create(request):
    form = ProductForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            product = catalog.product_create(partner=request.partner, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Product %(sku)s created.") % {"sku": product.sku})
            return redirect("product_detail", pk=product.pk)
    return render(request, "partners/product_form.html", {"form": form})


@partner_required
@require_http_methods(["GET", "POST"])
def product_edit(request, pk: int):
    product = selectors.product_get(partner=request.partner, pk=pk)
    # The form works on its own copy: a ModelForm writes cleaned values into its instance, and
    # the service compares against the stored values to know what changed.
    form = ProductForm(_posted(request), instance=selectors.product_get(partner=request.partner, pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            catalog.product_update(product=product, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Product %(sku)s saved.") % {"sku": product.sku})
            return redirect("product_detail", pk=product.pk)
    return render(request, "partners/product_form.html", {"form": form, "product": product})


@partner_required
@require_http_methods(["GET", "POST"])
def product_delete(request, pk: int):
    product = selectors.product_get(partner=request.partner, pk=pk)
    if request.method == "POST":
        sku = product.sku
        try:
            catalog.product_delete(product=product, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("product_detail", pk=pk)
        messages.success(request, _("Product %(sku)s deleted.") % {"sku": sku})
        return redirect("product_list")
    return render(request, "partners/confirm_delete.html", {
        "object": product, "cancel_url": "product_list",
        "message": _("Delete the product %(sku)s “%(title)s” and its stock? This cannot be undone.")
        % {"sku": product.sku, "title": product.title},
    })


@partner_required
@require_http_methods(["GET", "POST"])
def product_import(request):
    form = CsvImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    result = None
    if request.method == "POST" and form.is_valid():
        result = products_csv_import(partner=request.partner, file=form.cleaned_data["file"], actor=request.user)
        if result.ok:
            messages.success(request, _("Import finished: %(created)s created, %(updated)s updated.")
                             % {"created": result.created, "updated": result.updated})
            return redirect("product_list")
    status = 422 if result is not None and not result.ok else 200
    return render(request, "partners/product_import.html",
                  {"form": form, "result": result, "columns": CSV_COLUMNS}, status=status)


@partner_required
@require_GET
def product_import_template(request):
    response = HttpResponse(products_csv_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bozor-products-template.csv"'
    return response
