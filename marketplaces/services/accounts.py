"""Marketplace account services. Credentials are encrypted at rest, audited on every use without
the value, and shown back masked (last 4 characters at most)."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from marketplaces.models import Marketplace, MarketplaceAccount
from partners.models import Partner
from partners.services.audit import audit_record

REQUIRED = {
    Marketplace.WILDBERRIES: ("token",), Marketplace.OZON: ("client_id", "api_key"),
    Marketplace.YANDEX_MARKET: ("api_key",), Marketplace.UZUM: ("token",),
}
PORTAL_REQUIRED = ("login", "password")


class AccountInvalid(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def mask(value: Any) -> str:
    text = str(value or "")
    if not text:
        return ""
    return "•" * 4 + (text[-4:] if len(text) >= 12 else "")


def credentials_masked(account: MarketplaceAccount) -> dict[str, str]:
    return {k: mask(v) for k, v in (account.credentials or {}).items()}


def _validate(marketplace: str, auth_mode: str, credentials: dict) -> dict:
    if not isinstance(credentials, dict):
        raise AccountInvalid({"credentials": "must be an object"})
    required = PORTAL_REQUIRED if auth_mode == MarketplaceAccount.AuthMode.PORTAL else REQUIRED.get(marketplace, ())
    missing = {k: "is required" for k in required if not str(credentials.get(k) or "").strip()}
    if missing:
        raise AccountInvalid(missing)
    return {k: str(v).strip() for k, v in credentials.items() if v not in (None, "")}


@transaction.atomic
def account_create(*, partner: Partner, marketplace: str, credentials: dict, auth_mode: str = "api_keys",
                   vendor_ids: dict | None = None, base_url: str = "", is_sandbox: bool = False,
                   warehouse_map: dict | None = None, actor=None) -> MarketplaceAccount:
    if marketplace not in Marketplace.values:
        raise AccountInvalid({"marketplace": "unknown marketplace"})
    account = MarketplaceAccount.objects.create(
        partner=partner, marketplace=marketplace, auth_mode=auth_mode,
        credentials=_validate(marketplace, auth_mode, credentials), vendor_ids=vendor_ids or {},
        base_url=base_url, is_sandbox=is_sandbox, warehouse_map=warehouse_map or {})
    audit_record(action="marketplace_account.create", actor=actor, partner=partner, target=account,
                 data={"marketplace": marketplace, "credential_keys": sorted(account.credentials),
                       "sandbox": is_sandbox})
    return account


@transaction.atomic
def account_update(*, account: MarketplaceAccount, actor=None, credentials: dict | None = None,
                   **fields: Any) -> MarketplaceAccount:
    allowed = {"vendor_ids", "base_url", "warehouse_map", "status", "is_sandbox", "auth_mode"}
    unknown = set(fields) - allowed
    if unknown:
        raise AccountInvalid({k: "cannot be changed here" for k in unknown})
    for key, value in fields.items():
        setattr(account, key, value)
    changed = sorted(fields)
    if credentials is not None:
        merged = {**(account.credentials or {}), **{k: v for k, v in credentials.items() if v not in (None, "")}}
        account.credentials = _validate(account.marketplace, account.auth_mode, merged)
        account.portal_cookies = None  # a new password invalidates a stored session
        changed.append("credentials")
    account.save()
    audit_record(action="marketplace_account.update", actor=actor, target=account, data={"changed": changed})
    return account


def account_credentials_use(*, account: MarketplaceAccount, purpose: str, actor=None) -> dict:
    """Decrypt the credentials for one use; the audit log gets the purpose, never the value."""
    audit_record(action="marketplace_account.credentials_use", actor=actor, target=account,
                 data={"purpose": purpose, "keys": sorted(account.credentials or {})})
    return dict(account.credentials or {})


def account_check_record(*, account: MarketplaceAccount, ok: bool) -> None:
    account.status = MarketplaceAccount.Status.OK if ok else MarketplaceAccount.Status.FAILING
    account.last_checked_at = timezone.now()
    account.save(update_fields=["status", "last_checked_at", "updated_at"])
