"""Demo data for the embedded default: one active partner with an owner, two warehouses, ~40
products with stock, and a staff superuser. Idempotent: running it again updates the same rows
(matched by name, email and SKU) and resets the demo passwords.

The demo passwords are public (printed by `make run`, written in the README), so this refuses
to create them when DJANGO_ENV=production.
"""
from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction

from partners.models import Partner, StockLevel, User, Warehouse
from partners.services.audit import audit_record
from partners.services.catalog import products_bulk_upsert, stock_set
from partners.services.demo_catalog import WAREHOUSES, demo_products

logger = logging.getLogger(__name__)

DEMO_PARTNER = {
    "legal_name": "Demo Savdo LLC", "inn": "301234567", "address": "Tashkent, Amir Temur ko'chasi 1",
    "phone": "+998901234567", "email": "demo@bozor.local",
}
DEMO_OWNER_EMAIL = "demo@bozor.local"
DEMO_OWNER_PASSWORD = "demo-bozor-2026"
DEMO_ADMIN_EMAIL = "admin@bozor.local"
DEMO_ADMIN_PASSWORD = "admin-bozor-2026"

# HOOK for the sandbox issue: a module exposing
#   demo_accounts_connect(*, partner: Partner, base_url: str) -> list[str]
# that creates (idempotently) the demo partner's marketplace accounts pointing at the /sandbox/
# emulators and returns one line per account to print. Until that module exists nothing happens.
SANDBOX_DEMO_HOOK = "marketplaces.sandbox.demo"


class DemoRefused(ImproperlyConfigured):
    """Demo users have published passwords; production must never get them."""


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    url: str


@dataclass
class DemoSeedResult:
    partner: Partner
    logins: list[DemoLogin]
    warehouses: list[Warehouse]
    products_created: int
    products_updated: int
    sandbox_lines: list[str] = field(default_factory=list)


def _user_upsert(*, email: str, password: str, **fields: Any) -> User:
    user = User.objects.filter(email=email).first() or User(email=email)
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


def demo_sandbox_accounts_connect(*, partner: Partner, base_url: str) -> list[str]:
    """Point the demo partner's marketplace accounts at the sandbox, if the sandbox offers it."""
    try:
        module = importlib.import_module(SANDBOX_DEMO_HOOK)
    except ModuleNotFoundError:
        return []
    connect = getattr(module, "demo_accounts_connect", None)
    return list(connect(partner=partner, base_url=base_url)) if connect else []


@transaction.atomic
def demo_seed(*, base_url: str | None = None) -> DemoSeedResult:
    if getattr(settings, "PRODUCTION", False):
        raise DemoRefused("demo_seed creates users with published passwords; it is refused when "
                          "DJANGO_ENV=production. Create real users with `manage.py createsuperuser`.")
    base_url = (base_url or settings.PUBLIC_BASE_URL).rstrip("/")
    partner, _ = Partner.objects.update_or_create(
        legal_name=DEMO_PARTNER["legal_name"],
        defaults={**DEMO_PARTNER, "status": Partner.Status.ACTIVE},
    )
    owner = _user_upsert(email=DEMO_OWNER_EMAIL, password=DEMO_OWNER_PASSWORD, partner=partner,
                         role=User.Role.OWNER, first_name="Demo", last_name="Owner",
                         is_staff=False, is_superuser=False)
    _user_upsert(email=DEMO_ADMIN_EMAIL, password=DEMO_ADMIN_PASSWORD, partner=None,
                 first_name="Bozor", last_name="Admin", is_staff=True, is_superuser=True)
    warehouses = [
        Warehouse.objects.update_or_create(partner=partner, name=row["name"], defaults=row)[0]
        for row in WAREHOUSES
    ]
    rows = demo_products()
    result = products_bulk_upsert(partner=partner, rows=[{k: v for k, v in r.items() if k != "stock"} for r in rows],
                                  actor=owner, source="demo_seed")
    if not result.ok:  # the demo data itself is wrong: say which rows, write nothing
        raise ValidationError(f"demo products rejected: {result.errors}")
    by_sku = {p.sku: p for p in result.created + result.updated}
    # Stock is set only where none exists yet, so a re-run never undoes what the demo did since
    # (reservations from sandbox orders, manual edits).
    existing = set(StockLevel.objects.filter(warehouse__in=warehouses).values_list("product_id", "warehouse_id"))
    for row in rows:
        product = by_sku[row["sku"]]
        for warehouse, quantity in zip(warehouses, row["stock"]):
            if (product.pk, warehouse.pk) not in existing:
                stock_set(product=product, warehouse=warehouse, quantity=quantity, actor=owner)
    audit_record(action="demo.seeded", actor=None, partner=partner,
                 data={"products": len(rows), "warehouses": len(warehouses)})
    sandbox_lines = demo_sandbox_accounts_connect(partner=partner, base_url=base_url)
    logins = [
        DemoLogin(role="partner owner", email=DEMO_OWNER_EMAIL, password=DEMO_OWNER_PASSWORD, url=f"{base_url}/"),
        DemoLogin(role="staff admin", email=DEMO_ADMIN_EMAIL, password=DEMO_ADMIN_PASSWORD,
                  url=f"{base_url}/admin/"),
    ]
    return DemoSeedResult(partner=partner, logins=logins, warehouses=warehouses,
                          products_created=len(result.created), products_updated=len(result.updated),
                          sandbox_lines=sandbox_lines)
