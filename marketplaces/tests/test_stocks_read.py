"""stocks_read over real HTTP against the sandbox, per vendor: what stocks_update pushed reads back
exactly, a SKU the vendor does not know is absent, more items than one read batch (or page) are
all read, a change on the marketplace's side (drift) shows, and a 429 / 420 is waited out."""
from __future__ import annotations

import pytest

from marketplaces.clients.selector import client_for_account
from marketplaces.clients.types import Capability, StockUpdate
from marketplaces.sandbox.models import SandboxStock
from marketplaces.sandbox.services import cards_bulk_create
from marketplaces.tests.conftest import SCALE, connect

N = 1200  # more than one read batch everywhere: WB 1000 chrtIds, Ozon 1000 offers, YM 500 offers, Uzum 100 a page
READ_CALLS = {"wb": 2, "ozon": 2, "ym": 3, "uzum": 13}  # Uzum pages the whole shop: 12 full pages + an empty one
UNKNOWN = {"wb": "990000001", "ozon": "", "ym": "", "uzum": "990000001"}  # chrtId / skuId nobody has


def _setup(sandbox, vendor: str, n: int = N):
    ours, acc = connect(sandbox, vendor, demo_cards=0)
    cards = cards_bulk_create(account=acc.model, n=n)
    warehouse = str((acc.data.get("warehouses") or [""])[0])
    items = [StockUpdate(sku=c.offer_id, quantity=n % 97 + 1, warehouse_id=warehouse, vendor_id=str(c.sku_id),
                         barcode=c.barcode) for n, c in enumerate(cards)]
    return client_for_account(ours, time_scale=SCALE), acc, items


@pytest.mark.parametrize("vendor", ["wb", "ozon", "ym", "uzum"])
def test_stocks_read_returns_what_was_pushed(sandbox, vendor):
    c, acc, items = _setup(sandbox, vendor)
    assert Capability.STOCKS_READ in c.capabilities
    assert c.stocks_update(items).ok
    unknown = StockUpdate(sku="NOPE-1", quantity=0, warehouse_id=items[0].warehouse_id, vendor_id=UNKNOWN[vendor],
                          barcode="4700000000000")

    before = c.requests_made
    read = c.stocks_read([*items, unknown])
    assert c.requests_made - before == READ_CALLS[vendor]
    assert len(read) == len(items)  # one level per SKU, the unknown one absent
    assert {(r.sku, r.warehouse_id): r.quantity for r in read} == \
        {(i.sku, i.warehouse_id): i.quantity for i in items}

    # drift on the marketplace's side (a sale, a manual edit in the seller cabinet) is what we read
    row = SandboxStock.objects.get(card__account_id=acc.id, card__offer_id=items[5].sku,
                                   **({"warehouse__ext_id": int(items[5].warehouse_id)} if items[5].warehouse_id
                                      else {"warehouse__isnull": True}))
    row.amount = 999
    row.save(update_fields=["amount"])
    assert [(r.sku, r.quantity) for r in c.stocks_read([items[5], unknown])] == [(items[5].sku, 999)]


@pytest.mark.parametrize("vendor", ["wb", "ozon", "ym", "uzum"])
def test_stocks_read_waits_out_a_rate_limit(sandbox, vendor):
    c, acc, items = _setup(sandbox, vendor, n=3)
    assert c.stocks_update(items).ok
    sandbox.fault(account=acc.id, group="stocks", kind="rate_limit", params={"retry_after": 0.5}, count=1)
    read = c.stocks_read(items)
    assert sorted((r.sku, r.quantity) for r in read) == sorted((i.sku, i.quantity) for i in items)
    statuses = [r["status"] for r in sandbox.log(account=acc.id, group="stocks", limit=200)]
    assert statuses.count(420 if vendor == "ym" else 429) == 1 and statuses[-1] == 200


def test_ozon_reads_fbs_stock_summed_over_warehouses(sandbox):
    """v4/product/info/stocks is per offer, not per warehouse (see OzonClient.stocks_read): an offer
    stocked in two warehouses reads as the sum, with no single warehouse id."""
    ours, acc = connect(sandbox, "ozon", demo_cards=0)
    [card] = cards_bulk_create(account=acc.model, n=1)
    wh1, wh2 = (str(w) for w in acc.data["warehouses"])
    c = client_for_account(ours, time_scale=SCALE)
    pushed = [StockUpdate(sku=card.offer_id, quantity=2, warehouse_id=wh1),
              StockUpdate(sku=card.offer_id, quantity=3, warehouse_id=wh2)]
    assert c.stocks_update(pushed).ok
    [level] = c.stocks_read(pushed)
    assert (level.sku, level.quantity, level.warehouse_id) == (card.offer_id, 5, "")
