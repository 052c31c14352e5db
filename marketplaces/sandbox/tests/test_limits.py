"""Rate limits: each endpoint group driven past its documented limit, answered with the vendor's
status, body and retry headers, at the documented rate under a time scale."""
from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from marketplaces.sandbox.tests.shapes import assert_limited

# (resource, token type, method, path, body, burst, documented interval s, time scale) — wildberries.md §9
WB_GROUPS = [
    ("content", "personal", "POST", "content/content/v2/get/cards/list", {"settings": {"cursor": {"limit": 1}}}, 5, 0.6, 2),
    ("cards", "personal", "POST", "content/content/v2/cards/error/list", {}, 5, 6.0, 20),
    ("media", "personal", "POST", "content/content/v3/media/save", {"nmId": "{nm}", "data": []}, 5, 0.6, 2),
    ("prices", "personal", "GET", "prices/api/v2/history/tasks?uploadID=1", None, 5, 0.6, 2),
    ("marketplace", "personal", "GET", "marketplace/api/v3/warehouses", None, 20, 0.2, 1),
    ("feedbacks", "personal", "GET", "feedbacks/api/v1/feedbacks/count-unanswered", None, 6, 1 / 3, 1),
    ("prices", "base", "GET", "prices/api/v2/history/tasks?uploadID=1", None, 1, 900.0, 3000),
    ("media", "base", "POST", "content/content/v3/media/save", {"nmId": "{nm}", "data": []}, 1, 1800.0, 6000),
]


def _drive(acc, method, path, body, limit: int):
    """Call until refused; returns (accepted responses, the refusal, seconds spent)."""
    accepted, started = [], time.monotonic()
    for _ in range(limit * 3 + 15):
        resp = acc.call(method, path, body)
        if resp.status_code in (420, 429):
            return accepted, resp, time.monotonic() - started
        accepted.append(resp)
    pytest.fail(f"no refusal after {len(accepted)} calls")


@pytest.mark.parametrize("resource,token_type,method,path,body,burst,interval,scale", WB_GROUPS,
                         ids=[f"{g[0]}-{g[1]}" for g in WB_GROUPS])
def test_wb_token_bucket(sandbox, resource, token_type, method, path, body, burst, interval, scale):
    sandbox.scale(scale)
    acc = sandbox.account("wb", token_type=token_type, demo_cards=1)
    body = {"nmId": acc.model.cards.get().ext_id, "data": []} if resource == "media" else body
    accepted, refused, spent = _drive(acc, method, path, body, burst)
    step = interval / scale
    assert burst <= len(accepted) <= burst + spent / step + 1  # the burst, plus what refilled meanwhile
    assert all(r.status_code == 200 for r in accepted)
    assert accepted[0].headers["X-Ratelimit-Remaining"] == str(burst - 1)
    assert_limited("wb", refused)
    assert refused.headers["X-Ratelimit-Limit"] == str(burst)
    retry = float(refused.headers["X-Ratelimit-Retry"])
    assert 0 < retry <= step + 0.01
    assert float(refused.headers["X-Ratelimit-Reset"]) <= burst * step + 0.01
    time.sleep(retry + 0.01)
    assert acc.call(method, path, body).status_code == 200  # waiting X-Ratelimit-Retry is enough


def test_wb_marketplace_4xx_costs_ten_requests(sandbox):
    sandbox.scale(0.02)  # a token every 10 s: a loaded machine cannot refill one between the calls
    acc = sandbox.account("wb")
    statuses = [acc.call("POST", "marketplace/api/v3/stocks/1", {"chrtIds": [1]}).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]  # burst 20 = two 4xx answers


def test_ozon_50_rps_per_client_id(sandbox):
    sandbox.scale(0.02)  # 50/s -> 1/s: one token a second, burst 50 (slow calls on a loaded CI still run dry)
    acc = sandbox.account("ozon")
    accepted, refused, spent = _drive(acc, "POST", "v1/roles", {}, 50)
    assert 50 <= len(accepted) <= 50 + spent / 1.0 + 1
    assert_limited("ozon", refused)
    retry = float(refused.headers["Retry-After"])
    assert 0 < retry <= 1.01
    time.sleep(retry + 0.01)
    assert acc.call("POST", "v1/roles", {}).status_code == 200


def test_ozon_stocks_80_per_minute_and_item_limits(sandbox):
    sandbox.scale(1)
    acc = sandbox.account("ozon", demo_cards=1)
    wh = acc.model.warehouses.order_by("pk").first().ext_id
    sandbox.drain(acc, "stocks", remaining=2)
    body = lambda n: {"stocks": [{"offer_id": "DEMO-001", "stock": n, "warehouse_id": wh}]}  # noqa: E731
    first = acc.call("POST", "v2/products/stocks", body(1)).json()["result"][0]
    second = acc.call("POST", "v2/products/stocks", body(2)).json()["result"][0]
    assert first["updated"] is True
    assert second["updated"] is False and second["errors"][0]["code"] == "TOO_MANY_REQUESTS"  # same pair < 30 s
    refused = acc.call("POST", "v2/products/stocks", body(3))
    assert_limited("ozon", refused)
    assert 0 < float(refused.headers["Retry-After"]) <= 60
    prices = [acc.call("POST", "v1/product/import/prices", {"prices": [{"offer_id": "DEMO-001", "price": str(100 + i)}]})
              .json()["result"][0]["updated"] for i in range(11)]
    assert prices == [True] * 10 + [False]  # 10 price changes per hour per product


# (resource, method, path, body, documented limit, per item, window s) — yandex_market.md §10
B, C = "v2/businesses/{biz}", "v2/campaigns/{camp}"
YM_RESOURCES = [
    ("campaigns", "GET", "v2/campaigns", None, 1000, False, 3600),
    ("offer-mappings", "POST", f"{B}/offer-mappings", {}, 100, False, 60),
    ("offer-mappings-update", "POST", f"{B}/offer-mappings/update",
     {"offerMappings": [{"offer": {"offerId": "DEMO-001", "name": "N", "marketCategoryId": 1, "pictures": ["https://x/1.jpg"], "vendor": "V", "description": "D"}},
                        {"offer": {"offerId": "DEMO-002", "name": "N", "marketCategoryId": 1, "pictures": ["https://x/1.jpg"], "vendor": "V", "description": "D"}}]},
     5000, True, 60),
    ("business-prices", "POST", f"{B}/offer-prices/updates",
     {"offers": [{"offerId": "DEMO-001", "price": {"value": 1}}, {"offerId": "DEMO-002", "price": {"value": 2}}]}, 10000, True, 60),
    ("stocks", "PUT", f"{C}/offers/stocks",
     {"skus": [{"sku": "DEMO-001", "items": [{"count": 1}]}, {"sku": "DEMO-002", "items": [{"count": 1}]}]}, 100000, True, 60),
    ("orders", "POST", "v1/businesses/{biz}/orders", {}, 10000, False, 3600),
    ("goods-feedback", "POST", f"{B}/goods-feedback", {}, 5000, False, 3600),
    ("goods-feedback-comments", "POST", f"{B}/goods-feedback/comments/update", {"feedbackId": 1, "comment": {"text": "x"}}, 1000, False, 3600),
    ("warehouses", "POST", f"{B}/warehouses", {}, 100, False, 3600),
]


@pytest.mark.parametrize("resource,method,path,body,limit,per_item,window", YM_RESOURCES, ids=[r[0] for r in YM_RESOURCES])
def test_ym_resource_limit_420(sandbox, resource, method, path, body, limit, per_item, window):
    sandbox.scale(1)
    acc = sandbox.account("ym", demo_cards=2)
    path = path.format(biz=acc.model.business_id, camp=acc.model.campaign_id)
    left = window - time.time() % window  # YM windows are fixed (aligned to the clock): do not straddle one
    if left < 5:
        time.sleep(left + 0.05)
    sandbox.drain(acc, resource, remaining=3)
    first = acc.call(method, path, body)
    assert first.status_code in (200, 404) and first.headers["X-RateLimit-Resource-Limit"] == str(limit)
    assert first.headers["X-RateLimit-Resource-Remaining"] == str(1 if per_item else 2)
    if not per_item:
        acc.call(method, path, body)
        acc.call(method, path, body)
    refused = acc.call(method, path, body)
    assert_limited("ym", refused)
    until = parsedate_to_datetime(refused.headers["X-RateLimit-Resource-Until"])
    assert timezone.now() < until <= timezone.now() + timezone.timedelta(seconds=window + 1)
    assert f"for resource {resource}" in refused.json()["errors"][0]["message"]


def test_uzum_token_rate_then_penalty(sandbox):
    sandbox.scale(1)
    acc = sandbox.account("uzum")
    statuses = [acc.call("GET", "v1/shops").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    time.sleep(0.6)  # the 2/s bucket alone would have refilled; the 30 s penalty has not
    refused = acc.call("GET", "v1/shops")
    assert_limited("uzum", refused)
