"""Warehouse and product pages: list, HTMX search, pagination, create, edit, delete, stock."""
from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import AuditEvent, Product, StockLevel, Warehouse

pytestmark = pytest.mark.django_db

PRODUCT = {"sku": "TEA-001", "title": "Green tea 100 g", "description": "", "brand": "Chorsu", "category": "Tea",
           "barcode": "4780000000011", "price": "25000.00", "cost": "12000", "currency": "UZS", "weight_g": 110,
           "length_mm": 100, "width_mm": 60, "height_mm": 40, "attributes": '{"origin": "Fergana"}',
           "images": '["https://img.example.test/tea.jpg"]'}


@pytest.fixture
def client_a(client, user_a):
    client.force_login(user_a)
    return client


def test_warehouse_create_edit_delete(client_a, partner_a):
    response = client_a.post(reverse("warehouse_create"), {"name": "Tashkent main", "location": "Yunusabad",
                                                           "capacity_kg": 5000, "storage_type": "dry"})
    assert response["Location"] == reverse("warehouse_list")
    warehouse = Warehouse.objects.get(partner=partner_a, name="Tashkent main")
    response = client_a.post(reverse("warehouse_edit", args=[warehouse.pk]),
                             {"name": "Tashkent central", "location": "Yunusabad", "capacity_kg": 6000,
                              "storage_type": "chilled"})
    assert response.status_code == 302
    warehouse.refresh_from_db()
    assert (warehouse.name, warehouse.capacity_kg, warehouse.storage_type) == ("Tashkent central", 6000, "chilled")
    assert AuditEvent.objects.filter(action="warehouse.updated", partner=partner_a).exists()
    confirm = client_a.get(reverse("warehouse_delete", args=[warehouse.pk]))
    assert "Tashkent central" in confirm.content.decode() and "cannot be undone" in confirm.content.decode()
    assert Warehouse.objects.filter(pk=warehouse.pk).exists()  # GET never deletes
    client_a.post(reverse("warehouse_delete", args=[warehouse.pk]))
    assert not Warehouse.objects.filter(pk=warehouse.pk).exists()


def test_warehouse_form_errors_next_to_fields_and_keep_input(client_a, partner_a, make_warehouse):
    make_warehouse(partner=partner_a, name="Taken")
    response = client_a.post(reverse("warehouse_create"), {"name": "Taken", "location": "Chilonzor 5",
                                                           "capacity_kg": "lots", "storage_type": "dry"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_capacity_kg_error"' in body and 'value="Chilonzor 5"' in body and 'value="lots"' in body
    response = client_a.post(reverse("warehouse_create"), {"name": "Taken", "capacity_kg": 1, "storage_type": "dry"})
    assert "already exists" in response.content.decode()
    assert Warehouse.objects.filter(partner=partner_a).count() == 1


def test_product_create_edit_delete(client_a, partner_a):
    response = client_a.post(reverse("product_create"), PRODUCT)
    product = Product.objects.get(partner=partner_a, sku="TEA-001")
    assert response["Location"] == reverse("product_detail", args=[product.pk])
    assert product.attributes == {"origin": "Fergana"} and product.images == ["https://img.example.test/tea.jpg"]
    detail = client_a.get(response["Location"]).content.decode()
    assert "Green tea 100 g" in detail and "Fergana" in detail
    assert 'href="https://img.example.test/tea.jpg"' in detail
    product.images = ["javascript:alert(1)"]
    product.save()
    assert 'href="javascript:' not in client_a.get(response["Location"]).content.decode()
    client_a.post(reverse("product_edit", args=[product.pk]), {**PRODUCT, "title": "Green tea 200 g", "price": "45000"})
    product.refresh_from_db()
    assert product.title == "Green tea 200 g" and str(product.price) == "45000.00"
    assert AuditEvent.objects.filter(action="product.updated", target_id=str(product.pk)).exists()
    client_a.post(reverse("product_delete", args=[product.pk]))
    assert not Product.objects.filter(pk=product.pk).exists()


def test_product_form_bad_input_is_shown_and_kept(client_a, partner_a, make_product):
    make_product(partner=partner_a, sku="DUP-1")
    response = client_a.post(reverse("product_create"), {**PRODUCT, "price": "-5", "attributes": "{not json",
                                                         "title": "Typed title"})
    body = response.content.decode()
    assert 'id="id_price_error"' in body and 'id="id_attributes_error"' in body
    assert 'value="Typed title"' in body and "{not json" in body
    response = client_a.post(reverse("product_create"), {**PRODUCT, "sku": "DUP-1"})
    assert "already exists" in response.content.decode()
    response = client_a.post(reverse("product_create"), {**PRODUCT, "attributes": "[1, 2]"})
    assert "Attributes must be a JSON object" in response.content.decode()
    assert Product.objects.filter(partner=partner_a).count() == 1


def test_product_search_htmx_returns_partial_and_pagination(client_a, partner_a, make_product):
    for n in range(25):
        make_product(partner=partner_a, sku=f"BULK-{n:03d}", title=f"Bulk item {n}")
    make_product(partner=partner_a, sku="SPECIAL-1", title="Saffron")
    full = client_a.get(reverse("product_list")).content.decode()
    assert "<html" in full and "Page 1 of 2" in full
    partial = client_a.get(reverse("product_list") + "?q=saffron", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "SPECIAL-1" in partial and "BULK-001" not in partial
    page2 = client_a.get(reverse("product_list") + "?page=2").content.decode()
    assert "Page 2 of 2" in page2 and "SPECIAL-1" in page2 and "BULK-000" not in page2
    restore = client_a.get(reverse("product_list") + "?q=saffron", HTTP_HX_REQUEST="true",
                           HTTP_HX_HISTORY_RESTORE_REQUEST="true").content.decode()
    assert "<html" in restore  # the back button after a live search gets the whole page
    empty = client_a.get(reverse("product_list") + "?q=zzz", HTTP_HX_REQUEST="true").content.decode()
    assert "No products match" in empty


def test_stock_editing_per_warehouse(client_a, partner_a, make_product, make_warehouse):
    product = make_product(partner=partner_a)
    w1, w2 = make_warehouse(partner=partner_a, name="North"), make_warehouse(partner=partner_a, name="South")
    url = reverse("product_stock", args=[product.pk])
    response = client_a.post(url, {"warehouse": w1.pk, "quantity": 12}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert 'value="12"' in response.content.decode()
    client_a.post(url, {"warehouse": w2.pk, "quantity": 3})
    assert {s.warehouse.name: s.quantity for s in StockLevel.objects.filter(product=product)} == {"North": 12, "South": 3}
    StockLevel.objects.filter(product=product, warehouse=w1).update(reserved=5)
    response = client_a.post(url, {"warehouse": w1.pk, "quantity": 2}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "below the 5 reserved" in response.content.decode()
    response = client_a.post(url, {"warehouse": w1.pk, "quantity": -1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert StockLevel.objects.get(product=product, warehouse=w1).quantity == 12
    listing = client_a.get(reverse("product_list")).content.decode()
    assert ">15<" in listing


def test_dashboard_counts_and_empty_states(client_a, partner_a, make_product, make_warehouse):
    body = client_a.get(reverse("dashboard")).content.decode()
    assert "Add your first warehouse" in body and "No products yet" in body
    make_warehouse(partner=partner_a)
    make_product(partner=partner_a, sku="EMPTY-1")
    body = client_a.get(reverse("dashboard")).content.decode()
    assert 'data-testid="product-count">1<' in body and "1 product is out of stock" in body and "EMPTY-1" in body
