"""Step 3 field rules, good and bad values per marketplace (plain messages, next to the field)."""
from __future__ import annotations

import pytest

from onboarding.forms_credentials import ApiKeysForm, PortalLoginForm

JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzIjo5M30.c2lnbmF0dXJl"
UUID = "1f2e3d4c-5b6a-4789-8abc-def012345678"


def form(marketplace, **values):
    return ApiKeysForm({f"{marketplace}-{k}": v for k, v in values.items()}, marketplace=marketplace)


@pytest.mark.parametrize("marketplace,values", [
    ("wildberries", {"token": JWT}),
    ("ozon", {"client_id": "1234567", "api_key": UUID}),
    ("yandex_market", {"api_key": "ACMA:abc:def", "business_id": "1000001", "campaign_id": " 20000002 "}),
    ("uzum", {"token": "x" * 44, "shop_id": "200001"}),
    ("uzum", {"token": "x" * 44, "shop_id": "200001", "portal_login": "+998901112233", "portal_password": "pw"}),
])
def test_good_keys_pass(marketplace, values):
    f = form(marketplace, **values)
    assert f.is_valid(), f.errors


@pytest.mark.parametrize("marketplace,values,field,message", [
    ("wildberries", {"token": "not-a-token"}, "token", "two dots"),
    ("wildberries", {"token": ""}, "token", "required"),
    ("ozon", {"client_id": "12a45", "api_key": UUID}, "client_id", "digits only"),
    ("ozon", {"client_id": "1234567", "api_key": "abc"}, "api_key", "8-4-4-4-12"),
    ("yandex_market", {"api_key": "y0_abc", "business_id": "1", "campaign_id": "2"}, "api_key", "ACMA:"),
    ("yandex_market", {"api_key": "ACMA:a:b", "business_id": "", "campaign_id": "2"}, "business_id", "required"),
    ("uzum", {"token": "short", "shop_id": "200001"}, "token", "too short"),
    ("uzum", {"token": "x" * 44, "shop_id": "shop-1"}, "shop_id", "digits only"),
    ("uzum", {"token": "x" * 44, "shop_id": "200001", "portal_login": "+998901112233"}, "portal_password", "both"),
    ("uzum", {"token": "x" * 44, "shop_id": "200001", "portal_password": "pw"}, "portal_login", "both"),
])
def test_bad_keys_say_what_to_fix(marketplace, values, field, message):
    f = form(marketplace, **values)
    assert not f.is_valid()
    assert message in " ".join(f.errors[field]), f.errors


@pytest.mark.parametrize("code,ok", [("", True), ("424242", True), ("424 242", True), ("4242", False),
                                     ("abcdef", False)])
def test_portal_code_is_six_digits_or_empty(code, ok):
    f = PortalLoginForm({"uzum-portal-login": "+998905556677", "uzum-portal-password": "pw", "uzum-portal-code": code})
    assert f.is_valid() is ok, f.errors
