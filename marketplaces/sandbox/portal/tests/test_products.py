"""Product list, create form and stock edit of the portal emulator (Django test client)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from marketplaces.sandbox.portal.models import PortalProduct
from marketplaces.sandbox.portal.tests.conftest import PORTAL, portal_login
from marketplaces.sandbox.portal.ui import VERSIONS

pytestmark = pytest.mark.django_db

GOOD = {"title": "Ceramic mug 350 ml", "sku": "MUG-RED-350", "price": "49 000,50", "category": "home",
        "description": "Red mug", "stock": "25"}


def _form(version: str, data: dict) -> dict:
    return {VERSIONS[version].product_fields[k]: v for k, v in data.items()}


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
def test_create_product_and_edit_stock_on_each_version(make_account, use_version, version):
    use_version(version)
    account, creds = make_account()
    client = Client()
    portal_login(client, creds, version=version)
    form = client.get(f"{PORTAL}/products/new")
    assert form.status_code == 200 and b'data-portal-page="product-form"' in form.content
    response = client.post(f"{PORTAL}/products/new", _form(version, GOOD))
    assert response.status_code == 302 and response["Location"].endswith("/products?notice=product-created")
    product = PortalProduct.objects.get(account=account)
    assert (product.title, product.sku, product.price, product.category, product.stock) == (
        "Ceramic mug 350 ml", "MUG-RED-350", Decimal("49000.50"), "home", 25)
    listing = client.get(response["Location"]).content.decode()
    assert 'data-portal-notice="product-created"' in listing and 'data-sku="MUG-RED-350"' in listing
    stock_url = f"{PORTAL}/products/{product.product_id}/stock"
    assert b'data-portal-page="stock-form"' in client.get(stock_url).content
    saved = client.post(stock_url, {VERSIONS[version].stock_field: "7"})
    assert saved["Location"].endswith("?notice=stock-saved")
    product.refresh_from_db()
    assert product.stock == 7


def test_invalid_product_shows_field_errors_and_writes_nothing(logged_in):
    client, account, _ = logged_in()
    bad = {"title": "x", "sku": "has space", "price": "-3", "category": "cars", "description": "", "stock": "many"}
    response = client.post(f"{PORTAL}/products/new", bad)
    html = response.content.decode()
    assert response.status_code == 400 and 'data-portal-error="invalid"' in html
    for key in ("title", "sku", "price", "category", "stock"):
        assert f'data-portal-field-error="{key}"' in html
    assert 'value="has space"' in html  # the seller's input is kept
    assert not PortalProduct.objects.exists()


def test_empty_product_form_names_every_required_field(logged_in):
    client, _, _ = logged_in()
    html = client.post(f"{PORTAL}/products/new", {}).content.decode()
    for key in ("title", "sku", "price", "category", "stock"):
        assert f'data-portal-field-error="{key}"' in html


def test_duplicate_sku_is_refused_per_account_only(logged_in):
    client_a, account_a, _ = logged_in()
    client_b, account_b, _ = logged_in()
    assert client_a.post(f"{PORTAL}/products/new", GOOD).status_code == 302
    again = client_a.post(f"{PORTAL}/products/new", GOOD)
    assert again.status_code == 400 and b'data-portal-field-error="sku"' in again.content
    assert client_b.post(f"{PORTAL}/products/new", GOOD).status_code == 302  # another shop may use it
    assert PortalProduct.objects.filter(sku="MUG-RED-350").count() == 2


def test_bad_stock_value_is_refused_and_stock_kept(logged_in):
    client, account, _ = logged_in()
    client.post(f"{PORTAL}/products/new", GOOD)
    product = PortalProduct.objects.get()
    for value in ("-1", "abc", "", "1000001"):
        response = client.post(f"{PORTAL}/products/{product.product_id}/stock", {"stock": value})
        assert response.status_code == 400 and b'data-portal-field-error="stock"' in response.content
    product.refresh_from_db()
    assert product.stock == 25


def test_one_shop_cannot_see_or_edit_another_shops_products(logged_in):
    client_a, _, _ = logged_in()
    client_b, _, _ = logged_in()
    client_a.post(f"{PORTAL}/products/new", GOOD)
    product = PortalProduct.objects.get()
    url = f"{PORTAL}/products/{product.product_id}/stock"
    assert client_b.get(url).status_code == 404
    assert client_b.post(url, {"stock": "0"}).status_code == 404
    assert b"MUG-RED-350" not in client_b.get(f"{PORTAL}/products").content
    product.refresh_from_db()
    assert product.stock == 25


def test_unknown_product_is_404(logged_in):
    client, _, _ = logged_in()
    assert client.get(f"{PORTAL}/products/999999/stock").status_code == 404


def test_product_pages_need_a_session_past_2fa(make_account):
    _, creds = make_account()
    client = Client()
    client.post(f"{PORTAL}/login", {"login": creds["login"], "password": creds["password"]})
    for path in ("/products", "/products/new"):
        assert client.get(PORTAL + path)["Location"].endswith("/2fa")
    assert client.post(f"{PORTAL}/products/new", GOOD)["Location"].endswith("/2fa")
    assert not PortalProduct.objects.exists()


def test_version_switch_applies_to_a_running_session(logged_in, use_version):
    client, _, _ = logged_in()
    assert b'id="new-product-link"' in client.get(f"{PORTAL}/products").content
    use_version("v2")
    html = client.get(f"{PORTAL}/products").content.decode()
    assert 'data-action="create-product"' in html and 'id="new-product-link"' not in html
    v1_post = client.post(f"{PORTAL}/products/new", GOOD)  # v1 field names no longer match the form
    assert v1_post.status_code == 400 and not PortalProduct.objects.exists()
