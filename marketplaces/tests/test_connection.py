"""Connection test service against the sandbox: every step reported for good accounts; the failing
step named with a plain message and hint for a bad token, a wrong shop id and an unreachable host."""
from __future__ import annotations

import socket

import pytest

from marketplaces.models import MarketplaceAccount
from marketplaces.services.connection import STEPS, connection_test_run
from marketplaces.tests.conftest import connect


@pytest.fixture(autouse=True)
def _scale(settings):
    settings.SANDBOX_TIME_SCALE = 1000.0  # the sandbox fixture runs at 1000x; sandbox accounts pace alike


@pytest.mark.parametrize("vendor", ["wb", "ozon", "ym", "uzum"])
def test_good_account_passes_every_step(sandbox, vendor):
    ours, _ = connect(sandbox, vendor, generate=2)
    report = connection_test_run(account=ours)
    assert report.ok, report.as_dict()
    assert [s.name for s in report.steps] == list(STEPS)
    assert all(s.status == "ok" and s.message and s.duration_ms >= 0 for s in report.steps)
    ours.refresh_from_db()
    assert ours.status == MarketplaceAccount.Status.OK and ours.last_checked_at


@pytest.mark.parametrize("vendor", ["wb", "ozon", "ym", "uzum"])
def test_bad_token_fails_authentication(sandbox, vendor):
    ours, acc = connect(sandbox, vendor)
    key = "api_key" if vendor in ("ozon", "ym") else "token"
    ours.credentials = {**ours.credentials, key: "wrong-key-0000"}
    ours.save()
    report = connection_test_run(account=ours)
    assert not report.ok and report.failed_step == "authentication"
    failed = report.steps[1]
    assert "rejected the API key" in failed.message and "new API key" in failed.hint
    assert [s.status for s in report.steps] == ["ok", "failed", "skipped", "skipped"]
    assert "wrong-key-0000" not in repr(report.as_dict())
    ours.refresh_from_db()
    assert ours.status == MarketplaceAccount.Status.FAILING


@pytest.mark.parametrize("vendor,key", [("uzum", "shop_id"), ("ym", "campaign_id")])
def test_wrong_shop_id_fails_authentication_with_a_plain_message(sandbox, vendor, key):
    ours, _ = connect(sandbox, vendor)
    ours.vendor_ids = {**ours.vendor_ids, key: 123}
    ours.save()
    report = connection_test_run(account=ours)
    assert report.failed_step == "authentication"
    assert "shop or campaign id" in report.steps[1].message and "correct it" in report.steps[1].hint


def test_unreachable_host_fails_network(sandbox):
    ours, _ = connect(sandbox, "ozon")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again at once: nothing listens there
    ours.base_url = f"http://127.0.0.1:{port}/sandbox/ozon"
    ours.save()
    report = connection_test_run(account=ours, timeout=1.0)
    assert report.failed_step == "network"
    assert f"127.0.0.1:{port}" in report.steps[0].message and report.steps[0].hint
    assert [s.status for s in report.steps[1:]] == ["skipped"] * 3


def test_maintenance_names_the_step_and_retry_after_clearing_passes(sandbox):
    ours, acc = connect(sandbox, "wb")
    fault = sandbox.fault(account=acc.id, group="*", kind="maintenance")
    report = connection_test_run(account=ours)
    assert report.failed_step == "authentication" and "maintenance" in report.steps[1].message
    sandbox.control("DELETE", f"faults/{fault['id']}")
    assert connection_test_run(account=ours).ok
