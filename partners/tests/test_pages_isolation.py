"""Tenant isolation on every partner page: B's objects are a 404 for A; lists never show B."""
from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import Product, StockLevel, Warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def b_objects(partner_b, make_product, make_warehouse):
    return {
        "product": make_product(partner=partner_b, sku="BETA-SECRET-1", title="Beta secret product"),
        "warehouse": make_warehouse(partner=partner_b, name="Beta hidden depot"),
    }


@pytest.fixture
def client_a(client, user_a):
    client.force_login(user_a)
    return client


PRODUCT_PAGES = ["product_detail", "product_edit", "product_delete"]
WAREHOUSE_PAGES = ["warehouse_edit", "warehouse_delete"]


@pytest.mark.parametrize("name", PRODUCT_PAGES + ["product_stock"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_partners_product_pages_are_404(client_a, b_objects, name, method):
    product = b_objects["product"]
    url = reverse(name, args=[product.pk])
    data = {"sku": "HIJACK", "title": "x", "price": "1", "cost": "1", "currency": "UZS", "weight_g": 0,
            "length_mm": 0, "width_mm": 0, "height_mm": 0, "warehouse": b_objects["warehouse"].pk, "quantity": 5}
    response = getattr(client_a, method)(url, data) if method == "post" else client_a.get(url)
    expected = {405} if (name == "product_stock" and method == "get") else {404}
    assert response.status_code in expected
    product.refresh_from_db()
    assert product.sku == "BETA-SECRET-1"
    assert not StockLevel.objects.filter(product=product).exists()


@pytest.mark.parametrize("name", WAREHOUSE_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_partners_warehouse_pages_are_404(client_a, b_objects, name, method):
    warehouse = b_objects["warehouse"]
    url = reverse(name, args=[warehouse.pk])
    response = client_a.post(url, {"name": "HIJACK", "capacity_kg": 1, "storage_type": "dry"}) \
        if method == "post" else client_a.get(url)
    assert response.status_code == 404
    assert Warehouse.objects.get(pk=warehouse.pk).name == "Beta hidden depot"


def test_stock_on_own_product_in_other_partners_warehouse_is_404(client_a, partner_a, make_product, b_objects):
    own = make_product(partner=partner_a)
    response = client_a.post(reverse("product_stock", args=[own.pk]),
                             {"warehouse": b_objects["warehouse"].pk, "quantity": 3})
    assert response.status_code == 404
    assert not StockLevel.objects.exists()


def test_lists_and_search_never_show_other_partners_rows(client_a, partner_a, make_product, make_warehouse,
                                                          b_objects):
    make_product(partner=partner_a, sku="ALPHA-1", title="Alpha product")
    make_warehouse(partner=partner_a, name="Alpha depot")
    for url in (reverse("product_list"), reverse("product_list") + "?q=BETA",
                reverse("product_list") + "?q=secret"):
        body = client_a.get(url).content.decode()
        assert "BETA-SECRET-1" not in body and "Beta secret product" not in body
    body = client_a.get(reverse("product_list")).content.decode()
    assert "ALPHA-1" in body
    for url in (reverse("warehouse_list"), reverse("warehouse_list") + "?q=hidden"):
        body = client_a.get(url, HTTP_HX_REQUEST="true").content.decode()
        assert "Beta hidden depot" not in body
    assert "Alpha depot" in client_a.get(reverse("warehouse_list")).content.decode()
    # Creating with B's SKU makes A's own product; B's stays untouched.
    client_a.post(reverse("product_create"), {"sku": "BETA-SECRET-1", "title": "Mine", "price": "1", "cost": "0",
                                              "currency": "UZS", "weight_g": 0, "length_mm": 0, "width_mm": 0,
                                              "height_mm": 0})
    assert Product.objects.get(partner=partner_a, sku="BETA-SECRET-1").title == "Mine"
    assert Product.objects.get(pk=b_objects["product"].pk).title == "Beta secret product"


def test_staff_without_partner_gets_404_on_partner_pages(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("product_list")).status_code == 404
    assert client.get(reverse("dashboard"))["Location"] == reverse("admin:index")


def test_anonymous_is_sent_to_login(client, b_objects):
    for url in (reverse("product_list"), reverse("warehouse_list"),
                reverse("product_detail", args=[b_objects["product"].pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
