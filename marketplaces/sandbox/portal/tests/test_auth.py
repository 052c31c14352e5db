"""Login, 2FA, session expiry and captcha of the portal emulator, through Django's test client."""
from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from marketplaces.sandbox.portal import services
from marketplaces.sandbox.portal.models import PortalSession
from marketplaces.sandbox.portal.tests.conftest import PORTAL, portal_login
from marketplaces.sandbox.portal.totp import totp_code, totp_verify
from marketplaces.sandbox.portal.views import COOKIE

pytestmark = pytest.mark.django_db

SIGNIN_MARK = {"v1": 'id="login-btn"', "v2": 'data-action="signin"', "v3": 'data-testid="signin-submit"'}


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
def test_login_page_has_the_controls_of_its_version_only(use_version, version):
    use_version(version)
    html = Client().get(f"{PORTAL}/login").content.decode()
    assert f'data-portal-page="login" data-ui-version="{version}"' in html
    assert SIGNIN_MARK[version] in html
    assert all(mark not in html for v, mark in SIGNIN_MARK.items() if v != version)


@pytest.mark.parametrize(("version", "login"), [("v1", "phone"), ("v2", "email"), ("v3", "spaced")])
def test_password_then_2fa_reaches_products_on_each_version(make_account, use_version, version, login):
    use_version(version)
    _, creds = make_account(phone="+998 90 111 22 33", email="Shop@Example.uz")
    value = {"phone": creds["login"], "email": "shop@example.UZ", "spaced": "+998 (90) 111-22-33"}[login]
    client = Client()
    response = portal_login(client, creds, version=version, login=value)
    assert response.status_code == 302 and response["Location"].endswith("/products")
    page = client.get(f"{PORTAL}/products")
    assert page.status_code == 200 and b'data-portal-page="products"' in page.content
    assert PortalSession.objects.get().verified


def test_bad_password_says_so_and_sets_no_session(make_account):
    _, creds = make_account()
    client = Client()
    response = client.post(f"{PORTAL}/login", {"login": creds["login"], "password": "wrong"})
    assert response.status_code == 401 and b'data-portal-error="bad-credentials"' in response.content
    assert COOKIE not in response.cookies and not PortalSession.objects.exists()
    assert creds["password"].encode() not in response.content
    unknown = client.post(f"{PORTAL}/login", {"login": "nobody@example.uz", "password": creds["password"]})
    assert unknown.status_code == 401 and b'data-portal-error="bad-credentials"' in unknown.content


def test_bad_2fa_code_keeps_the_session_at_the_2fa_step(make_account):
    _, creds = make_account(otp_code="123456")
    client = Client()
    response = portal_login(client, creds, code="654321")
    assert response.status_code == 401 and b'data-portal-error="bad-code"' in response.content
    assert not PortalSession.objects.get().verified
    assert client.get(f"{PORTAL}/products")["Location"].endswith("/2fa")  # not past 2FA yet
    assert client.post(f"{PORTAL}/2fa", {"code": "123456"})["Location"].endswith("/products")


def test_five_wrong_codes_end_the_session(make_account):
    _, creds = make_account(otp_code="123456")
    client = Client()
    portal_login(client, creds, code="000000")
    for _ in range(3):
        client.post(f"{PORTAL}/2fa", {"code": "000001"})
    last = client.post(f"{PORTAL}/2fa", {"code": "000002"})
    assert last["Location"].endswith("/login?reason=expired") and not PortalSession.objects.exists()


def test_2fa_accepts_the_current_totp_code(make_account):
    account, creds = make_account()
    response = portal_login(Client(), creds, code=totp_code(secret=account.totp_secret))
    assert response["Location"].endswith("/products")


def test_totp_matches_rfc_6238_vectors():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # b"12345678901234567890"
    assert totp_code(secret=secret, at=59) == "287082"
    assert totp_code(secret=secret, at=1111111109) == "081804"
    assert totp_verify(secret=secret, code="287082", at=59 + 30) and not totp_verify(secret=secret, code="287082", at=59 + 90)


def test_expired_session_redirects_to_login_with_a_marker(logged_in):
    client, _, _ = logged_in()
    services.settings_update(session_lifetime_seconds=5)
    later = timezone.now() + timedelta(seconds=1800 + 1)  # the session was started with the default 1800 s
    with mock.patch("marketplaces.sandbox.portal.services.timezone.now", return_value=later):
        response = client.get(f"{PORTAL}/products")
    assert response.status_code == 302 and response["Location"].endswith("/login?reason=expired")
    assert not PortalSession.objects.exists()  # gone on the server, whatever the browser holds
    page = client.get(response["Location"])
    assert b'data-portal-notice="session-expired"' in page.content and b'data-portal-page="login"' in page.content


def test_session_lifetime_setting_applies_to_new_sessions(make_account):
    services.settings_update(session_lifetime_seconds=5)
    _, creds = make_account()
    client = Client()
    portal_login(client, creds)
    session = PortalSession.objects.get()
    assert 4 <= (session.expires_at - session.created_at).total_seconds() <= 6
    with mock.patch("marketplaces.sandbox.portal.services.timezone.now", return_value=session.expires_at):
        assert client.get(f"{PORTAL}/products")["Location"].endswith("?reason=expired")


def test_no_cookie_redirects_to_login_without_the_expired_marker(db):
    response = Client().get(f"{PORTAL}/products/new")
    assert response["Location"].endswith("/login")
    assert b"session-expired" not in Client().get(response["Location"]).content


def test_logged_in_user_skips_login_and_can_log_out(logged_in):
    client, _, _ = logged_in()
    assert client.get(f"{PORTAL}/login")["Location"].endswith("/products")
    assert client.get(f"{PORTAL}/2fa")["Location"].endswith("/products")
    assert client.post(f"{PORTAL}/logout")["Location"].endswith("/login")
    assert not PortalSession.objects.exists()


def test_captcha_replaces_the_login_form_until_solved(make_account):
    _, creds = make_account()
    services.settings_update(captcha_enabled=True)
    client = Client()
    page = client.get(f"{PORTAL}/login")
    html = page.content.decode()
    assert 'data-portal-page="captcha"' in html and 'id="uzum-captcha"' in html and 'type="password"' not in html
    blocked = client.post(f"{PORTAL}/login", {"login": creds["login"], "password": creds["password"]})
    assert blocked.status_code == 403 and b'data-portal-page="captcha"' in blocked.content
    assert not PortalSession.objects.exists()
    challenge = re.search(r'name="challenge" value="([^"]+)"', html).group(1)
    wrong = client.post(f"{PORTAL}/captcha", {"challenge": challenge, "answer": "99"})
    assert wrong.status_code == 403 and b'data-portal-error="bad-captcha"' in wrong.content
    answer = page.context["a"] + page.context["b"]
    solved = client.post(f"{PORTAL}/captcha", {"challenge": challenge, "answer": str(answer)})
    assert solved.status_code == 302
    assert b'data-portal-page="login"' in client.get(f"{PORTAL}/login").content
    assert portal_login(client, creds)["Location"].endswith("/products")


def test_tampered_captcha_challenge_is_refused(db):
    services.settings_update(captcha_enabled=True)
    response = Client().post(f"{PORTAL}/captcha", {"challenge": "eyJhIjoxLCJiIjoxfQ:forged", "answer": "2"})
    assert response.status_code == 403


@override_settings(SANDBOX_ENABLED=False)
def test_pages_are_closed_when_the_sandbox_is_off(db):
    for path in ("/login", "/2fa", "/products", "/products/new", "/products/1/stock"):
        assert Client().get(PORTAL + path).status_code == 404
