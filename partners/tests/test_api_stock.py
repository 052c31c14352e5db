"""Stock levels over the API: list with filters, set (create or change), change, delete; the
quantity can never go below zero or below the reserved units."""
from __future__ import annotations

import pytest

from partners.models import AuditEvent, StockLevel
from partners.tests.test_api_auth import assert_error, fresh_throttles, jwt_client  # noqa: F401


@pytest.fixture
def api(user_a):
    return jwt_client(user_a)


@pytest.fixture
def catalog(partner_a, make_product, make_warehouse):
    return (make_product(partner=partner_a, sku="S-1"), make_product(partner=partner_a, sku="S-2"),
            make_warehouse(partner=partner_a, name="Main"), make_warehouse(partner=partner_a, name="Spare"))


def test_stock_set_list_change_delete(api, user_a, catalog):
    p1, p2, main, spare = catalog
    set_one = api.post("/api/v1/stock/", {"product": p1.pk, "warehouse": main.pk, "quantity": 12}, format="json")
    assert set_one.status_code == 200, set_one.content
    level = set_one.json()
    assert (level["product_sku"], level["warehouse_name"], level["quantity"], level["reserved"], level["available"]) \
        == ("S-1", "Main", 12, 0, 12)
    # Setting again changes the same row (an upsert, not a second row).
    api.post("/api/v1/stock/", {"product": p1.pk, "warehouse": main.pk, "quantity": 15}, format="json")
    api.post("/api/v1/stock/", {"product": p2.pk, "warehouse": spare.pk, "quantity": 3}, format="json")
    assert StockLevel.objects.filter(product=p1).count() == 1
    listed = api.get("/api/v1/stock/?ordering=-quantity").json()
    assert [(r["product_sku"], r["quantity"]) for r in listed["results"]] == [("S-1", 15), ("S-2", 3)]
    assert [r["product_sku"] for r in api.get(f"/api/v1/stock/?warehouse={spare.pk}").json()["results"]] == ["S-2"]
    assert [r["warehouse_name"] for r in api.get(f"/api/v1/stock/?product={p1.pk}").json()["results"]] == ["Main"]
    pk = level["id"]
    assert api.get(f"/api/v1/stock/{pk}/").json()["quantity"] == 15
    assert api.patch(f"/api/v1/stock/{pk}/", {"quantity": 4}, format="json").json()["quantity"] == 4
    assert api.delete(f"/api/v1/stock/{pk}/").status_code == 204
    assert not StockLevel.objects.filter(pk=pk).exists()
    actions = list(AuditEvent.objects.filter(actor=user_a).values_list("action", flat=True))
    assert actions.count("stock.set") == 4 and actions.count("stock.deleted") == 1


def test_quantity_never_below_zero_or_reserved(api, catalog):
    p1, _p2, main, _spare = catalog
    level = StockLevel.objects.create(product=p1, warehouse=main, quantity=10, reserved=6)
    error = assert_error(api.patch(f"/api/v1/stock/{level.pk}/", {"quantity": 5}, format="json"), 400, "invalid")
    assert "6 reserved" in error["details"]["quantity"][0]
    error = assert_error(api.post("/api/v1/stock/", {"product": p1.pk, "warehouse": main.pk, "quantity": -1},
                                  format="json"), 400, "invalid")
    assert "quantity" in error["details"]
    error = assert_error(api.delete(f"/api/v1/stock/{level.pk}/"), 400, "invalid")
    assert "reserved" in error["details"]
    level.refresh_from_db()
    assert (level.quantity, level.reserved) == (10, 6)
    assert api.patch(f"/api/v1/stock/{level.pk}/", {"quantity": 6}, format="json").json()["available"] == 0


@pytest.mark.parametrize("payload, fields", [
    ({}, {"product", "warehouse", "quantity"}),
    ({"product": "one", "warehouse": 1, "quantity": 1}, {"product"}),
    ({"product": 1, "warehouse": 1, "quantity": 1.5}, {"quantity"}),
    ({"product": 1, "warehouse": 1, "quantity": 2**31}, {"quantity"}),
])
def test_stock_set_bad_types(api, payload, fields):
    assert set(assert_error(api.post("/api/v1/stock/", payload, format="json"), 400, "invalid")["details"]) == fields


def test_stock_list_bad_filter_is_400(api):
    error = assert_error(api.get("/api/v1/stock/?product=abc"), 400, "invalid")
    assert "product" in error["details"]
