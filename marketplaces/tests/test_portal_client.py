"""UzumPortalClient in real headless Chromium against the portal emulator: login with 2FA, create a
product and update its stock; cookies reused; an expired session re-logged once; a captcha raises
CaptchaRequired with a screenshot saved."""
from __future__ import annotations

from pathlib import Path

import pytest

from marketplaces.clients import errors
from marketplaces.clients.selector import client_for_account
from marketplaces.clients.types import ProductCard, StockUpdate
from marketplaces.models import Marketplace, MarketplaceAccount
from partners.models import Partner

pytestmark = pytest.mark.browser


def portal_account(sandbox, *, totp: bool):
    data = sandbox.control("POST", "uzum-portal/accounts", {}, expect=201)
    creds = {"login": data["credentials"]["login"], "password": data["credentials"]["password"]}
    if totp:
        creds["totp_secret"] = data["credentials"]["totp_secret"]
    partner = Partner.objects.create(legal_name=f"Portal test {data['id']} LLC", status=Partner.Status.ACTIVE)
    ours = MarketplaceAccount.objects.create(
        partner=partner, marketplace=Marketplace.UZUM, auth_mode=MarketplaceAccount.AuthMode.PORTAL, credentials=creds,
        base_url=f"{sandbox.url}/sandbox/uzum-portal", is_sandbox=True)
    return ours, data


def portal_products(sandbox, data) -> dict:
    return {p["sku"]: p for p in sandbox.control("GET", f"uzum-portal/accounts/{data['id']}/products")["products"]}


def test_login_with_2fa_code_create_product_update_stock_and_reuse_cookies(sandbox, tmp_path):
    ours, data = portal_account(sandbox, totp=False)
    asked = []
    code = data["credentials"]["otp_code"]
    with client_for_account(ours, code_provider=lambda: asked.append(1) or code, artifacts_dir=tmp_path) as portal:
        result = portal.cards_upsert([ProductCard(sku="MUG-P1", title="Ceramic mug", description="Red, 350 ml",
                                                  price=49000, attributes={"stock": 12})])
        assert result.ok and asked == [1] and portal.logins == 1
        assert portal.stocks_update([StockUpdate(sku="MUG-P1", quantity=5)]).ok
    product = portal_products(sandbox, data)["MUG-P1"]
    assert (product["title"], product["stock"]) == ("Ceramic mug", 5)
    ours.refresh_from_db()
    assert ours.portal_cookies and code not in ours.portal_cookies
    with client_for_account(ours, code_provider=lambda: pytest.fail("a stored session needs no new code")) as again:
        assert again.stocks_update([StockUpdate(sku="MUG-P1", quantity=6)]).ok
        assert again.logins == -1  # the stored cookies were reused
    assert portal_products(sandbox, data)["MUG-P1"]["stock"] == 6


def test_expired_session_is_relogged_once_with_totp(sandbox, tmp_path):
    ours, data = portal_account(sandbox, totp=True)
    with client_for_account(ours, artifacts_dir=tmp_path) as portal:
        assert portal.cards_upsert([ProductCard(sku="MUG-P2", title="Mug two", price=1000)]).ok
        sandbox.control("POST", "uzum-portal/sessions/expire", {}, expect=200)
        assert portal.stocks_update([StockUpdate(sku="MUG-P2", quantity=3)]).ok
        assert portal.logins == 2  # first login + exactly one re-login
    assert portal_products(sandbox, data)["MUG-P2"]["stock"] == 3


def test_captcha_raises_its_error_with_a_screenshot(sandbox, tmp_path):
    ours, _ = portal_account(sandbox, totp=True)
    sandbox.control("POST", "uzum-portal/captcha", {"enabled": True}, expect=200)
    try:
        with client_for_account(ours, artifacts_dir=tmp_path) as portal:
            with pytest.raises(errors.CaptchaRequired) as info:
                portal.connection_check()
    finally:
        sandbox.control("POST", "uzum-portal/captcha", {"enabled": False}, expect=200)
    shot = Path(info.value.screenshot)
    assert shot.exists() and shot.stat().st_size > 1000 and shot.with_suffix(".html").exists()
    assert "captcha" in shot.with_suffix(".html").read_text()
    assert ours.credentials["password"] not in shot.with_suffix(".html").read_text()
