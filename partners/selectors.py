"""Reads scoped to a partner. A partner user never reaches another partner's rows: lookups
that cross tenants raise Http404 (never 403, which would confirm the object exists)."""
from __future__ import annotations

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from partners.models import Partner, Product, StockLevel, Warehouse


def warehouse_list(*, partner: Partner, search: str = "") -> QuerySet[Warehouse]:
    qs = Warehouse.objects.filter(partner=partner)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(location__icontains=search))
    return qs.order_by("name")


def warehouse_get(*, partner: Partner, pk: int) -> Warehouse:
    return get_object_or_404(Warehouse, partner=partner, pk=pk)


def product_list(*, partner: Partner, search: str = "") -> QuerySet[Product]:
    qs = Product.objects.filter(partner=partner)
    if search:
        qs = qs.filter(
            Q(sku__icontains=search) | Q(title__icontains=search) | Q(brand__icontains=search)
            | Q(barcode__icontains=search)
        )
    return qs.annotate(stock_total=Sum("stock_levels__quantity"), stock_reserved=Sum("stock_levels__reserved"))


def product_get(*, partner: Partner, pk: int) -> Product:
    return get_object_or_404(Product, partner=partner, pk=pk)


def stock_list(*, partner: Partner) -> QuerySet[StockLevel]:
    return StockLevel.objects.filter(product__partner=partner).select_related("product", "warehouse")
