"""Partner profile, warehouses and products over the API: CRUD, search/ordering/pagination,
validation in the stable error body, and an audit row for every write."""
from __future__ import annotations

from decimal import Decimal

import pytest

from partners.models import AuditEvent, Partner, Product, User, Warehouse
from partners.tests.test_api_auth import assert_error, fresh_throttles, jwt_client  # noqa: F401


@pytest.fixture
def api(user_a):
    return jwt_client(user_a)


def test_partner_profile_read_and_owner_update(api, user_a, partner_a):
    body = api.get("/api/v1/partner/").json()
    assert body["id"] == partner_a.pk and body["legal_name"] == "Alpha Trade LLC" and body["status"] == "active"
    response = api.patch("/api/v1/partner/", {"inn": "301 234 567", "phone": "+998 90 123-45-67",
                                              "address": "Tashkent, Navoi 5", "status": "paused"}, format="json")
    assert response.status_code == 200, response.content
    partner_a.refresh_from_db()
    assert (partner_a.inn, partner_a.phone, partner_a.address) == ("301234567", "+998901234567", "Tashkent, Navoi 5")
    assert partner_a.status == Partner.Status.ACTIVE  # status is Bozor's to set, not the partner's
    event = AuditEvent.objects.get(action="partner.updated")
    assert event.actor == user_a and event.partner == partner_a and event.ip == "127.0.0.1"
    assert sorted(event.data["fields"]) == ["address", "inn", "phone"]


def test_partner_profile_bad_inn_and_phone_name_the_fields_and_save_nothing(api, partner_a):
    response = api.patch("/api/v1/partner/", {"inn": "1234567890", "phone": "12", "address": "New"}, format="json")
    error = assert_error(response, 400, "invalid")
    assert "check digit" in error["details"]["inn"][0] and error["details"]["phone"]
    partner_a.refresh_from_db()
    assert partner_a.address == "" and not AuditEvent.objects.filter(action="partner.updated").exists()
    error = assert_error(api.patch("/api/v1/partner/", {"email": "not-an-email", "legal_name": ""}, format="json"),
                         400, "invalid")
    assert set(error["details"]) == {"email", "legal_name"}


def test_partner_staff_role_reads_but_cannot_update(make_user, partner_a):
    clerk = make_user(partner=partner_a, role=User.Role.STAFF)
    client = jwt_client(clerk)
    assert client.get("/api/v1/partner/").status_code == 200
    error = assert_error(client.patch("/api/v1/partner/", {"address": "x"}, format="json"), 403, "permission_denied")
    assert "owner" in error["message"]


def test_warehouse_crud_with_audit(api, user_a, partner_a):
    created = api.post("/api/v1/warehouses/", {"name": "Chilonzor", "location": "Tashkent", "capacity_kg": 5000,
                                               "storage_type": "chilled"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    warehouse = Warehouse.objects.get(pk=pk)
    assert warehouse.partner == partner_a and warehouse.storage_type == "chilled"
    assert api.get(f"/api/v1/warehouses/{pk}/").json()["name"] == "Chilonzor"
    patched = api.patch(f"/api/v1/warehouses/{pk}/", {"capacity_kg": 7000}, format="json")
    assert patched.status_code == 200 and patched.json()["capacity_kg"] == 7000
    assert api.delete(f"/api/v1/warehouses/{pk}/").status_code == 204
    assert not Warehouse.objects.filter(pk=pk).exists()
    actions = list(AuditEvent.objects.filter(partner=partner_a, actor=user_a).values_list("action", flat=True))
    assert sorted(actions) == ["warehouse.created", "warehouse.deleted", "warehouse.updated"]


def test_warehouse_duplicate_name_and_bad_choice(api, make_warehouse, partner_a):
    existing = make_warehouse(partner=partner_a, name="Main")
    error = assert_error(api.post("/api/v1/warehouses/", {"name": "Main"}, format="json"), 400, "invalid")
    assert f"id {existing.pk}" in error["details"]["name"][0]
    error = assert_error(api.post("/api/v1/warehouses/", {"name": "X", "storage_type": "lava", "capacity_kg": -1},
                                  format="json"), 400, "invalid")
    assert set(error["details"]) == {"storage_type", "capacity_kg"}
    assert Warehouse.objects.filter(partner=partner_a).count() == 1


def test_product_crud_with_audit(api, user_a, partner_a):
    payload = {"sku": "TEA-1", "title": "Green tea", "price": "12500.00", "currency": "UZS",
               "attributes": {"weight": "100g"}, "images": ["https://img.example.test/tea.jpg"], "weight_g": 120}
    created = api.post("/api/v1/products/", payload, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    product = Product.objects.get(pk=pk)
    assert product.partner == partner_a and product.price == Decimal("12500.00")
    assert product.attributes == {"weight": "100g"}
    detail = api.get(f"/api/v1/products/{pk}/").json()
    assert detail["sku"] == "TEA-1" and detail["price"] == "12500.00"
    assert api.patch(f"/api/v1/products/{pk}/", {"title": "Green tea 100 g"}, format="json").status_code == 200
    product.refresh_from_db()
    assert product.title == "Green tea 100 g"
    assert api.delete(f"/api/v1/products/{pk}/").status_code == 204
    assert not Product.objects.filter(pk=pk).exists()
    actions = sorted(AuditEvent.objects.filter(partner=partner_a, actor=user_a).values_list("action", flat=True))
    assert actions == ["product.created", "product.deleted", "product.updated"]


def test_duplicate_sku_is_a_clear_400(api, make_product, partner_a, partner_b):
    mine = make_product(partner=partner_a, sku="DUP-1")
    error = assert_error(api.post("/api/v1/products/", {"sku": "DUP-1", "title": "Again"}, format="json"),
                         400, "invalid")
    assert f"id {mine.pk}" in error["details"]["sku"][0] and "bulk-upsert" in error["details"]["sku"][0]
    other = make_product(partner=partner_a, sku="OTHER")
    error = assert_error(api.patch(f"/api/v1/products/{other.pk}/", {"sku": "DUP-1"}, format="json"), 400, "invalid")
    assert "DUP-1" in error["details"]["sku"][0]
    # Another partner's SKU is no conflict (SKUs are unique per partner), and it is not revealed.
    make_product(partner=partner_b, sku="BETA-ONLY")
    assert api.post("/api/v1/products/", {"sku": "BETA-ONLY", "title": "Mine"}, format="json").status_code == 201


def test_lists_search_order_and_paginate(api, make_product, make_warehouse, partner_a):
    for n in range(7):
        make_product(partner=partner_a, sku=f"P-{n}", title=f"Item {n}", price=Decimal(100 - n), brand="Acme")
    make_product(partner=partner_a, sku="Z-TEA", title="Black tea")
    page = api.get("/api/v1/products/?limit=3&offset=0&ordering=-price").json()
    assert page["count"] == 8 and len(page["results"]) == 3 and page["next"]
    assert [r["sku"] for r in page["results"]] == ["P-0", "P-1", "P-2"]
    assert [r["sku"] for r in api.get("/api/v1/products/?search=tea").json()["results"]] == ["Z-TEA"]
    assert api.get("/api/v1/products/?limit=100000").status_code == 200  # capped at 500, not an error
    make_warehouse(partner=partner_a, name="B-side", location="Samarkand")
    make_warehouse(partner=partner_a, name="A-side", location="Tashkent")
    names = [w["name"] for w in api.get("/api/v1/warehouses/?ordering=-name").json()["results"]]
    assert names == ["B-side", "A-side"]
    assert [w["name"] for w in api.get("/api/v1/warehouses/?search=samar").json()["results"]] == ["B-side"]
