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


def stock_list(*, partner: Partner, product_id: int | None = None,
               warehouse_id: int | None = None) -> QuerySet[StockLevel]:
    qs = StockLevel.objects.filter(product__partner=partner).select_related("product", "warehouse")
    if product_id is not None:
        qs = qs.filter(product_id=product_id)
    if warehouse_id is not None:
        qs = qs.filter(warehouse_id=warehouse_id)
    return qs


def stock_get(*, partner: Partner, pk: int) -> StockLevel:
    return get_object_or_404(stock_list(partner=partner), pk=pk)


def product_id_by_sku(*, partner: Partner, sku: str) -> int | None:
    """Id of this partner's product with `sku` (SKUs are unique per partner only)."""
    return Product.objects.filter(partner=partner, sku=sku).values_list("pk", flat=True).first()


def warehouse_id_by_name(*, partner: Partner, name: str) -> int | None:
    return Warehouse.objects.filter(partner=partner, name=name).values_list("pk", flat=True).first()
