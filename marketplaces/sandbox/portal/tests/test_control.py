"""Control API of the portal emulator under /_sandbox/uzum-portal/."""
from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from marketplaces.sandbox.portal.models import PortalAccount, PortalProduct, PortalSession, PortalSettings
from marketplaces.sandbox.portal.tests.conftest import PORTAL, portal_login

pytestmark = pytest.mark.django_db
CONTROL = "/_sandbox/uzum-portal"


def post(path: str, body) -> tuple[int, dict]:
    response = Client().post(CONTROL + path, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def assert_error(status: int, body: dict, expect_status: int, code: str) -> None:
    assert status == expect_status and set(body) == {"error"}
    assert body["error"]["code"] == code and body["error"]["message"] and isinstance(body["error"]["details"], dict)


def test_create_account_returns_working_credentials():
    status, body = post("/accounts", {"shop_name": "Mugs", "phone": "+998 90 555 66 77"})
    assert status == 201 and body["shop_name"] == "Mugs" and body["login"] == "+998905556677"
    creds = body["credentials"]
    assert set(creds) == {"login", "email", "password", "otp_code", "totp_secret"} and len(creds["otp_code"]) == 6
    assert body["portal_url"].endswith(f"{PORTAL}/login")
    assert portal_login(Client(), creds)["Location"].endswith("/products")


def test_account_list_shows_no_secrets():
    _, created = post("/accounts", {"password": "s3cret-pass-1", "otp_code": "424242"})
    response = Client().get(CONTROL + "/accounts")
    assert response.status_code == 200 and [a["id"] for a in response.json()["accounts"]] == [created["id"]]
    for secret in ("s3cret-pass-1", "424242", created["credentials"]["totp_secret"]):
        assert secret not in response.content.decode()
    assert "s3cret-pass-1" not in PortalAccount.objects.get().password_hash  # hashed at rest


@pytest.mark.parametrize(("body", "field"), [
    ({"phone": "12"}, "phone"), ({"email": "not-an-email"}, "email"), ({"otp_code": "12ab56"}, "otp_code"),
    ({"password": 123}, "password")])
def test_create_account_refuses_bad_input(body, field):
    status, answer = post("/accounts", body)
    assert_error(status, answer, 400, "invalid")
    assert field in answer["error"]["details"] and not PortalAccount.objects.exists()


def test_duplicate_login_is_refused():
    post("/accounts", {"email": "a@shop.uz"})
    status, body = post("/accounts", {"email": "A@shop.uz"})
    assert_error(status, body, 400, "invalid")
    assert PortalAccount.objects.count() == 1


def test_malformed_bodies_and_methods():
    client = Client()
    assert_error(*_pair(client.post(CONTROL + "/accounts", "{nope", content_type="application/json")), 400, "invalid")
    assert_error(*_pair(client.post(CONTROL + "/captcha", "[1]", content_type="application/json")), 400, "invalid")
    assert_error(*_pair(client.get(CONTROL + "/reset")), 405, "method_not_allowed")
    assert_error(*_pair(client.delete(CONTROL + "/accounts")), 405, "method_not_allowed")


def _pair(response) -> tuple[int, dict]:
    return response.status_code, response.json()


def test_ui_version_switch():
    status, body = post("/ui-version", {"version": "v3"})
    assert status == 200 and body["ui_version"] == "v3" and body["ui_versions"] == ["v1", "v2", "v3"]
    assert b'data-ui-version="v3"' in Client().get(f"{PORTAL}/login").content
    assert_error(*post("/ui-version", {"version": "v9"}), 400, "invalid")
    assert PortalSettings.objects.get().ui_version == "v3"


def test_captcha_switch():
    assert post("/captcha", {"enabled": True}) == (200, {**Client().get(CONTROL + "/config").json(), "captcha_enabled": True})
    assert b'data-portal-page="captcha"' in Client().get(f"{PORTAL}/login").content
    assert_error(*post("/captcha", {"enabled": "yes"}), 400, "invalid")
    assert post("/captcha", {"enabled": False})[1]["captcha_enabled"] is False
    assert b'data-portal-page="login"' in Client().get(f"{PORTAL}/login").content


@pytest.mark.parametrize("seconds", [0, -1, "60", 1.5, True, None, 86400 * 31])
def test_session_lifetime_refuses_bad_values(seconds):
    assert_error(*post("/session-lifetime", {"seconds": seconds}), 400, "invalid")


def test_session_lifetime_and_expire_all():
    status, body = post("/session-lifetime", {"seconds": 90})
    assert status == 200 and body["session_lifetime_seconds"] == 90
    _, created = post("/accounts", {})
    client = Client()
    portal_login(client, created["credentials"])
    assert client.get(f"{PORTAL}/products").status_code == 200
    assert post("/sessions/expire", {}) == (200, {"expired": 1})
    assert client.get(f"{PORTAL}/products")["Location"].endswith("?reason=expired")


def test_account_products_and_reset():
    _, created = post("/accounts", {})
    client = Client()
    portal_login(client, created["credentials"])
    client.post(f"{PORTAL}/products/new", {"title": "Mug", "sku": "M-1", "price": "1000", "category": "home",
                                           "description": "", "stock": "3"})
    response = Client().get(f"{CONTROL}/accounts/{created['id']}/products")
    products = response.json()["products"]
    assert response.status_code == 200 and [(p["sku"], p["stock"], p["price"]) for p in products] == [("M-1", 3, "1000.00")]
    assert_error(*_pair(Client().get(f"{CONTROL}/accounts/999999/products")), 404, "not_found")
    post("/ui-version", {"version": "v2"})
    status, body = post("/reset", {})
    assert status == 200 and body["ui_version"] == "v1" and body["captcha_enabled"] is False
    assert not (PortalAccount.objects.exists() or PortalProduct.objects.exists() or PortalSession.objects.exists())


@override_settings(SANDBOX_ENABLED=False)
def test_control_is_closed_when_the_sandbox_is_off():
    for path in ("/accounts", "/config"):
        assert Client().get(CONTROL + path).status_code == 404
    assert Client().post(CONTROL + "/reset").status_code == 404


def test_standalone_sandbox_server_serves_the_portal_too():
    from django.urls import resolve

    from marketplaces.sandbox.portal import control, views
    assert resolve(f"{PORTAL}/login", urlconf="marketplaces.sandbox.standalone_urls").func is views.login
    assert resolve(f"{CONTROL}/reset", urlconf="marketplaces.sandbox.standalone_urls").func is control.reset
