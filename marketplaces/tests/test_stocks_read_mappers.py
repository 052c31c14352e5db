"""Pure stocks_read mappers on vendor-shaped bodies (the shapes the sandbox serves, after the
vendor notes): our SKU back, the right quantity per vendor, ContractChanged on a moved field."""
from __future__ import annotations

import pytest

from marketplaces.clients.errors import ContractChanged
from marketplaces.clients.ozon import mappers as ozon
from marketplaces.clients.types import StockLevelRead, StockUpdate
from marketplaces.clients.uzum import mappers as uzum
from marketplaces.clients.wildberries import mappers as wb
from marketplaces.clients.yandex_market import mappers as ym
from marketplaces.tests.conftest import fixture


def test_wildberries_maps_chrt_ids_back_to_our_skus():
    asked = [StockUpdate(sku="MUG-1", quantity=0, vendor_id="500000001"), StockUpdate(sku="MUG-2", quantity=0,
                                                                                      vendor_id="500000002")]
    body = {"stocks": [{"chrtId": 500000002, "amount": 4}, {"chrtId": 777, "amount": 1}]}
    assert wb.stocks_read(body, asked, "600001") == [StockLevelRead(sku="MUG-2", quantity=4, warehouse_id="600001")]
    with pytest.raises(ContractChanged):
        wb.stocks_read({"stocksV2": []}, asked, "600001")


def test_ozon_reads_fbs_sellable_stock_only():
    body = {"items": [
        {"offer_id": "A", "product_id": 1, "stocks": [
            {"type": "fbs", "present": 6, "reserved": 1, "sku": 9, "warehouse_ids": [22000001]},
            {"type": "fbo", "present": 50, "reserved": 0, "sku": 9, "warehouse_ids": []}]},
        {"offer_id": "B", "product_id": 2, "stocks": [
            {"type": "fbs", "present": 5, "reserved": 0, "sku": 8, "warehouse_ids": [22000001, 22000002]}]},
        {"offer_id": "C", "product_id": 3, "stocks": []}], "cursor": "Mg==", "total": 3}
    rows, cursor = ozon.stocks_read(body)
    # present counts reserved units; the stock we set (v2/products/stocks) does not
    assert rows == [StockLevelRead("A", 5, "22000001"), StockLevelRead("B", 5, "")] and cursor == "Mg=="
    with pytest.raises(ContractChanged):
        ozon.stocks_read({"items": [{"offer_id": "A", "stocks": [{"type": "fbs"}]}]})


def test_yandex_market_reads_fit_per_warehouse_and_the_page_token():
    body = {"status": "OK", "result": {"warehouses": [{"warehouseId": 700001, "offers": [
        {"offerId": "A", "stocks": [{"type": "FIT", "count": 7}, {"type": "FREEZE", "count": 2}]},
        {"offerId": "B", "stocks": [{"type": "AVAILABLE", "count": 3}]}]}], "paging": {"nextPageToken": "t2"}}}
    rows, token = ym.stocks_read(body)
    assert rows == [StockLevelRead("A", 7, "700001"), StockLevelRead("B", 0, "700001")] and token == "t2"
    assert ym.stocks_read({"status": "OK", "result": {"warehouses": [], "paging": {}}}) == ([], "")


def test_uzum_reads_sku_amounts_from_the_recorded_answer():
    body = fixture("uzum_stocks_read")
    rows = uzum.sku_amounts(body)
    assert rows and all(isinstance(s, int) and isinstance(a, int) for s, a in rows)
    assert rows[0] == (body["payload"]["skuAmountList"][0]["skuId"], body["payload"]["skuAmountList"][0]["amount"])
    with pytest.raises(ContractChanged):
        uzum.sku_amounts({"payload": {"skuList": []}})
