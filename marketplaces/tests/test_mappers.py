"""Pure mapper tests on recorded, scrubbed vendor payloads (fixtures/*.json recorded from the
sandbox, which follows the vendor references). A missing field raises ContractChanged."""
from __future__ import annotations

import copy
from datetime import timezone
from decimal import Decimal

import pytest

from marketplaces.clients.errors import ContractChanged
from marketplaces.clients.ozon import mappers as ozon
from marketplaces.clients.types import PriceUpdate, ProductCard, StockUpdate
from marketplaces.clients.uzum import mappers as uzum
from marketplaces.clients.wildberries import mappers as wb
from marketplaces.clients.yandex_market import mappers as ym
from marketplaces.tests.conftest import fixture


def test_wildberries_order_review_warehouse():
    order = wb.order(fixture("wb_orders_new")["orders"][0])
    assert (order.id, order.lines[0].sku, order.lines[0].price, order.warehouse_id) == (
        "4000000001", "DEMO-001", Decimal("10000"), "600001")  # WB order prices are minor units
    assert order.created_at.tzinfo is not None
    review = wb.review(fixture("wb_feedbacks")["data"]["feedbacks"][0])
    assert (review.sku, review.rating, review.answered) == ("DEMO-001", 2, False)
    assert wb.warehouse(fixture("wb_warehouses")[0]).id == "600001"
    assert set(wb.cards_from_list(fixture("wb_cards_list"))) == {"DEMO-001", "DEMO-002"}
    errors_body = {"data": {"items": [{"vendorCodes": ["A"], "errors": {"A": ["title is required"]}}]}}
    assert wb.card_errors(errors_body) == {"A": "title is required"}


def test_wildberries_outgoing_shapes():
    card = ProductCard(sku="MUG", title="Mug", price=Decimal("990"), category_id=2001, weight_g=450, length_mm=120,
                       width_mm=90, height_mm=100, barcode="46")
    body = wb.card_to_wb(card)
    assert body["subjectID"] == 2001 and body["variants"][0]["dimensions"] == {
        "length": 12, "width": 9, "height": 10, "weightBrutto": 0.45}
    assert wb.price_to_wb(PriceUpdate(sku="MUG", price=Decimal("900"), old_price=Decimal("1000"), vendor_id="5")) == {
        "nmID": 5, "price": 1000, "discount": 10}
    assert wb.stock_to_wb(StockUpdate(sku="MUG", quantity=3, vendor_id="7")) == {"chrtId": 7, "amount": 3}


def test_ozon_order_review_import_results():
    order = ozon.order(fixture("ozon_unfulfilled")["postings"][0])
    assert order.id == "30000003-0001-1" and order.lines[0].quantity == 3 and order.currency == "UZS"
    assert ozon.review(fixture("ozon_reviews")["reviews"][0]).answered is False
    items = ozon.import_results(fixture("ozon_import_info"))
    assert [(i.key, i.ok) for i in items] == [("N1", True), ("N2", False)]
    assert items[1].code == "required_attribute_missing" and "name" in items[1].message
    assert ozon.import_results({"result": {"items": [{"offer_id": "X", "status": "pending"}]}}) is None
    prices = ozon.item_results(fixture("ozon_prices"))
    assert [(i.ok, i.code) for i in prices] == [(True, ""), (False, "offer_id_not_found")]
    assert [w.id for w in map(ozon.warehouse, fixture("ozon_warehouses")["warehouses"])][:1] == ["22142605386002"]


def test_yandex_market_order_review_card_status():
    order = ym.order(fixture("ym_orders")["orders"][0])
    assert order.status == "PROCESSING/STARTED" and order.lines[0].price == Decimal("10000.0")
    review = ym.review(fixture("ym_feedback")["result"]["feedbacks"][0])
    assert (review.id, review.sku, review.rating, review.text) == ("900005", "DEMO-001", 5, "Does not fit")
    statuses = ym.card_statuses(fixture("ym_offer_mappings"))
    assert statuses["DEMO-001"] == "HAS_CARD_CAN_UPDATE"
    assert ym.card_result("X", "NO_CARD_PROCESSING") is None and ym.card_result("X", "HAS_CARD_CAN_UPDATE").ok
    assert ym.price_to_ym(PriceUpdate(sku="A", price=Decimal("5"), currency="RUB"))["price"]["currencyId"] == "RUR"
    assert ym.update_rejections({"status": "OK", "results": []}) is None


def test_uzum_order_products_stock_shape():
    order = uzum.order(fixture("uzum_orders")["payload"]["orders"][0])
    assert order.status == "CREATED" and order.created_at.tzinfo == timezone.utc and order.lines[0].quantity == 3
    product = uzum.products(fixture("uzum_products"))[0]
    assert product == {"product_id": "3000010", "sku_id": "11000010", "sku": "DEMO-001", "barcode": "4600000000010"}
    assert uzum.stock_to_uzum(StockUpdate(sku="A", quantity=2, vendor_id="9", barcode="46")) == {
        "skuId": 9, "barcode": "46", "amount": 2}


CASES = [
    (wb.order, lambda: fixture("wb_orders_new")["orders"][0], "chrtId"),
    (wb.review, lambda: fixture("wb_feedbacks")["data"]["feedbacks"][0], "productValuation"),
    (ozon.order, lambda: fixture("ozon_unfulfilled")["postings"][0], "posting_number"),
    (ozon.review, lambda: fixture("ozon_reviews")["reviews"][0], "rating"),
    (ym.order, lambda: fixture("ym_orders")["orders"][0], "items"),
    (ym.review, lambda: fixture("ym_feedback")["result"]["feedbacks"][0], "statistics"),
    (uzum.order, lambda: fixture("uzum_orders")["payload"]["orders"][0], "orderItems"),
    (uzum.products, lambda: fixture("uzum_products"), "productList"),
]


@pytest.mark.parametrize("mapper,load,field", CASES)
def test_missing_field_raises_contract_changed(mapper, load, field):
    body = copy.deepcopy(load())
    del body[field]
    with pytest.raises(ContractChanged, match=field):
        mapper(body)
