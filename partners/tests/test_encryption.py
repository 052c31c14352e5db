"""AES-256-GCM fields: no plaintext at rest, key rotation, loud failures."""
from __future__ import annotations

import base64
import secrets
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from marketplaces.models import MarketplaceAccount
from partners.crypto import DecryptionFailed, KeyRingInvalid, key_ring, token_key_id

SECRET = "wb-token-9f8e7d6c5b4a-PLAINTEXT-CANARY"


def make_key(kid: str) -> str:
    return f"{kid}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def raw_columns(pk: int) -> tuple[str, str | None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials, portal_cookies FROM marketplaces_marketplaceaccount WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.fixture
def account(partner_a):
    return MarketplaceAccount.objects.create(
        partner=partner_a, marketplace="wildberries", credentials={"token": SECRET}, portal_cookies="sid=abc123"
    )


def test_column_holds_no_plaintext_and_reads_back(account):
    credentials_raw, cookies_raw = raw_columns(account.pk)
    assert SECRET not in credentials_raw and "abc123" not in cookies_raw
    assert credentials_raw.startswith("enc1:") and cookies_raw.startswith("enc1:")
    fresh = MarketplaceAccount.objects.get(pk=account.pk)
    assert fresh.credentials == {"token": SECRET}
    assert fresh.portal_cookies == "sid=abc123"


def test_same_value_encrypts_differently_each_time(partner_a, partner_b):
    a = MarketplaceAccount.objects.create(partner=partner_a, marketplace="ozon", credentials={"k": "same"})
    b = MarketplaceAccount.objects.create(partner=partner_b, marketplace="ozon", credentials={"k": "same"})
    assert raw_columns(a.pk)[0] != raw_columns(b.pk)[0]  # random nonce per value


def test_null_stays_null_and_empty_string_is_encrypted(partner_a):
    acc = MarketplaceAccount.objects.create(partner=partner_a, marketplace="uzum", portal_cookies=None)
    assert raw_columns(acc.pk)[1] is None
    acc.portal_cookies = ""
    acc.save()
    assert raw_columns(acc.pk)[1].startswith("enc1:")
    assert MarketplaceAccount.objects.get(pk=acc.pk).portal_cookies == ""


def test_rotation_keeps_old_rows_readable_and_moves_them_to_new_key(settings, account, partner_b):
    old_spec = settings.FIELD_ENCRYPTION_KEYS
    old_kid = key_ring().primary
    other = MarketplaceAccount.objects.create(partner=partner_b, marketplace="ozon",
                                              credentials={"client_id": "1", "api_key": "k"})
    settings.FIELD_ENCRYPTION_KEYS = f"{make_key('newkey01')},{old_spec}"
    # Old rows stay readable under the new ring before rotation.
    assert MarketplaceAccount.objects.get(pk=account.pk).credentials == {"token": SECRET}
    out = StringIO()
    call_command("rotate_encryption_keys", "--batch-size", "1", stdout=out)
    assert "marketplaces.marketplaceaccount.credentials: rotated=2" in out.getvalue()
    assert "marketplaces.marketplaceaccount.portal_cookies: rotated=1 already_current=0 null=1" in out.getvalue()
    for pk in (account.pk, other.pk):
        creds_raw, _ = raw_columns(pk)
        assert token_key_id(creds_raw) == "newkey01" != old_kid
    assert MarketplaceAccount.objects.get(pk=account.pk).credentials == {"token": SECRET}
    # A second run has nothing to do.
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "rotated 0 value(s)" in out.getvalue()
    # After rotation the old key can be dropped.
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS.split(",")[0]
    assert MarketplaceAccount.objects.get(pk=other.pk).credentials["api_key"] == "k"


def test_wrong_key_raises(settings, account):
    settings.FIELD_ENCRYPTION_KEYS = make_key(key_ring().primary)  # same key id, different key
    with pytest.raises(DecryptionFailed, match="failed authentication"):
        MarketplaceAccount.objects.get(pk=account.pk)


def test_unknown_key_id_raises(settings, account):
    settings.FIELD_ENCRYPTION_KEYS = make_key("other")
    with pytest.raises(DecryptionFailed, match="unknown key id"):
        MarketplaceAccount.objects.get(pk=account.pk)


def test_tampered_value_raises(account):
    creds_raw, _ = raw_columns(account.pk)
    kid, blob = creds_raw.split(":", 2)[1:]
    raw = bytearray(base64.urlsafe_b64decode(blob))
    raw[-1] ^= 0x01
    tampered = f"enc1:{kid}:{base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE marketplaces_marketplaceaccount SET credentials = %s WHERE id = %s",
                       [tampered, account.pk])
    with pytest.raises(DecryptionFailed):
        MarketplaceAccount.objects.get(pk=account.pk)


def test_value_copied_to_another_column_fails(account):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE marketplaces_marketplaceaccount SET portal_cookies = credentials WHERE id = %s",
                       [account.pk])
    with pytest.raises(DecryptionFailed, match="another column"):
        MarketplaceAccount.objects.get(pk=account.pk)


def test_value_copied_to_another_row_still_decrypts_only_in_same_column(account, partner_b):
    # Same column identity, so a copied row decrypts; column binding is what AAD guarantees.
    other = MarketplaceAccount.objects.create(partner=partner_b, marketplace="ozon", credentials={})
    with connection.cursor() as cursor:
        cursor.execute("UPDATE marketplaces_marketplaceaccount SET credentials = "
                       "(SELECT credentials FROM marketplaces_marketplaceaccount WHERE id = %s) WHERE id = %s",
                       [account.pk, other.pk])
    assert MarketplaceAccount.objects.get(pk=other.pk).credentials == {"token": SECRET}


@pytest.mark.parametrize("spec, message", [
    ("", "empty"),
    ("nokey", "must be"),
    ("k1:not-base64!!", "base64|32 bytes"),
    ("k1:" + base64.urlsafe_b64encode(b"short").decode(), "32 bytes"),
])
def test_bad_key_ring_is_refused(settings, spec, message):
    with override_settings(FIELD_ENCRYPTION_KEYS=spec), pytest.raises(KeyRingInvalid, match=message):
        key_ring()


def test_duplicate_key_id_is_refused(settings):
    spec = f"{make_key('a')},{make_key('a')}"
    with override_settings(FIELD_ENCRYPTION_KEYS=spec), pytest.raises(KeyRingInvalid, match="twice"):
        key_ring()
