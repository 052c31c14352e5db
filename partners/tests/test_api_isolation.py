"""Tenancy over the API: partner B's warehouses, products and stock are 404 for partner A on
read, update and delete (the same answer as an id that does not exist), never listed, never
changed, and not reachable through list filters or stock writes."""
from __future__ import annotations

from decimal import Decimal

import pytest

from partners.models import AuditEvent, Product, StockLevel, Warehouse
from partners.tests.test_api_auth import assert_error, fresh_throttles, jwt_client  # noqa: F401

PATCHES = {"warehouses": {"name": "Hijacked"}, "products": {"title": "Hijacked"}, "stock": {"quantity": 0}}


@pytest.fixture
def world(partner_a, partner_b, make_product, make_warehouse):
    """A and B each have a warehouse, a product and a stock row."""
    rows = {}
    for key, partner in (("a", partner_a), ("b", partner_b)):
        warehouse = make_warehouse(partner=partner, name=f"WH {key}")
        product = make_product(partner=partner, sku=f"SKU-{key}", title=f"Title {key}", price=Decimal("7"))
        stock = StockLevel.objects.create(product=product, warehouse=warehouse, quantity=10, reserved=2)
        rows[key] = {"warehouses": warehouse, "products": product, "stock": stock}
    return rows


@pytest.fixture
def api(user_a, user_b):
    return jwt_client(user_a)


@pytest.mark.parametrize("resource", ["warehouses", "products", "stock"])
def test_other_partners_object_is_404_on_get_patch_delete(api, world, resource):
    theirs = world["b"][resource]
    url = f"/api/v1/{resource}/{theirs.pk}/"
    missing = f"/api/v1/{resource}/999999/"
    before = type(theirs).objects.filter(pk=theirs.pk).values().get()
    bodies = []
    for method, kwargs in (("get", {}), ("patch", {"data": PATCHES[resource], "format": "json"}), ("delete", {})):
        bodies.append(assert_error(getattr(api, method)(url, **kwargs), 404, "not_found"))
        # Indistinguishable from an id that does not exist at all.
        assert assert_error(getattr(api, method)(missing, **kwargs), 404, "not_found") == bodies[-1]
    assert type(theirs).objects.filter(pk=theirs.pk).values().get() == before  # untouched, not deleted
    assert not AuditEvent.objects.exists()  # nothing was written


@pytest.mark.parametrize("resource", ["warehouses", "products", "stock"])
def test_lists_never_contain_other_partners_rows(api, world, resource):
    body = api.get(f"/api/v1/{resource}/?limit=500").json()
    ids = {row["id"] for row in body["results"]}
    assert ids == {world["a"][resource].pk} and body["count"] == 1


def test_list_search_and_filters_do_not_reach_other_partner(api, world):
    assert api.get("/api/v1/products/?search=SKU-b").json()["results"] == []
    assert api.get("/api/v1/warehouses/?search=WH b").json()["results"] == []
    b_product, b_warehouse = world["b"]["products"], world["b"]["warehouses"]
    assert api.get(f"/api/v1/stock/?product={b_product.pk}").json() == {
        "count": 0, "next": None, "previous": None, "results": []}
    assert api.get(f"/api/v1/stock/?warehouse={b_warehouse.pk}").json()["count"] == 0
    # Ordering by a related field cannot pull in other rows either.
    assert api.get("/api/v1/stock/?ordering=-product__sku").json()["count"] == 1


def test_stock_set_with_other_partners_product_or_warehouse_is_404(api, world):
    a, b = world["a"], world["b"]
    for product, warehouse in ((b["products"], a["warehouses"]), (a["products"], b["warehouses"]),
                               (b["products"], b["warehouses"])):
        response = api.post("/api/v1/stock/", {"product": product.pk, "warehouse": warehouse.pk, "quantity": 0},
                            format="json")
        assert_error(response, 404, "not_found")
    assert StockLevel.objects.get(pk=b["stock"].pk).quantity == 10
    assert StockLevel.objects.filter(product=a["products"], warehouse=b["warehouses"]).count() == 0


def test_other_partner_unchanged_after_everything(api, world, partner_b):
    before = list(Product.objects.filter(partner=partner_b).values()), list(
        Warehouse.objects.filter(partner=partner_b).values())
    for resource in ("warehouses", "products", "stock"):
        pk = world["b"][resource].pk
        api.patch(f"/api/v1/{resource}/{pk}/", PATCHES[resource], format="json")
        api.delete(f"/api/v1/{resource}/{pk}/")
    after = list(Product.objects.filter(partner=partner_b).values()), list(
        Warehouse.objects.filter(partner=partner_b).values())
    assert before == after and StockLevel.objects.filter(product__partner=partner_b).count() == 1
