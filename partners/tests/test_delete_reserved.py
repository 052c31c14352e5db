"""A product or warehouse holding units reserved for orders can't be deleted (that would cancel the
reservations silently): the API answers 400 with the stable error body, the page says why, and
nothing is deleted. Without reservations both go, with their stock rows."""
from __future__ import annotations

import pytest

from partners.models import Product, StockLevel, Warehouse
from partners.services.stock import stock_reserve
from partners.tests.test_api_auth import jwt_client


@pytest.fixture
def reserved(partner_a, make_product, make_warehouse):
    product, warehouse = make_product(partner=partner_a, sku="R-1"), make_warehouse(partner=partner_a, name="Main")
    StockLevel.objects.create(product=product, warehouse=warehouse, quantity=5)
    stock_reserve(product=product, units=2)
    return product, warehouse


@pytest.mark.parametrize("kind", ["products", "warehouses"])
def test_api_refuses_to_delete_what_holds_reserved_units(user_a, reserved, kind):
    product, warehouse = reserved
    target = product if kind == "products" else warehouse
    resp = jwt_client(user_a).delete(f"/api/v1/{kind}/{target.pk}/")
    assert resp.status_code == 400, resp.content
    assert "2 unit(s)" in str(resp.json()["error"]["details"]["reserved"])
    assert Product.objects.filter(pk=product.pk).exists() and Warehouse.objects.filter(pk=warehouse.pk).exists()
    assert StockLevel.objects.get(product=product).reserved == 2


@pytest.mark.parametrize("kind", ["products", "warehouses"])
def test_page_refuses_with_a_message_and_keeps_everything(client, user_a, reserved, kind):
    product, warehouse = reserved
    target = product if kind == "products" else warehouse
    client.force_login(user_a)
    resp = client.post(f"/{kind}/{target.pk}/delete/", follow=True)
    assert resp.status_code == 200
    assert "reserved for orders" in resp.content.decode()
    assert StockLevel.objects.filter(product=product, warehouse=warehouse, reserved=2).exists()


def test_delete_without_reservations_removes_the_stock_rows(user_a, partner_a, make_product, make_warehouse):
    product, warehouse = make_product(partner=partner_a), make_warehouse(partner=partner_a)
    StockLevel.objects.create(product=product, warehouse=warehouse, quantity=5)
    api = jwt_client(user_a)
    assert api.delete(f"/api/v1/products/{product.pk}/").status_code == 204
    assert api.delete(f"/api/v1/warehouses/{warehouse.pk}/").status_code == 204
    assert not StockLevel.objects.exists()
