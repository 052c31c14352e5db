"""Order and review life cycles as each vendor runs them, and their pagination."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplaces.sandbox.models import SandboxOrder
from marketplaces.sandbox.tests.conftest import populated

M = "marketplace/api/v3"


def test_wb_supply_flow_new_confirm_complete(sandbox):
    acc, ids = populated(sandbox, "wb")
    new = [o["id"] for o in acc.call("GET", f"{M}/orders/new").json()["orders"]]
    assert new
    supply = acc.call("POST", f"{M}/supplies", {"name": "Morning"}).json()["id"]
    assert acc.call("PATCH", f"marketplace/api/marketplace/v3/supplies/{supply}/orders", {"orders": new}).status_code == 204
    assert acc.call("GET", f"{M}/orders/new").json()["orders"] == []
    again = acc.call("PATCH", f"marketplace/api/marketplace/v3/supplies/{supply}/orders", {"orders": new[:1]})
    assert again.status_code == 409 and again.json()["code"] == "FailedToAddOrdersToSupply"
    assert acc.call("PATCH", f"{M}/supplies/{supply}/deliver").status_code == 204
    statuses = acc.call("POST", f"{M}/orders/status", {"orders": new}).json()["orders"]
    assert {s["supplierStatus"] for s in statuses} == {"complete"}
    assert acc.call("PATCH", f"{M}/orders/{new[0]}/cancel").status_code == 409


def test_wb_orders_history_next_cursor(sandbox):
    acc, _ = populated(sandbox, "wb")
    total = SandboxOrder.objects.filter(account_id=acc.id).count()
    first = acc.call("GET", f"{M}/orders?limit=2&next=0").json()
    rest = acc.call("GET", f"{M}/orders?limit=1000&next={first['next']}").json()
    assert len(first["orders"]) == 2 and len(rest["orders"]) == total - 2


def test_wb_feedback_answered_leaves_unanswered_list(sandbox):
    acc, ids = populated(sandbox, "wb")
    url = "feedbacks/api/v1/feedbacks?isAnswered=false&take=100&skip=0"
    before = acc.call("GET", url).json()["data"]
    assert ids["review"] in [f["id"] for f in before["feedbacks"]]
    assert acc.call("POST", "feedbacks/api/v1/feedbacks/answer", {"id": ids["review"], "text": "Thank you!"}).status_code == 204
    after = acc.call("GET", url).json()["data"]
    assert ids["review"] not in [f["id"] for f in after["feedbacks"]]
    assert after["countUnanswered"] == before["countUnanswered"] - 1


def test_ozon_ship_twice_and_cursor_pages(sandbox):
    acc, ids = populated(sandbox, "ozon")
    body = {"posting_number": ids["posting"], "packages": [{"products": [{"product_id": ids["sku"], "quantity": 1}]}]}
    assert acc.call("POST", "v4/posting/fbs/ship", body).json()["result"] == [ids["posting"]]
    twice = acc.call("POST", "v4/posting/fbs/ship", body)
    assert twice.status_code == 400 and twice.json()["message"] == "POSTING_ALREADY_SHIPPED"
    got = acc.call("POST", "v3/posting/fbs/get", {"posting_number": ids["posting"]}).json()["result"]
    assert got["status"] == "awaiting_deliver"
    flt = {"cutoff_from": "2020-01-01T00:00:00Z", "cutoff_to": "2100-01-01T00:00:00Z", "statuses": ["awaiting_packaging"]}
    seen, cursor = [], ""
    while True:
        page = acc.call("POST", "v4/posting/fbs/unfulfilled/list", {"filter": flt, "limit": 1, "cursor": cursor}).json()
        seen += [p["posting_number"] for p in page["postings"]]
        if not page["has_next"]:
            break
        cursor = page["cursor"]
    assert len(seen) == SandboxOrder.objects.filter(account_id=acc.id, status="awaiting_packaging").count() >= 1
    assert ids["posting"] not in seen


def test_ozon_review_answer_marks_processed(sandbox):
    acc, ids = populated(sandbox, "ozon")
    unprocessed = lambda: [r["id"] for r in acc.call("POST", "v1/review/list", {"limit": 100, "status": "UNPROCESSED"}).json()["reviews"]]  # noqa: E731
    assert ids["review"] in unprocessed()
    assert acc.call("POST", "v1/review/comment/create", {"review_id": ids["review"], "text": "Thanks"}).json()["comment_id"]
    assert ids["review"] not in unprocessed()


def test_ym_status_machine_and_pages(sandbox):
    acc, ids = populated(sandbox, "ym")
    url = f"v2/campaigns/{ids['camp']}/orders/{ids['order']}/status"
    ok = acc.call("PUT", url, {"order": {"status": "PROCESSING", "substatus": "READY_TO_SHIP"}})
    assert ok.json()["order"]["substatus"] == "READY_TO_SHIP"
    bad = acc.call("PUT", url, {"order": {"status": "PROCESSING", "substatus": "STARTED"}})
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "STATUS_NOT_ALLOWED"
    total, token, seen = SandboxOrder.objects.filter(account_id=acc.id).count(), "", 0
    while True:
        page = acc.call("POST", f"v1/businesses/{ids['biz']}/orders?limit=2" + (f"&pageToken={token}" if token else ""), {}).json()
        seen += len(page["orders"])
        token = page["paging"].get("nextPageToken")
        if not token:
            break
    assert seen == total


def test_ym_feedback_need_reaction(sandbox):
    acc, ids = populated(sandbox, "ym")
    need = lambda: [f["feedbackId"] for f in acc.call("POST", f"v2/businesses/{ids['biz']}/goods-feedback", {"reactionStatus": "NEED_REACTION"}).json()["result"]["feedbacks"]]  # noqa: E731
    assert ids["review_int"] in need()
    acc.call("POST", f"v2/businesses/{ids['biz']}/goods-feedback/comments/update",
             {"feedbackId": ids["review_int"], "comment": {"text": "Thanks"}})
    assert ids["review_int"] not in need()


def test_uzum_confirm_invoice_idempotent_and_deadline(sandbox):
    acc, ids = populated(sandbox, "uzum")
    confirmed = acc.call("POST", f"v1/fbs/order/{ids['order']}/confirm", {}).json()["payload"]
    assert confirmed["status"] == "PACKING"
    twice = acc.call("POST", f"v1/fbs/order/{ids['order']}/confirm", {})
    assert twice.status_code == 400 and twice.json()["errors"][0]["code"] == "seller-order-02"
    body = {"orderIds": [ids["order"]], "dropOffPointUuid": "dop-1", "timeSlotUuid": "slot-1", "idempotencyKey": "k-1"}
    first = acc.call("POST", "v1/fbs/invoice", body).json()["payload"]
    assert acc.call("POST", "v1/fbs/invoice", body).json()["payload"] == first  # a retry creates nothing new
    assert acc.call("GET", f"v1/fbs/order/{ids['order']}").json()["payload"]["status"] == "PENDING_DELIVERY"
    late = SandboxOrder.objects.filter(account_id=acc.id, status="CREATED").first()
    SandboxOrder.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(hours=3))
    expired = acc.call("POST", f"v1/fbs/order/{late.ext_id}/confirm", {})
    assert expired.status_code == 400 and expired.json()["errors"][0]["code"] == "seller-order-03"


def test_uzum_orders_page_size_over_50_is_rejected(sandbox):
    acc, ids = populated(sandbox, "uzum")
    resp = acc.call("GET", f"v2/fbs/orders?shopIds={ids['shop']}&page=0&size=51")
    assert resp.status_code == 400 and resp.json()["errors"][0]["code"] == "bad-request-001"
    page = acc.call("GET", f"v2/fbs/orders?shopIds={ids['shop']}&page=0&size=1").json()["payload"]
    assert len(page["orders"]) == 1 and page["totalAmount"] == SandboxOrder.objects.filter(account_id=acc.id).count()


BATCHES = [  # (vendor, method, path, one item, documented maximum, body key)
    ("wb", "PUT", "marketplace/api/v3/stocks/{wh}", {"chrtId": "{chrt}", "amount": 1}, 1000, "stocks"),
    ("ozon", "POST", "v2/products/stocks", {"offer_id": "{offer}", "stock": 1, "warehouse_id": "{wh}"}, 100, "stocks"),
    ("ozon", "POST", "v1/product/import/prices", {"offer_id": "{offer}", "price": "100"}, 1000, "prices"),
    ("ym", "PUT", "v2/campaigns/{camp}/offers/stocks", {"sku": "{offer}", "items": [{"count": 1}]}, 2000, "skus"),
    ("ym", "POST", "v2/businesses/{biz}/offer-prices/updates", {"offerId": "{offer}", "price": {"value": 1}}, 500, "offers"),
    ("uzum", "POST", "v2/fbs/sku/stocks", {"skuId": "{sku}", "barcode": "{barcode}", "amount": 1}, 1000, "skuAmountList"),
]


@pytest.mark.parametrize("vendor,method,path,item,maximum,key", BATCHES, ids=[f"{b[0]}-{b[5]}" for b in BATCHES])
def test_batch_maximum_is_enforced_with_the_vendors_error(sandbox, vendor, method, path, item, maximum, key):
    from marketplaces.sandbox.tests.conftest import fill
    from marketplaces.sandbox.tests.shapes import assert_error

    acc, ids = populated(sandbox, vendor)
    path, item = fill(path, ids), fill(item, ids)
    full = acc.call(method, path, {key: [item] * maximum})
    assert full.status_code in (200, 204), full.text[:300]
    over = acc.call(method, path, {key: [item] * (maximum + 1)})
    assert over.status_code == 400
    assert_error(vendor, over, "/marketplace/" if vendor == "wb" else path)


ISOLATION = {  # account A acting on account B's order, through A's own credentials and ids
    "wb": lambda a, b: ("PATCH", f"marketplace/api/v3/orders/{b['order']}/cancel", None),
    "ozon": lambda a, b: ("POST", "v3/posting/fbs/get", {"posting_number": b["posting"]}),
    "ym": lambda a, b: ("PUT", f"v2/campaigns/{a['camp']}/orders/{b['order']}/status",
                        {"order": {"status": "PROCESSING", "substatus": "READY_TO_SHIP"}}),
    "uzum": lambda a, b: ("GET", f"v1/fbs/order/{b['order']}", None),
}


@pytest.mark.parametrize("vendor", list(ISOLATION))
def test_an_account_never_reaches_another_accounts_objects(sandbox, vendor):
    acc_a, ids_a = populated(sandbox, vendor)
    acc_b, ids_b = populated(sandbox, vendor)
    method, path, body = ISOLATION[vendor](ids_a, ids_b)
    assert acc_a.call(method, path, body).status_code == 404
    assert SandboxOrder.objects.get(account_id=acc_b.id, ext_id=ids_b["order"]).status == \
        {"wb": "new", "ozon": "awaiting_packaging", "ym": "PROCESSING", "uzum": "CREATED"}[vendor]
