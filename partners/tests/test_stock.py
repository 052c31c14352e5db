"""Reservations across warehouses, and the last-unit race under real row locks."""
from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections

from partners.models import StockLevel
from partners.services.stock import (Allocation, InsufficientStock, stock_available, stock_release,
                                     stock_reserve, stock_ship)


@pytest.fixture
def stocked(partner_a, make_product, make_warehouse):
    product = make_product(partner=partner_a, sku="TEA-1")
    w1, w2 = make_warehouse(partner=partner_a), make_warehouse(partner=partner_a)
    StockLevel.objects.create(product=product, warehouse=w1, quantity=3)
    StockLevel.objects.create(product=product, warehouse=w2, quantity=5, reserved=1)
    return product, w1, w2


def test_reserve_takes_from_fullest_warehouse_first_and_release_gives_back(stocked):
    product, w1, w2 = stocked
    assert stock_available(product=product) == 7
    allocations = stock_reserve(product=product, units=6)
    assert allocations == [Allocation(w2.pk, 4), Allocation(w1.pk, 2)]
    assert stock_available(product=product) == 1
    stock_release(product=product, allocations=allocations)
    assert stock_available(product=product) == 7


def test_reserve_more_than_available_changes_nothing(stocked):
    product, *_ = stocked
    with pytest.raises(InsufficientStock, match="Only 7 unit"):
        stock_reserve(product=product, units=8)
    assert list(StockLevel.objects.order_by("id").values_list("reserved", flat=True)) == [0, 1]


def test_ship_lowers_quantity_and_reserved(stocked):
    product, w1, w2 = stocked
    allocations = stock_reserve(product=product, units=2)
    stock_ship(product=product, allocations=allocations)
    level = StockLevel.objects.get(warehouse=w2)
    assert (level.quantity, level.reserved) == (3, 1)
    assert stock_available(product=product) == 5


@pytest.mark.django_db(transaction=True)
def test_last_unit_race_only_one_reservation_wins(partner_a, make_product, make_warehouse):
    """Six orders race for the last unit of each of three products; exactly one wins each."""
    warehouse = make_warehouse(partner=partner_a)
    products = [make_product(partner=partner_a, sku=f"LAST-{n}") for n in range(3)]
    for product in products:
        StockLevel.objects.create(product=product, warehouse=warehouse, quantity=1)
    racers = 6
    outcomes: dict[int, list[str]] = {p.pk: [] for p in products}

    def order_from_marketplace(product, barrier):
        try:
            barrier.wait(timeout=10)
            stock_reserve(product=product, units=1)
            outcomes[product.pk].append("accepted")
        except InsufficientStock:
            outcomes[product.pk].append("refused")
        finally:
            close_old_connections()

    for product in products:
        barrier = threading.Barrier(racers)
        threads = [threading.Thread(target=order_from_marketplace, args=(product, barrier)) for _ in range(racers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    for product in products:
        assert sorted(outcomes[product.pk]) == ["accepted"] + ["refused"] * (racers - 1)
        assert stock_available(product=product) == 0
        assert StockLevel.objects.get(product=product).reserved == 1
