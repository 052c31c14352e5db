"""Step 3 writes: store a marketplace account's credentials (encrypted, through the marketplaces
services) for the marketplaces the partner chose, in sandbox or live mode."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from marketplaces.models import Marketplace, MarketplaceAccount
from marketplaces.services.accounts import account_create, account_update
from onboarding.models import OnboardingJob, OnboardingState
from partners.models import Partner

VENDOR = {Marketplace.WILDBERRIES: "wb", Marketplace.OZON: "ozon", Marketplace.YANDEX_MARKET: "ym",
          Marketplace.UZUM: "uzum"}
ID_FIELDS = ("business_id", "campaign_id", "shop_id")
PORTAL_PREFIX = "portal_"  # Uzum's API form: the optional seller portal login beside the token
PORTAL_CODE_TTL = 300  # a 2FA code is good for one sign-in, minutes at most: never stored in the database


def sandbox_mode(state: OnboardingState) -> bool:
    return bool(state.answers.get("sandbox_first"))


def chosen_marketplaces(state: OnboardingState) -> list[str]:
    return [m for m in state.answers.get("marketplaces", []) if m in Marketplace.values]


def onboarding_accounts(*, partner: Partner, state: OnboardingState) -> list[MarketplaceAccount]:
    """The accounts of the chosen marketplaces in the chosen mode, in the order they were chosen."""
    chosen = chosen_marketplaces(state)
    rows = {a.marketplace: a for a in MarketplaceAccount.objects.filter(
        partner=partner, marketplace__in=chosen, is_sandbox=sandbox_mode(state))}
    return [rows[m] for m in chosen if m in rows]


def base_url_for(*, marketplace: str, sandbox: bool, portal: bool = False) -> str:
    if not sandbox:
        return "https://seller.uzum.uz" if portal else ""  # "" = the client's real vendor host
    root = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{root}/sandbox/uzum-portal" if portal else f"{root}/sandbox/{VENDOR[marketplace]}"


def portal_code_key(account_id: int) -> str:
    return f"onboarding:portal-code:{account_id}"


@transaction.atomic
def credentials_save(*, partner: Partner, state: OnboardingState, marketplace: str, mode: str,
                     data: dict[str, Any], actor: Any = None) -> MarketplaceAccount:
    sandbox, portal = sandbox_mode(state), mode == MarketplaceAccount.AuthMode.PORTAL
    if portal:
        creds = {k: data[k] for k in ("login", "password", "totp_secret") if data.get(k)}
        ids: dict[str, Any] = {}
    else:
        creds = {k: v for k, v in data.items() if k not in ID_FIELDS and not k.startswith(PORTAL_PREFIX) and v}
        ids = {k: int(v) for k, v in data.items() if k in ID_FIELDS and v}
        if marketplace == Marketplace.OZON:
            ids["client_id"] = data["client_id"]
        portal_creds = {k[len(PORTAL_PREFIX):]: v for k, v in data.items() if k.startswith(PORTAL_PREFIX) and v}
        if portal_creds.get("login"):  # Uzum: the portal as well, for cards (marketplaces/sync/routes.py)
            creds.update(portal_creds)
            ids["portal_url"] = base_url_for(marketplace=marketplace, sandbox=sandbox, portal=True)
    base = base_url_for(marketplace=marketplace, sandbox=sandbox, portal=portal)
    account = MarketplaceAccount.objects.select_for_update().filter(
        partner=partner, marketplace=marketplace, is_sandbox=sandbox).first()
    if account is None:
        account = account_create(partner=partner, marketplace=marketplace, credentials=creds, auth_mode=mode,
                                 vendor_ids=ids, base_url=base, is_sandbox=sandbox, actor=actor)
    else:
        account.credentials = {}  # replace, not merge: switching A <-> B must not keep the other's secrets
        account = account_update(account=account, credentials=creds, auth_mode=mode, vendor_ids=ids,
                                 base_url=base, status=MarketplaceAccount.Status.NEW, actor=actor)
    OnboardingJob.objects.filter(account=account).delete()  # new credentials: the connection test starts over
    if portal and data.get("code"):
        cache.set(portal_code_key(account.pk), data["code"], PORTAL_CODE_TTL)
    return account


def sandbox_keys_create(*, partner: Partner, state: OnboardingState, marketplace: str,
                        actor: Any = None) -> MarketplaceAccount:
    """"Try with a sandbox first": open a sandbox seller account and store its keys, as if pasted."""
    if not (settings.SANDBOX_ENABLED and sandbox_mode(state)):
        raise ValueError("sandbox keys are only offered in sandbox mode")
    from marketplaces.sandbox.services import account_create as sandbox_account_create

    _sandbox, creds = sandbox_account_create(vendor=VENDOR[marketplace], name=f"{partner.legal_name} (onboarding)",
                                             seed=partner.pk, demo_cards=2)
    data = {k: str(v) for k, v in creds.items() if k in ("token", "client_id", "api_key", *ID_FIELDS)}
    return credentials_save(partner=partner, state=state, marketplace=marketplace,
                            mode=MarketplaceAccount.AuthMode.API_KEYS, data=data, actor=actor)
