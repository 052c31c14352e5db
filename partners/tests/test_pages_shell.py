"""The shell: language switch (en/ru/uz), messages, and helpful 403/404/500 pages."""
from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.urls import reverse

from partners.views import errors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Views called directly (no LocaleMiddleware) use the thread's active language.
    with translation.override("en"):
        yield


@pytest.fixture
def client_a(client, user_a):
    client.force_login(user_a)
    return client


@pytest.mark.parametrize(("lang", "products", "add"), [
    ("ru", "Товары", "Добавить товар"),
    ("uz", "Mahsulotlar", "Mahsulot qoʻshish"),
    ("en", "Products", "Add product"),
])
def test_language_switch_translates_the_shell_and_pages(client_a, lang, products, add):
    response = client_a.post(reverse("set_language"), {"language": lang, "next": reverse("product_list")})
    assert response.status_code == 302 and response["Location"] == reverse("product_list")
    body = client_a.get(reverse("product_list")).content.decode()
    assert f'<html lang="{lang}">' in body
    assert products in body and add in body
    assert f'value="{lang}" lang="{lang}"' in body


def test_prices_use_the_languages_number_format(client_a, partner_a, make_product):
    from decimal import Decimal

    make_product(partner=partner_a, sku="RICH-1", price=Decimal("1234567.50"))
    assert "1,234,567.50 UZS" in client_a.get(reverse("product_list")).content.decode()
    client_a.post(reverse("set_language"), {"language": "ru"})
    assert "1\xa0234\xa0567,50 UZS" in client_a.get(reverse("product_list")).content.decode()


def test_nav_links_pages_of_other_apps_when_present(client_a):
    body = client_a.get(reverse("product_list")).content.decode()
    assert f'href="{reverse("order_list")}"' in body and f'href="{reverse("content:queue")}"' in body


def test_anonymous_pages_are_translated(client):
    client.post(reverse("set_language"), {"language": "ru"})
    body = client.get(reverse("login")).content.decode()
    assert "Вход в Bozor" in body and "Забыли пароль?" in body
    body = client.get(reverse("signup")).content.decode()
    assert "Название компании" in body and "Пароль ещё раз" in body


def test_messages_are_shown_once(client_a):
    response = client_a.post(reverse("warehouse_create"), {"name": "Depot", "capacity_kg": 1, "storage_type": "dry"},
                             follow=True)
    assert "Warehouse “Depot” created." in response.content.decode()
    assert "created." not in client_a.get(reverse("warehouse_list")).content.decode()


def test_404_page_is_helpful(client_a, settings):
    settings.SUPPORT_EMAIL = "help@bozor.test"
    response = client_a.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and 'href=""' in body and "help@bozor.test" in body
    assert reverse("dashboard") in body


def test_404_page_translated(client):
    client.post(reverse("set_language"), {"language": "uz"})
    body = client.get("/no-such-page/").content.decode()
    assert "Sahifa topilmadi" in body


def test_403_page_is_helpful(rf: RequestFactory, user_a):
    request = rf.get("/products/")
    request.user = user_a
    response = errors.forbidden(request)
    body = response.content.decode()
    assert response.status_code == 403 and "Try again" in body and "support@" in body


def test_500_page_renders_without_context_processors(rf: RequestFactory, settings):
    settings.SUPPORT_EMAIL = "oncall@bozor.test"
    request = rf.get("/products/")  # no user, no session: context processors must not be needed
    response = errors.server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body and "oncall@bozor.test" in body and 'href=""' in body


def test_api_errors_keep_the_json_body(rf: RequestFactory):
    response = errors.server_error(rf.get("/api/v1/products/"))
    assert response.status_code == 500 and b'"code": "server_error"' in response.content


def test_csrf_failure_is_a_friendly_403(user_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user_a)
    response = client.post(reverse("warehouse_create"), {"name": "No token"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "send the form again" in body and "Try again" in body and "support@" in body
