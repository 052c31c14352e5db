"""The audit log records who did what, never secrets."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from partners.models import AuditEvent
from partners.services.audit import audit_record
from partners.services.catalog import product_create, product_update

BASE = Path(__file__).resolve().parents[2]


def test_audit_record_scrubs_secret_keys_and_text(user_a, partner_a):
    event = audit_record(
        action="account.updated", actor=user_a, partner=partner_a,
        data={"api_key": "AK-123456", "nested": {"password": "hunter2", "shop_id": 42},
              "note": "used token=abcdef123 for call", "list": [{"secret": "s"}]},
        ip="10.1.2.3",
    )
    stored = json.dumps(AuditEvent.objects.get(pk=event.pk).data)
    for secret in ("AK-123456", "hunter2", "abcdef123"):
        assert secret not in stored
    assert event.data["nested"]["shop_id"] == 42 and event.ip == "10.1.2.3" and event.actor == user_a


def test_catalog_services_write_audit_rows_with_target(user_a, partner_a):
    product = product_create(partner=partner_a, data={"sku": "A-1", "title": "Tea"}, actor=user_a)
    product_update(product=product, data={"title": "Green tea"}, actor=user_a)
    product_update(product=product, data={"title": "Green tea"}, actor=user_a)  # no change, no row
    actions = list(AuditEvent.objects.filter(partner=partner_a).values_list("action", "target_id", "data"))
    assert [a[0] for a in actions] == ["product.updated", "product.created"]
    assert all(a[1] == str(product.pk) for a in actions)
    assert actions[0][2] == {"fields": ["title"]}


def test_embedded_default_generates_keys_once_with_warning(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.FIELD_ENCRYPTION_KEYS)"
    env = {"PATH": "/usr/bin:/bin", "BOZOR_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings",
           "PYTHONPATH": str(BASE)}
    first = subprocess.run([sys.executable, "-W", "always", "-c", code], env=env, capture_output=True, text=True,
                           cwd=BASE, timeout=60)
    assert first.returncode == 0, first.stderr
    assert "Generated a local FIELD_ENCRYPTION_KEYS" in first.stderr
    key_file = tmp_path / "field_keys"
    assert key_file.stat().st_mode & 0o777 == 0o600
    second = subprocess.run([sys.executable, "-W", "always", "-c", code], env=env, capture_output=True, text=True,
                            cwd=BASE, timeout=60)
    assert second.stdout == first.stdout  # same key, generated once
    assert "Generated a local FIELD_ENCRYPTION_KEYS" not in second.stderr
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/field_keys"], cwd=BASE)
    assert ignored.returncode == 0, "var/ must be git-ignored"
