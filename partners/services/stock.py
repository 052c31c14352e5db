"""Reserving and releasing units across a partner's warehouses.

Every change locks all stock rows of the product (SELECT ... FOR UPDATE, in id order so two
reservations never deadlock), so two orders for the last unit, arriving at once from two
marketplaces, can never both succeed: the second sees the first's reservation.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from partners.models import Product, StockLevel


class InsufficientStock(Exception):
    def __init__(self, *, sku: str, wanted: int, available: int) -> None:
        super().__init__(f"Only {available} unit(s) of {sku} available, {wanted} wanted.")
        self.sku, self.wanted, self.available = sku, wanted, available


@dataclass(frozen=True)
class Allocation:
    warehouse_id: int
    units: int


def stock_available(*, product: Product) -> int:
    levels = StockLevel.objects.filter(product=product).values_list("quantity", "reserved")
    return sum(q - r for q, r in levels)


@transaction.atomic
def stock_reserve(*, product: Product, units: int) -> list[Allocation]:
    """Reserve `units`, taking from the warehouses with the most available first."""
    if units <= 0:
        raise ValueError("units must be positive")
    levels = list(StockLevel.objects.select_for_update().filter(product=product).order_by("id"))
    available = sum(level.available for level in levels)
    if available < units:
        raise InsufficientStock(sku=product.sku, wanted=units, available=available)
    allocations, left = [], units
    for level in sorted(levels, key=lambda lv: (-lv.available, lv.id)):
        take = min(left, level.available)
        if take:
            StockLevel.objects.filter(pk=level.pk).update(reserved=F("reserved") + take)
            allocations.append(Allocation(warehouse_id=level.warehouse_id, units=take))
            left -= take
        if not left:
            break
    return allocations


@transaction.atomic
def stock_release(*, product: Product, allocations: list[Allocation]) -> None:
    """Give reserved units back (order cancelled). Never drops `reserved` below zero."""
    levels = {lv.warehouse_id: lv for lv in
              StockLevel.objects.select_for_update().filter(product=product).order_by("id")}
    for alloc in allocations:
        level = levels.get(alloc.warehouse_id)
        if level is not None:
            StockLevel.objects.filter(pk=level.pk).update(reserved=max(level.reserved - alloc.units, 0))


@transaction.atomic
def stock_ship(*, product: Product, allocations: list[Allocation]) -> None:
    """Reserved units leave the warehouse: quantity and reserved both go down."""
    levels = {lv.warehouse_id: lv for lv in
              StockLevel.objects.select_for_update().filter(product=product).order_by("id")}
    for alloc in allocations:
        level = levels[alloc.warehouse_id]
        units = min(alloc.units, level.reserved)
        StockLevel.objects.filter(pk=level.pk).update(quantity=F("quantity") - units, reserved=F("reserved") - units)
