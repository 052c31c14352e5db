"""Hook for `demo_seed` (partners/services/demo.py): point the demo partner's marketplace
accounts at the sandbox emulators. Idempotent: an account whose stored credentials still open a
sandbox account is kept; otherwise a new sandbox account is made and its credentials stored."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from marketplaces.models import Marketplace, MarketplaceAccount
from marketplaces.sandbox.hosts import VENDOR_BASES
from marketplaces.sandbox.models import SandboxAccount
from marketplaces.sandbox.services import account_create, card_seed, secret_hash
from partners.models import Partner

VENDORS = {Marketplace.WILDBERRIES: "wb", Marketplace.OZON: "ozon", Marketplace.YANDEX_MARKET: "ym",
           Marketplace.UZUM: "uzum"}
DEMO_CARDS = 10  # the partner's first products also exist in each sandbox catalogue


def _alive(account: MarketplaceAccount, vendor: str) -> bool:
    creds = account.credentials or {}
    secret = creds.get("api_key") or creds.get("token") or ""
    return bool(secret) and SandboxAccount.objects.filter(vendor=vendor, secret_hash=secret_hash(secret)).exists()


def _vendor_ids(sandbox: SandboxAccount) -> dict:
    ids = {"warehouse_ids": [w.ext_id for w in sandbox.warehouses.order_by("pk")]}
    for key in ("client_id", "business_id", "campaign_id", "shop_id"):
        if getattr(sandbox, key):
            ids[key] = getattr(sandbox, key)
    return ids


@transaction.atomic
def demo_accounts_connect(*, partner: Partner, base_url: str) -> list[str]:
    lines = []
    products = list(partner.products.order_by("sku")[:DEMO_CARDS]) if hasattr(partner, "products") else []
    for marketplace, vendor in VENDORS.items():
        base = f"{base_url.rstrip('/')}/sandbox/{vendor}"  # WB: + /content, /prices, /marketplace, /feedbacks
        account = MarketplaceAccount.objects.filter(partner=partner, marketplace=marketplace, is_sandbox=True).first()
        if account is None or not _alive(account, vendor):
            sandbox, creds = account_create(vendor=vendor, name=f"{partner.legal_name} ({vendor})", seed=partner.pk)
            for product in products:
                card_seed(account=sandbox, offer_id=product.sku, title=product.title,
                          price=getattr(product, "price", None) or Decimal("10000"), stock=5)
            account = account or MarketplaceAccount(partner=partner, marketplace=marketplace, is_sandbox=True)
            account.credentials = {k: v for k, v in creds.items() if k in ("token", "client_id", "api_key")}
            account.vendor_ids, account.base_url = _vendor_ids(sandbox), base
            account.status = MarketplaceAccount.Status.NEW
            account.save()
        lines.append(f"{marketplace.label} -> {base}/" + (f" ({', '.join(VENDOR_BASES['wb'])})" if vendor == "wb" else ""))
    return lines
