"""Batching and pacing against the sandbox under its real (time-scaled) limits: 10,000 stock and
10,000 price updates make exactly ceil(items / vendor batch) requests and never meet a 429/420."""
from __future__ import annotations

import math

import pytest

from marketplaces.clients.selector import client_for_account
from marketplaces.clients.types import PriceUpdate, StockUpdate
from marketplaces.sandbox.models import SandboxAccount, SandboxStock
from marketplaces.sandbox.services import cards_bulk_create
from marketplaces.tests.conftest import SCALE, connect

N = 10_000
STOCK_BATCH = {"wb": 1000, "ozon": 100, "ym": 2000, "uzum": 1000}
PRICE_BATCH = {"wb": 1000, "ozon": 1000, "ym": 500, "uzum": 1}
# Uzum prices go one product per call (2 rps): 10,000 of them are bench/clients_bench.py's job (0 refusals).
PRICE_N = {"uzum": 200}


def updates(vendor, cards, warehouse):
    stocks = [StockUpdate(sku=c.offer_id, quantity=i % 50, warehouse_id=str(warehouse or ""), vendor_id=str(c.sku_id),
                          barcode=c.barcode) for i, c in enumerate(cards)]
    prices = [PriceUpdate(sku=c.offer_id, price=1000 + i, vendor_id=str(c.ext_id), sku_id=str(c.sku_id))
              for i, c in enumerate(cards)]
    return stocks, prices


def refusals(sandbox, acc) -> list[dict]:
    rows, after = [], 0
    while True:
        page = sandbox.log(account=acc.id, after=after, limit=1000)
        rows += page
        if len(page) < 1000:
            return [r for r in rows if r["status"] in (420, 429)]
        after = page[-1]["seq"]


@pytest.mark.parametrize("vendor", ["wb", "ozon", "ym", "uzum"])
def test_ten_thousand_stock_and_price_updates_make_minimum_requests_without_429(sandbox, vendor):
    n = N
    ours, acc = connect(sandbox, vendor, demo_cards=0)
    cards = cards_bulk_create(account=SandboxAccount.objects.get(pk=acc.id), n=n)
    stocks, prices = updates(vendor, cards, (acc.data.get("warehouses") or [None])[0])
    client = client_for_account(ours, time_scale=SCALE)

    result = client.stocks_update(stocks)
    assert result.ok and len(result.items) == n
    assert client.requests_made == math.ceil(n / STOCK_BATCH[vendor])
    assert SandboxStock.objects.filter(card__account_id=acc.id, amount=49).count() >= n // 50

    client.requests_made = 0
    prices = prices[:PRICE_N.get(vendor, n)]
    result = client.prices_update(prices)
    assert result.ok and len(result.items) == len(prices)
    assert client.requests_made == math.ceil(len(prices) / PRICE_BATCH[vendor])
    assert refusals(sandbox, acc) == []
