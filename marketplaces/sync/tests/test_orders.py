"""Orders: idempotent import, unmapped lines kept, cross-channel reservation, lifecycle."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Intent, Order
from marketplaces.sync.orders import order_status_set, orders_import
from partners.models import StockLevel


@dataclass
class Line:
    sku: str
    quantity: int
    barcode: str = ""
    title: str = "Item"
    price: Decimal = Decimal("10000")


@dataclass
class Incoming:
    external_id: str
    lines: list = field(default_factory=list)
    placed_at: datetime = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
    total: Decimal = Decimal("10000")
    currency: str = "UZS"


@pytest.fixture
def shop(partner_a, make_product, make_warehouse):
    wh = make_warehouse(partner=partner_a)
    tea = make_product(partner=partner_a, sku="TEA", barcode="4780000000011")
    StockLevel.objects.create(product=tea, warehouse=wh, quantity=3)
    accounts = {m: MarketplaceAccount.objects.create(partner=partner_a, marketplace=m, credentials={})
                for m in ("ozon", "wildberries", "uzum")}
    return tea, accounts


def stock_intents(account):
    return list(Intent.objects.filter(account=account, kind="stock").values_list("payload", flat=True))


def test_pulling_twice_creates_no_duplicates(shop):
    tea, accounts = shop
    batch = [Incoming("O-1", [Line("TEA", 1)]), Incoming("O-2", [Line("TEA", 1)])]
    assert orders_import(account=accounts["ozon"], orders=batch)["created"] == 2
    assert orders_import(account=accounts["ozon"], orders=batch) == {"created": 0, "existing": 2, "rejected": 0,
                                                                     "unmapped_lines": 0}
    assert Order.objects.count() == 2
    assert StockLevel.objects.get(product=tea).reserved == 2  # reserved once per order, not per pull
    # the same vendor id on another marketplace is a different order
    assert orders_import(account=accounts["uzum"], orders=[Incoming("O-1", [Line("TEA", 1)])])["created"] == 1


def test_reservation_pushes_new_available_stock_to_every_other_marketplace(shop):
    tea, accounts = shop
    orders_import(account=accounts["ozon"], orders=[Incoming("O-1", [Line("TEA", 2)])])
    assert stock_intents(accounts["ozon"]) == []
    for name in ("wildberries", "uzum"):
        [payload] = stock_intents(accounts[name])
        assert payload["sku"] == "TEA" and payload["available"] == 1


def test_unmapped_line_is_kept_and_flagged_and_barcode_maps(shop):
    tea, accounts = shop
    counts = orders_import(account=accounts["ozon"], orders=[
        Incoming("O-9", [Line("UNKNOWN-SKU", 1, title="Mystery box"), Line("", 1, barcode="4780000000011")])])
    assert counts["unmapped_lines"] == 1
    order = Order.objects.get(external_id="O-9")
    assert order.has_unmapped_lines
    lines = {line.title: line for line in order.lines.all()}
    assert lines["Mystery box"].product is None and lines["Mystery box"].quantity == 1
    assert [ln.product for ln in order.lines.all() if ln.product] == [tea]


def test_order_that_cannot_be_filled_is_rejected_whole(shop):
    tea, accounts = shop
    orders_import(account=accounts["ozon"], orders=[Incoming("O-1", [Line("TEA", 2), Line("TEA", 2)])])
    order = Order.objects.get(external_id="O-1")
    assert order.status == "rejected" and StockLevel.objects.get(product=tea).reserved == 0
    assert Intent.objects.get(account=accounts["ozon"], kind="order_status").payload["status"] == "rejected"


def test_cancellation_releases_and_pushes(shop):
    tea, accounts = shop
    orders_import(account=accounts["ozon"], orders=[Incoming("O-1", [Line("TEA", 3)])])
    order = Order.objects.get(external_id="O-1")
    order_status_set(order=order, status="cancelled")
    assert StockLevel.objects.get(product=tea).reserved == 0
    assert stock_intents(accounts["ozon"])[-1]["available"] == 3
    with pytest.raises(ValidationError, match="cannot become"):
        order_status_set(order=order, status="shipped")


def test_lifecycle_to_shipped_consumes_stock(shop):
    tea, accounts = shop
    orders_import(account=accounts["wildberries"], orders=[Incoming("W-1", [Line("TEA", 1)])])
    order = Order.objects.get(external_id="W-1")
    for status in ("acknowledged", "assembling", "shipped", "delivered"):
        order = order_status_set(order=order, status=status)
    level = StockLevel.objects.get(product=tea)
    assert (level.quantity, level.reserved) == (2, 0)
    pushed = Intent.objects.filter(account=accounts["wildberries"], kind="order_status")
    assert [i.payload["status"] for i in pushed.order_by("id")] == ["acknowledged", "shipped"]


@pytest.mark.django_db(transaction=True)
def test_last_unit_ordered_on_two_marketplaces_at_once(partner_a, make_product, make_warehouse):
    wh = make_warehouse(partner=partner_a)
    last = make_product(partner=partner_a, sku="LAST")
    StockLevel.objects.create(product=last, warehouse=wh, quantity=1)
    ozon = MarketplaceAccount.objects.create(partner=partner_a, marketplace="ozon", credentials={})
    wb = MarketplaceAccount.objects.create(partner=partner_a, marketplace="wildberries", credentials={})
    barrier = threading.Barrier(2)

    def pull(account, order_id):
        try:
            barrier.wait(timeout=10)
            orders_import(account=account, orders=[Incoming(order_id, [Line("LAST", 1)])])
        finally:
            close_old_connections()

    threads = [threading.Thread(target=pull, args=(ozon, "OZ-1")), threading.Thread(target=pull, args=(wb, "WB-1"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    statuses = sorted(Order.objects.values_list("status", flat=True))
    assert statuses == ["new", "rejected"]
    assert StockLevel.objects.get(product=last).reserved == 1
    winner = Order.objects.get(status="new").account
    loser = Order.objects.get(status="rejected").account
    # the marketplace that lost is told available = 0; the winner's marketplace already knows
    assert [p["available"] for p in stock_intents(loser)] == [0]
    assert stock_intents(winner) == []
