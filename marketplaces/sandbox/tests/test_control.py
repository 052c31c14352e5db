"""Control API, sandbox root map, credentials in vendor form, request log, generator, admin page."""
from __future__ import annotations

import base64
import json

import pytest
from django.urls import reverse

from marketplaces.sandbox.models import SandboxAccount, SandboxOrder, SandboxRequestLog
from marketplaces.sandbox.generator import activity_generate, request_log_prune
from marketplaces.sandbox.services import account_create


def test_root_maps_every_vendor_host_to_a_working_base(sandbox):
    hosts = sandbox.http.get(f"{sandbox.url}/sandbox/").json()["hosts"]
    assert hosts["https://marketplace-api.wildberries.ru"] == f"{sandbox.url}/sandbox/wb/marketplace"
    assert hosts["https://api-seller.uzum.uz/api/seller-openapi"] == f"{sandbox.url}/sandbox/uzum"
    assert {"https://content-api.wildberries.ru", "https://api-seller.ozon.ru", "https://api.partner.market.yandex.ru"} <= set(hosts)
    acc = sandbox.account("wb")
    resp = sandbox.http.get(hosts["https://content-api.wildberries.ru"] + "/ping", headers={"Authorization": acc.creds["token"]})
    assert resp.json()["Status"] == "OK"


def test_credentials_come_in_each_vendors_form_and_are_stored_hashed(sandbox):
    wb, oz, ym, uz = (sandbox.account(v) for v in ("wb", "ozon", "ym", "uzum"))
    payload = wb.creds["token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["acc"] == 3 and claims["s"] & 0b1001101 == 0b1001101  # content, prices, marketplace, feedbacks
    assert oz.creds["client_id"].isdigit() and len(oz.creds["api_key"]) == 36
    assert ym.creds["api_key"].startswith("ACMA:") and ym.creds["business_id"] and ym.creds["campaign_id"]
    assert uz.creds["token"] and uz.creds["shop_id"]
    stored = json.dumps(list(SandboxAccount.objects.values()), default=str)
    for secret in (wb.creds["token"], oz.creds["api_key"], ym.creds["api_key"], uz.creds["token"]):
        assert secret not in stored


def test_wb_token_without_the_category_is_refused(sandbox):
    acc = sandbox.account("wb", categories=["content"])
    assert acc.call("GET", "content/ping").status_code == 200
    assert acc.call("GET", "marketplace/api/v3/warehouses").status_code == 401


@pytest.mark.parametrize("body,status", [({"vendor": "amazon"}, 400), ({"vendor": "wb", "token_type": "x"}, 400)])
def test_account_create_rejects_bad_input(sandbox, body, status):
    resp = sandbox.http.post(f"{sandbox.url}/_sandbox/accounts", json=body)
    assert resp.status_code == status and resp.json()["error"]["message"]


def test_time_scale_and_fault_validation(sandbox):
    assert sandbox.control("POST", "time-scale", {"scale": 50}, expect=200) == {"scale": 50.0}
    assert sandbox.control("GET", "time-scale") == {"scale": 50.0}
    assert "error" in sandbox.control("POST", "time-scale", {"scale": -1}, expect=400)
    assert "error" in sandbox.control("POST", "faults", {"kind": "meteor"}, expect=400)
    assert "error" in sandbox.control("POST", "faults", {"kind": "latency", "count": 0}, expect=400)
    assert "error" in sandbox.control("POST", "faults", {"kind": "latency", "group": "bogus"}, expect=400)


def test_log_keeps_write_order_and_no_secrets(sandbox):
    acc = sandbox.account("ym", demo_cards=1)
    url = f"v2/campaigns/{acc.model.campaign_id}/offers/stocks"
    for count in (5, 3, 9):
        assert acc.call("PUT", url, {"skus": [{"sku": "DEMO-001", "items": [{"count": count}]}]}).status_code == 200
    rows = sandbox.log(account=acc.id, group="stocks")
    assert [r["summary"]["stocks"]["DEMO-001"] for r in rows] == [5, 3, 9]
    assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)
    assert rows[0]["method"] == "PUT" and rows[0]["status"] == 200 and rows[0]["path"].endswith("/offers/stocks")
    assert acc.creds["api_key"] not in json.dumps(sandbox.log(account=acc.id))
    assert sandbox.log(account=acc.id, after=rows[-1]["seq"]) == []


def test_reset_forgets_accounts_of_a_vendor(sandbox):
    acc = sandbox.account("uzum")
    sandbox.control("POST", "reset", {"vendor": "uzum"}, expect=200)
    assert not SandboxAccount.objects.filter(pk=acc.id).exists()
    assert _status(acc.call("GET", "v1/shops")) == 403


def _status(resp):
    return resp.status_code


def test_control_api_is_off_when_sandbox_disabled(sandbox, settings):
    settings.SANDBOX_ENABLED = False
    assert sandbox.http.get(f"{sandbox.url}/_sandbox/accounts").status_code == 404
    assert sandbox.http.post(f"{sandbox.url}/_sandbox/reset", json={}).status_code == 404
    assert sandbox.http.get(f"{sandbox.url}/sandbox/").status_code == 404


@pytest.mark.django_db
def test_generator_is_deterministic_for_a_seed():
    events = []
    for _ in range(2):
        account, _ = account_create(vendor="ozon", seed=99, demo_cards=4)
        made = activity_generate(account=account, steps=20)
        orders = SandboxOrder.objects.filter(account=account).order_by("pk")
        events.append((made, [(o.card.offer_id, o.quantity, o.status) for o in orders]))
    assert events[0] == events[1] and events[0][0]["orders"] > 0


@pytest.mark.django_db
def test_admin_request_log_is_staff_only_and_read_only(client, staff_user, make_user):
    account, _ = account_create(vendor="wb")
    SandboxRequestLog.objects.create(account=account, vendor="wb", group="stocks", method="PUT",
                                     path="/sandbox/wb/marketplace/api/v3/stocks/1", status=204)
    url = reverse("admin:sandbox_sandboxrequestlog_changelist")
    client.force_login(make_user(email="plain@example.test"))
    assert client.get(url).status_code == 302
    client.force_login(staff_user)
    page = client.get(url)
    assert page.status_code == 200 and b"/sandbox/wb/marketplace/api/v3/stocks/1" in page.content
    assert client.get(reverse("admin:sandbox_sandboxrequestlog_add")).status_code == 403


@pytest.mark.django_db
def test_request_log_prune_keeps_the_newest_rows():
    rows = [SandboxRequestLog.objects.create(vendor="wb", group="stocks", method="PUT", path=f"/p/{n}", status=204)
            for n in range(5)]
    assert request_log_prune(keep=2) == 3
    assert list(SandboxRequestLog.objects.order_by("id").values_list("path", flat=True)) == [r.path for r in rows[3:]]


def test_bulk_cards_then_stock_read_back_over_http(sandbox):
    """Load tests make thousands of ready cards in one call and read stock back per offer id."""
    oz = sandbox.account("ozon")
    cards = sandbox.control("POST", f"accounts/{oz.id}/cards/bulk", {"count": 300}, expect=201)["cards"]
    assert len(cards) == 300 and len({c["ext_id"] for c in cards}) == 300 and cards[0]["offer_id"] == "BULK-00000"
    more = sandbox.control("POST", f"accounts/{oz.id}/cards/bulk", {"count": 2}, expect=201)["cards"]
    assert [c["offer_id"] for c in more] == ["BULK-00300", "BULK-00301"]  # a second call adds, never clashes
    warehouse = oz.model.warehouses.order_by("pk").first()
    resp = oz.call("POST", "v2/products/stocks", {"stocks": [
        {"offer_id": "BULK-00007", "stock": 9, "warehouse_id": warehouse.ext_id}]})
    assert resp.status_code == 200, resp.text
    url = f"{sandbox.url}/_sandbox/accounts/{oz.id}/stocks"
    assert sandbox.http.get(url, params={"offer_id": ["BULK-00007", "BULK-00008"]}).json() == {
        "stocks": {"BULK-00007": 9, "BULK-00008": 0}}
    assert len(sandbox.http.get(url).json()["stocks"]) == 302
    for body in ({"count": 0}, {"count": 50_001}):
        assert "count" in sandbox.control("POST", f"accounts/{oz.id}/cards/bulk", body, expect=400)["error"]["message"]
    assert sandbox.control("POST", f"accounts/{oz.id}/cards/bulk", {"count": "many"}, expect=400)["error"]["message"]
    assert sandbox.http.get(f"{sandbox.url}/_sandbox/accounts/999999/stocks").status_code == 404
