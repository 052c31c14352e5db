"""Fault injection: every kind switched on and off at runtime, scripted counts, seeded
probabilities, and scoping by account and endpoint group."""
from __future__ import annotations

import time

import pytest
import requests

from marketplaces.sandbox.tests.shapes import assert_error, assert_limited

# A cheap authenticated GET per vendor, and the endpoint group it belongs to.
PROBE = {"wb": ("GET", "marketplace/api/v3/orders/new", "orders"), "ozon": ("POST", "v1/roles", "auth"),
         "ym": ("GET", "v2/campaigns", "auth"), "uzum": ("GET", "v1/shops", "auth")}
VENDORS = list(PROBE)


def _probe(acc, **kwargs) -> requests.Response:
    method, path, _ = PROBE[acc.vendor]
    return acc.call(method, path, {} if method == "POST" else None, **kwargs)


def _on_off(sandbox, acc, kind: str, **fault) -> tuple[requests.Response | Exception, requests.Response]:
    created = sandbox.fault(account=acc.id, group=PROBE[acc.vendor][2], kind=kind, **fault)
    try:
        hit = _probe(acc, timeout=fault.get("timeout", 5))
    except requests.RequestException as exc:
        hit = exc
    sandbox.control("DELETE", f"faults/{created['id']}", expect=200)
    return hit, _probe(acc)


@pytest.mark.parametrize("vendor", VENDORS)
def test_maintenance_is_503_with_vendor_body(sandbox, vendor):
    acc = sandbox.account(vendor)
    hit, after = _on_off(sandbox, acc, "maintenance")
    assert hit.status_code == 503
    assert_error(vendor, hit)
    assert after.status_code == 200


@pytest.mark.parametrize("vendor", VENDORS)
def test_token_revoked_answers_like_a_dead_token(sandbox, vendor):
    acc = sandbox.account(vendor)
    hit, after = _on_off(sandbox, acc, "token_revoked")
    assert hit.status_code == (403 if vendor == "uzum" else 401)  # Uzum: 403 forbidden-001 (uzum.md §1)
    assert_error(vendor, hit)
    assert after.status_code == 200


@pytest.mark.parametrize("vendor", VENDORS)
def test_rate_limit_storm(sandbox, vendor):
    acc = sandbox.account(vendor)
    hit, after = _on_off(sandbox, acc, "rate_limit", params={"retry_after": 2})
    assert_limited(vendor, hit)
    assert after.status_code == 200


@pytest.mark.parametrize("vendor", VENDORS)
def test_scripted_5xx_burst_then_recovers_by_itself(sandbox, vendor):
    acc = sandbox.account(vendor)
    sandbox.fault(account=acc.id, group=PROBE[vendor][2], kind="error_5xx", params={"status": 502}, count=3)
    statuses = [_probe(acc).status_code for _ in range(4)]
    assert statuses == [502, 502, 502, 200]
    assert sandbox.control("GET", "faults")["faults"][-1]["remaining"] == 0


def test_latency_adds_delay(sandbox):
    acc = sandbox.account("wb")
    started = time.monotonic()
    hit, after = _on_off(sandbox, acc, "latency", params={"ms": 300})
    assert hit.status_code == 200 and time.monotonic() - started >= 0.3
    started = time.monotonic()
    _probe(acc)
    assert time.monotonic() - started < 0.3


def test_hang_outlasts_the_client_timeout(sandbox):
    acc = sandbox.account("ozon")
    hit, after = _on_off(sandbox, acc, "hang", params={"seconds": 1.0}, timeout=0.3)
    assert isinstance(hit, requests.exceptions.ReadTimeout)
    assert after.status_code == 200


@pytest.mark.parametrize("vendor", ["wb", "uzum"])
def test_connection_reset_drops_the_socket(sandbox, vendor):
    acc = sandbox.account(vendor)
    hit, after = _on_off(sandbox, acc, "reset")
    assert isinstance(hit, requests.exceptions.ConnectionError)
    assert after.status_code == 200
    [logged] = [r for r in sandbox.log(account=acc.id) if r["fault"] == "reset"]
    assert logged["status"] == 0


def test_schema_drift_renames_a_field(sandbox):
    acc = sandbox.account("wb")
    hit, after = _on_off(sandbox, acc, "schema_drift", params={"from": "orders", "to": "orderList"})
    assert "orderList" in hit.json() and "orders" not in hit.json()
    assert "orders" in after.json()


def test_probabilistic_fault_is_reproducible_with_its_seed(sandbox):
    runs = []
    for _ in range(2):
        acc = sandbox.account("ym")
        sandbox.fault(account=acc.id, kind="error_5xx", probability=0.5, seed=42)
        runs.append([_probe(acc).status_code for _ in range(12)])
    assert runs[0] == runs[1]
    assert {500, 200} <= set(runs[0])


def test_faults_are_scoped_by_account_and_group(sandbox):
    target, bystander = sandbox.account("wb", demo_cards=1), sandbox.account("wb", demo_cards=1)
    sandbox.fault(account=target.id, group="stocks", kind="error_5xx", params={"status": 503})
    wh = target.model.warehouses.get().ext_id
    chrt = target.model.cards.get().sku_id
    assert target.call("PUT", f"marketplace/api/v3/stocks/{wh}", {"stocks": [{"chrtId": chrt, "amount": 1}]}).status_code == 503
    assert target.call("GET", "marketplace/api/v3/orders/new").status_code == 200  # other group
    assert _probe(bystander).status_code == 200  # other account
    assert sandbox.control("DELETE", f"faults?account={target.id}")["deleted"] == 1
