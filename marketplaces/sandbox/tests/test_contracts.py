"""Contract tests, one per emulator endpoint: bad token, malformed body, missing required field,
unknown id, the valid call, then 429 / 420 once the endpoint's limit is used up."""
from __future__ import annotations

import pytest

from marketplaces.sandbox.tests.cases import ALL, OZON_ITEM
from marketplaces.sandbox.tests.conftest import BAD_AUTH, fill, populated
from marketplaces.sandbox.tests.shapes import assert_error, assert_limited

AUTH_FAIL = {"wb": 401, "ozon": 401, "ym": 401, "uzum": 403}


def _id(row) -> str:
    return f"{row[0]}-{row[1]}-{row[2].split('?')[0]}"


@pytest.mark.parametrize("row", ALL, ids=[_id(r) for r in ALL])
def test_endpoint_contract(sandbox, row):
    vendor, method, path, body, ok, missing, unknown, resource = row
    acc, ids = populated(sandbox, vendor)
    if vendor == "ozon":
        ids["task"] = acc.call("POST", "v3/product/import", {"items": [OZON_ITEM]}).json()["result"]["task_id"]
    rel = lambda p: fill(p, ids).split("/", 1)[1]  # noqa: E731 - drop the vendor prefix
    valid_body = fill(body, ids)

    resp = acc.call(method, rel(path), valid_body, headers=BAD_AUTH[vendor] | {"Content-Type": "application/json"})
    assert resp.status_code == AUTH_FAIL[vendor], resp.text
    assert_error(vendor, resp, path)

    if body is not None:
        resp = acc.call(method, rel(path), raw=b'{"not json')
        assert resp.status_code == 400, resp.text
        assert_error(vendor, resp, path)
    if missing:
        resp = acc.call(method, rel(missing[0]), fill(missing[1], ids))
        assert resp.status_code == 400, resp.text
        assert_error(vendor, resp, path)
    if unknown:
        resp = acc.call(method, rel(unknown[0]), fill(unknown[1], ids))
        assert resp.status_code == unknown[2], resp.text
        if unknown[2] >= 400:
            assert_error(vendor, resp, path)

    resp = acc.call(method, rel(path), valid_body)
    assert resp.status_code == ok, resp.text
    if ok != 204:
        assert resp.json() is not None

    sandbox.scale(0.01)  # a 100x slower clock: the drained limit cannot refill during the check
    sandbox.drain(acc, resource)
    assert_limited(vendor, acc.call(method, rel(path), valid_body))


@pytest.mark.parametrize("vendor,path", [("wb", "marketplace/api/v3/nope"), ("ozon", "v9/nope"), ("ym", "v2/nope"),
                                         ("uzum", "v1/nope")])
def test_unknown_path_is_the_vendors_404(sandbox, vendor, path):
    acc = sandbox.account(vendor)
    resp = acc.call("GET", path)
    assert resp.status_code == 404
    if vendor == "wb":
        assert resp.json()["status"] == 404 and resp.json()["origin"]  # gateway problem+json
    else:
        assert_error(vendor, resp)


@pytest.mark.parametrize("vendor,method,path,body", [
    ("ym", "POST", "v2/businesses/{biz}/offer-mappings?limit=abc", {}),
    ("ym", "POST", "v2/campaigns/{camp}/orders/status-update", {"orders": 5}),
    ("ozon", "POST", "v2/products/stocks", {"stocks": ["x"]}),
    ("wb", "POST", "content/content/v2/cards/update", [{"nmID": 1, "vendorCode": ["x"]}]),
    ("uzum", "POST", "v1/fbs/invoice", {"orderIds": "x", "dropOffPointUuid": "d", "timeSlotUuid": "t"}),
])
def test_wrong_types_get_the_vendors_400_not_a_crash(sandbox, vendor, method, path, body):
    acc = sandbox.account(vendor)
    resp = acc.call(method, path.format(biz=acc.model.business_id, camp=acc.model.campaign_id), body)
    assert resp.status_code == 400, resp.text
    assert_error(vendor, resp, path)


@pytest.mark.parametrize("vendor", ["wb", "ozon", "ym", "uzum"])
def test_odd_bodies_never_crash_an_endpoint(sandbox, vendor):
    acc, ids = populated(sandbox, vendor)
    ids["task"] = 1
    for row in [r for r in ALL if r[0] == vendor and r[1] != "GET"]:
        path = fill(row[2], ids).split("/", 1)[1]
        for body in ([], "x", 5, {"a": None}, [{"x": 1}], {k: "x" for k in (row[3] or {}) if isinstance(row[3], dict)}):
            resp = acc.call(row[1], path, body)
            assert resp.status_code < 500, (row[2], body, resp.text)
            if resp.status_code >= 400 and resp.status_code not in (420, 429):
                assert_error(vendor, resp, row[2])
