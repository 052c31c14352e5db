"""Race test (issue 5 acceptance) end to end: the last unit ordered on two marketplaces at once ends
with one accepted order, and after the pushes (and a reconciliation run) every sandbox marketplace
shows 0 for it."""
from __future__ import annotations

import threading
import time

from django.db import close_old_connections

from marketplaces.sandbox.tests.conftest import sandbox, sandbox_url  # noqa: F401
from marketplaces.sync.dispatch import intents_push
from marketplaces.sync.reconcile import account_reconcile
from marketplaces.sync.models import Order
from marketplaces.sync.orders import orders_import
from marketplaces.sync.tests.conftest import _close_pooled_sessions, link, sandbox_stock  # noqa: F401
from marketplaces.sync.tests.test_orders import Incoming, Line
from partners.models import Partner, Product, StockLevel, Warehouse


def test_last_unit_on_two_marketplaces_one_order_and_zero_everywhere(sandbox):
    partner = Partner.objects.create(legal_name=f"Race {time.time_ns()} LLC", status=Partner.Status.ACTIVE)
    linked = {v: link(sandbox, v, partner) for v in ("ozon", "wb", "ym", "uzum")}
    sku = "DEMO-001"  # every sandbox account's first demo card
    product = Product.objects.create(partner=partner, sku=sku, title="Last one", price=10000)
    StockLevel.objects.create(product=product, warehouse=Warehouse.objects.create(partner=partner, name="Main"),
                              quantity=1)
    barrier = threading.Barrier(2)

    def pull(vendor: str, order_id: str) -> None:
        try:
            barrier.wait(timeout=10)
            orders_import(account=linked[vendor][0], orders=[Incoming(order_id, [Line(sku, 1)])])
        finally:
            close_old_connections()

    threads = [threading.Thread(target=pull, args=("ozon", "OZ-LAST")), threading.Thread(target=pull, args=("wb", "WB-LAST"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(Order.objects.filter(partner=partner).values_list("status", flat=True)) == ["new", "rejected"]
    assert StockLevel.objects.get(product=product).reserved == 1
    for ours, _ in linked.values():
        account_reconcile(account=ours, full=False, kinds=("stock",))  # the winner's own listing too
        intents_push(account_id=ours.pk, kind="stock")
    for vendor, (ours, acc) in linked.items():
        assert sandbox_stock(acc.id, ours)[sku] == 0, vendor
