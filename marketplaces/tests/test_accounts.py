"""Account services: validated credentials, masked display, every use and change audited without
the value, nothing half-written."""
from __future__ import annotations

import pytest
from django.db import connection

from marketplaces.models import Marketplace
from marketplaces.services.accounts import (AccountInvalid, account_create, account_credentials_use, account_update,
                                            credentials_masked, mask)
from partners.models import AuditEvent

TOKEN = "wb-token-abcdefghijklmnop-1234"


@pytest.mark.django_db
def test_create_use_update_are_audited_without_the_value(partner_a, user_a):
    account = account_create(partner=partner_a, marketplace=Marketplace.WILDBERRIES, credentials={"token": TOKEN},
                             actor=user_a)
    account_credentials_use(account=account, purpose="stocks push")
    account_update(account=account, credentials={"token": TOKEN + "-new"}, base_url="https://x.test", actor=user_a)
    actions = list(AuditEvent.objects.filter(partner=partner_a).order_by("pk").values_list("action", flat=True))
    assert actions == ["marketplace_account.create", "marketplace_account.credentials_use",
                       "marketplace_account.update"]
    for event in AuditEvent.objects.filter(partner=partner_a):
        assert TOKEN not in repr(event.data) and "1234" not in repr(event.data)
    with connection.cursor() as cur:
        cur.execute("SELECT credentials FROM marketplaces_marketplaceaccount WHERE id = %s", [account.pk])
        assert TOKEN not in str(cur.fetchone()[0])
    account.refresh_from_db()
    assert account.credentials["token"].endswith("-new") and account.portal_cookies is None


def test_mask_shows_last_four_at_most():
    assert mask(TOKEN) == "••••1234"
    assert mask("short") == "••••"  # too short to reveal anything
    assert mask("") == ""


@pytest.mark.django_db
def test_masked_display(partner_a):
    account = account_create(partner=partner_a, marketplace=Marketplace.OZON,
                             credentials={"client_id": "123456789012", "api_key": "uuid-secret-9876"})
    assert credentials_masked(account) == {"client_id": "••••9012", "api_key": "••••9876"}


@pytest.mark.django_db
@pytest.mark.parametrize("marketplace,credentials,missing", [
    (Marketplace.OZON, {"api_key": "k"}, "client_id"),
    (Marketplace.YANDEX_MARKET, {}, "api_key"),
    (Marketplace.UZUM, {"token": "  "}, "token"),
])
def test_missing_credentials_are_refused_and_nothing_written(partner_a, marketplace, credentials, missing):
    with pytest.raises(AccountInvalid) as info:
        account_create(partner=partner_a, marketplace=marketplace, credentials=credentials)
    assert missing in info.value.errors
    assert not partner_a.marketplace_accounts.exists() and not AuditEvent.objects.filter(partner=partner_a).exists()


@pytest.mark.django_db
def test_portal_mode_needs_login_and_password(partner_a):
    with pytest.raises(AccountInvalid) as info:
        account_create(partner=partner_a, marketplace=Marketplace.UZUM, auth_mode="portal", credentials={"login": "a"})
    assert set(info.value.errors) == {"password"}


@pytest.mark.django_db
def test_admin_shows_credentials_masked_and_audits_the_view(client, staff_user, partner_a):
    account = account_create(partner=partner_a, marketplace=Marketplace.WILDBERRIES, credentials={"token": TOKEN})
    client.force_login(staff_user)
    page = client.get(f"/admin/marketplaces/marketplaceaccount/{account.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "••••1234" in html and TOKEN not in html and TOKEN[:-4] not in html
    assert AuditEvent.objects.filter(action="marketplace_account.admin_view", data__keys=["token"]).exists()
    listing = client.get("/admin/marketplaces/marketplaceaccount/")
    assert listing.status_code == 200 and TOKEN not in listing.content.decode()
