"""Bad input gets the stable error body and writes nothing: malformed JSON, wrong types,
over-long strings, negative money, wrong content type, unknown methods."""
from __future__ import annotations

import pytest

from partners.models import AuditEvent, Product, Warehouse
from partners.tests.test_api_auth import assert_error, fresh_throttles, jwt_client  # noqa: F401


@pytest.fixture
def api(user_a):
    return jwt_client(user_a)


@pytest.mark.parametrize("url", ["/api/v1/products/", "/api/v1/warehouses/", "/api/v1/products/bulk-upsert/",
                                 "/api/v1/stock/"])
def test_malformed_json(api, url):
    response = api.generic("POST", url, '{"sku": "X", "title": ', content_type="application/json")
    error = assert_error(response, 400, "malformed")
    assert "JSON parse error" in error["message"]
    assert not Product.objects.exists() and not Warehouse.objects.exists()


def test_malformed_json_on_patch(api, partner_a, make_product):
    product = make_product(partner=partner_a, title="Same")
    response = api.generic("PATCH", f"/api/v1/products/{product.pk}/", "{nope", content_type="application/json")
    assert_error(response, 400, "malformed")
    product.refresh_from_db()
    assert product.title == "Same"


@pytest.mark.parametrize("payload, field", [
    ({"sku": "X", "title": "T", "price": "-1"}, "price"),
    ({"sku": "X", "title": "T", "cost": "-0.01"}, "cost"),
    ({"sku": "X", "title": "T", "price": "abc"}, "price"),
    ({"sku": "X", "title": "T", "price": "1.234"}, "price"),
    ({"sku": "X", "title": "T", "price": "1" * 13 + ".00"}, "price"),
    ({"sku": "X", "title": "T", "weight_g": "heavy"}, "weight_g"),
    ({"sku": "X", "title": "T", "weight_g": -5}, "weight_g"),
    ({"sku": "X", "title": "T", "currency": "EUR"}, "currency"),
    ({"sku": "X", "title": "T", "attributes": ["not", "a", "dict"]}, "attributes"),
    ({"sku": "X", "title": "T", "images": ["not a url"]}, "images"),
    ({"sku": "X", "title": "T", "images": "https://x.test/1.jpg"}, "images"),
    ({"sku": "X" * 65, "title": "T"}, "sku"),
    ({"sku": "X", "title": "T" * 256}, "title"),
    ({"sku": "X", "title": "T", "description": "d" * 5001}, "description"),
    ({"sku": "X", "title": "T", "barcode": "1" * 33}, "barcode"),
    ({"sku": "   ", "title": "T"}, "sku"),
    ({"sku": 12, "title": {"a": 1}}, "title"),
    ({"title": "no sku"}, "sku"),
])
def test_product_bad_fields(api, payload, field):
    error = assert_error(api.post("/api/v1/products/", payload, format="json"), 400, "invalid")
    assert field in error["details"], error
    assert not Product.objects.exists() and not AuditEvent.objects.exists()


def test_patch_with_bad_field_changes_nothing(api, partner_a, make_product):
    product = make_product(partner=partner_a, title="Keep", sku="K-1")
    error = assert_error(api.patch(f"/api/v1/products/{product.pk}/", {"title": "New", "price": "-3"},
                                   format="json"), 400, "invalid")
    assert list(error["details"]) == ["price"]
    product.refresh_from_db()
    assert product.title == "Keep"


def test_warehouse_over_long_and_wrong_types(api):
    error = assert_error(api.post("/api/v1/warehouses/", {"name": "n" * 121, "location": "l" * 301,
                                                          "capacity_kg": "lots"}, format="json"), 400, "invalid")
    assert set(error["details"]) == {"name", "location", "capacity_kg"}
    assert not Warehouse.objects.exists()


def test_json_body_that_is_not_an_object(api):
    error = assert_error(api.post("/api/v1/products/", [1, 2], format="json"), 400, "invalid")
    assert "non_field_errors" in error["details"]


def test_unsupported_media_type_and_method(api, partner_a, make_product):
    response = api.generic("POST", "/api/v1/products/", "sku=X", content_type="text/plain")
    assert_error(response, 415, "unsupported_media_type")
    product = make_product(partner=partner_a)
    assert_error(api.put(f"/api/v1/products/{product.pk}/", {"sku": "Y", "title": "Z"}, format="json"),
                 405, "method_not_allowed")
