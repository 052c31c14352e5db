from __future__ import annotations

import pytest
from django.test import Client

from marketplaces.sandbox.portal import services
from marketplaces.sandbox.portal.ui import VERSIONS

PORTAL = "/sandbox/uzum-portal"


@pytest.fixture
def make_account(db):
    def make(**kwargs):
        account, creds = services.account_create(**kwargs)
        return account, creds
    return make


@pytest.fixture
def use_version(db):
    def use(version: str):
        services.settings_update(ui_version=version)
        return VERSIONS[version]
    return use


def portal_login(client: Client, creds: dict, *, version: str = "v1", login: str | None = None, code: str | None = None):
    """Password step then 2FA step with the form field names of `version`; returns the 2FA response."""
    ui = VERSIONS[version]
    response = client.post(f"{PORTAL}/login", {ui.login_field: login or creds["login"], ui.password_field: creds["password"]})
    assert response.status_code == 302 and response["Location"].endswith("/2fa"), response.content[:300]
    code = code or creds["otp_code"]
    fields = dict(zip(ui.otp_fields, code)) if len(ui.otp_fields) > 1 else {ui.otp_fields[0]: code}
    return client.post(f"{PORTAL}/2fa", fields)


@pytest.fixture
def logged_in(make_account):
    """A client past password and 2FA on v1, with its account and credentials."""
    def make(**kwargs):
        account, creds = make_account(**kwargs)
        client = Client()
        response = portal_login(client, creds)
        assert response.status_code == 302 and response["Location"].endswith("/products")
        return client, account, creds
    return make
