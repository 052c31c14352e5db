"""`manage.py demo_seed`: idempotent demo partner, products, stock and logins; refused in production."""
from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

from partners.models import AuditEvent, Partner, Product, StockLevel, User, Warehouse
from partners.services.demo import (
    DEMO_ADMIN_EMAIL,
    DEMO_ADMIN_PASSWORD,
    DEMO_OWNER_EMAIL,
    DEMO_OWNER_PASSWORD,
    DemoRefused,
    demo_seed,
)
from partners.services.demo_catalog import ean13


def _counts() -> tuple[int, ...]:
    return (Partner.objects.count(), User.objects.count(), Warehouse.objects.count(), Product.objects.count(),
            StockLevel.objects.count())


@pytest.mark.django_db
def test_demo_seed_creates_partner_products_stock_and_logins():
    out = io.StringIO()
    call_command("demo_seed", "--base-url", "http://127.0.0.1:8123", stdout=out)
    partner = Partner.objects.get(legal_name="Demo Savdo LLC")
    assert partner.status == Partner.Status.ACTIVE
    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    assert owner.partner == partner and owner.role == User.Role.OWNER and not owner.is_staff
    admin = User.objects.get(email=DEMO_ADMIN_EMAIL)
    assert admin.is_staff and admin.is_superuser and admin.partner is None
    assert partner.warehouses.count() == 2
    products = list(partner.products.all())
    assert len(products) >= 40
    assert all(p.currency == "UZS" and p.price > p.cost > 0 and p.weight_g > 0 and p.barcode for p in products)
    assert len({p.barcode for p in products}) == len(products)
    assert all(ean13(p.barcode[:12]) == p.barcode and p.barcode.startswith("478") for p in products)
    assert StockLevel.objects.filter(product__partner=partner, quantity__gt=0).count() == 2 * len(products)
    printed = out.getvalue()
    assert f"{DEMO_OWNER_EMAIL}" in printed and DEMO_OWNER_PASSWORD in printed
    assert DEMO_ADMIN_PASSWORD in printed and "http://127.0.0.1:8123/admin/" in printed


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_keeps_stock_changes():
    demo_seed()
    before = _counts()
    level = StockLevel.objects.filter(product__sku="EL-0001").first()
    level.quantity, level.reserved = 3, 1
    level.save()
    result = demo_seed()
    assert _counts() == before
    assert result.products_created == 0 and result.products_updated == before[3]
    level.refresh_from_db()
    assert (level.quantity, level.reserved) == (3, 1)  # a re-run never undoes what happened since
    assert AuditEvent.objects.filter(action="demo.seeded").count() == 2


@pytest.mark.django_db
def test_demo_logins_work(client, rf):
    demo_seed()
    owner = authenticate(rf.post("/login/"), email=DEMO_OWNER_EMAIL, password=DEMO_OWNER_PASSWORD)
    assert owner is not None and owner.partner.legal_name == "Demo Savdo LLC"
    admin = authenticate(rf.post("/login/"), email=DEMO_ADMIN_EMAIL, password=DEMO_ADMIN_PASSWORD)
    assert admin is not None
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_seed_resets_a_changed_demo_password():
    demo_seed()
    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    owner.set_password("something-else-77")
    owner.save()
    demo_seed()
    owner.refresh_from_db()
    assert owner.check_password(DEMO_OWNER_PASSWORD)


@pytest.mark.django_db
@override_settings(PRODUCTION=True)
def test_demo_seed_refused_in_production():
    with pytest.raises(DemoRefused):
        demo_seed()
    with pytest.raises(CommandError, match="refused when DJANGO_ENV=production"):
        call_command("demo_seed", stdout=io.StringIO())
    assert not User.objects.filter(email__in=[DEMO_OWNER_EMAIL, DEMO_ADMIN_EMAIL]).exists()
    assert not Partner.objects.exists()


def test_ean13_check_digit():
    assert ean13("400638133393") == "4006381333931"  # a published EAN-13 example
    assert ean13("478000000001")[-1].isdigit()


@pytest.mark.django_db
def test_sandbox_hook_points_demo_accounts_when_the_sandbox_provides_it(monkeypatch):
    """The hook is a module the sandbox issue provides; without it demo_seed still works."""
    import sys
    import types

    from partners.services import demo as demo_module

    calls = []
    hook = types.ModuleType("bozor_test_sandbox_hook")
    hook.demo_accounts_connect = lambda *, partner, base_url: calls.append((partner.pk, base_url)) or [
        f"uzum -> {base_url}/sandbox/uzum/"]
    monkeypatch.setitem(sys.modules, "bozor_test_sandbox_hook", hook)
    monkeypatch.setattr(demo_module, "SANDBOX_DEMO_HOOK", "bozor_test_sandbox_hook")
    out = io.StringIO()
    call_command("demo_seed", "--base-url", "http://127.0.0.1:8000", stdout=out)
    assert calls == [(Partner.objects.get(legal_name="Demo Savdo LLC").pk, "http://127.0.0.1:8000")]
    assert "sandbox: uzum -> http://127.0.0.1:8000/sandbox/uzum/" in out.getvalue()
    monkeypatch.setattr(demo_module, "SANDBOX_DEMO_HOOK", "bozor_no_such_module_here")
    assert demo_seed().sandbox_lines == []
