"""Asynchronous vendor semantics: WB cards + error list, WB price tasks, Ozon import task_id,
YM all-or-nothing mappings with a later cardStatus."""
from __future__ import annotations

import time

from marketplaces.sandbox.tests.cases import DIMS, OZON_ITEM, YM_OFFER

SETTLE = 5.0 / 10 + 0.15  # services.ASYNC_SECONDS at time scale 10, plus slack


def _wb_list(acc, text: str) -> list:
    resp = acc.call("POST", "content/content/v2/get/cards/list",
                    {"settings": {"cursor": {"limit": 100}, "filter": {"textSearch": text}}})
    assert resp.status_code == 200
    return resp.json()["cards"]


def test_wb_cards_appear_later_and_failures_go_to_error_list(sandbox):
    sandbox.scale(10)
    acc = sandbox.account("wb")
    batch = [{"subjectID": 2001, "variants": [
        {"vendorCode": "GOOD-1", "title": "Mug", "brand": "Acme", "dimensions": DIMS, "sizes": [{"price": 990, "skus": ["4601"]}]},
        {"vendorCode": "BAD-1", "brand": "Acme", "dimensions": DIMS}]}]
    resp = acc.call("POST", "content/content/v2/cards/upload", batch)
    assert resp.status_code == 200 and resp.json() == {"data": None, "error": False, "errorText": "", "additionalErrors": None}
    assert _wb_list(acc, "GOOD-1") == []  # accepted, not created yet
    assert acc.call("POST", "content/content/v2/cards/error/list", {}).json()["data"]["items"] == []
    time.sleep(SETTLE)
    [card] = _wb_list(acc, "GOOD-1")
    assert card["nmID"] and card["sizes"][0]["chrtID"] and card["sizes"][0]["skus"] == ["4601"]
    assert _wb_list(acc, "BAD-1") == []
    [item] = acc.call("POST", "content/content/v2/cards/error/list", {}).json()["data"]["items"]
    assert item["vendorCodes"] == ["BAD-1"] and "title is required" in item["errors"]["BAD-1"]
    dup = acc.call("POST", "content/content/v2/cards/upload", batch)
    assert dup.status_code == 400 and set(dup.json()["additionalErrors"]) == {"BAD-1", "GOOD-1"}


def test_wb_cards_list_cursor_pages(sandbox):
    acc = sandbox.account("wb", demo_cards=3)
    first = acc.call("POST", "content/content/v2/get/cards/list", {"settings": {"cursor": {"limit": 2}}}).json()
    assert len(first["cards"]) == 2 and first["cursor"]["total"] == 2
    cursor = {"limit": 2, "updatedAt": first["cursor"]["updatedAt"], "nmID": first["cursor"]["nmID"]}
    second = acc.call("POST", "content/content/v2/get/cards/list", {"settings": {"cursor": cursor}}).json()
    assert [c["vendorCode"] for c in second["cards"]] == ["DEMO-003"]


def test_wb_price_task_buffer_then_history_with_item_errors(sandbox):
    sandbox.scale(10)
    acc = sandbox.account("wb", demo_cards=1)
    nm = acc.model.cards.get().ext_id
    body = {"data": [{"nmID": nm, "price": 1500, "discount": 5}, {"nmID": 1, "price": 10}]}
    resp = acc.call("POST", "prices/api/v2/upload/task", body)
    assert resp.status_code == 200 and resp.json()["data"]["alreadyExists"] is False
    upload = resp.json()["data"]["id"]
    assert acc.call("GET", f"prices/api/v2/buffer/tasks?uploadID={upload}").json()["data"]["status"] == 1
    assert acc.call("GET", f"prices/api/v2/history/tasks?uploadID={upload}").json()["data"] is None
    again = acc.call("POST", "prices/api/v2/upload/task", body)
    assert again.status_code == 208 and again.json()["data"] == {"id": upload, "alreadyExists": True}
    time.sleep(SETTLE)
    assert acc.call("GET", f"prices/api/v2/buffer/tasks?uploadID={upload}").json()["data"] is None
    history = acc.call("GET", f"prices/api/v2/history/tasks?uploadID={upload}").json()["data"]
    assert history["status"] == 5 and history["successGoodsNumber"] == 1  # 5 = partially failed
    goods = acc.call("GET", f"prices/api/v2/history/goods/task?uploadID={upload}&limit=10").json()["data"]["historyGoods"]
    assert [g["errorText"] for g in goods] == ["", "nmID not found"]


def test_wb_price_batch_limit_is_the_vendors_error(sandbox):
    acc = sandbox.account("wb", demo_cards=1)
    resp = acc.call("POST", "prices/api/v2/upload/task", {"data": [{"nmID": i, "price": 1} for i in range(1001)]})
    assert resp.status_code == 400
    assert resp.json()["errorText"] == "Upload limit exceeded: You can upload a maximum of 1 000 items"


def test_ozon_import_task_pending_then_per_item_result(sandbox):
    sandbox.scale(10)
    acc = sandbox.account("ozon")
    bad = OZON_ITEM | {"offer_id": "BAD-1", "weight": 0}
    task_id = acc.call("POST", "v3/product/import", {"items": [OZON_ITEM, bad]}).json()["result"]["task_id"]
    info = acc.call("POST", "v1/product/import/info", {"task_id": task_id}).json()["result"]
    assert info["total"] == 2 and {i["status"] for i in info["items"]} == {"pending"}
    wh = acc.model.warehouses.first().ext_id
    early = acc.call("POST", "v2/products/stocks", {"stocks": [{"offer_id": "NEW-1", "stock": 3, "warehouse_id": wh}]})
    assert early.json()["result"][0]["errors"][0]["code"] == "product_is_not_created"
    time.sleep(SETTLE)
    items = {i["offer_id"]: i for i in acc.call("POST", "v1/product/import/info", {"task_id": task_id}).json()["result"]["items"]}
    assert items["NEW-1"]["status"] == "imported" and items["NEW-1"]["product_id"]
    assert items["BAD-1"]["status"] == "failed" and items["BAD-1"]["errors"][0]["code"] == "invalid_dimensions"
    late = acc.call("POST", "v2/products/stocks", {"stocks": [{"offer_id": "NEW-1", "stock": 3, "warehouse_id": wh}]})
    assert late.json()["result"][0]["updated"] is True
    same = acc.call("POST", "v3/product/import", {"items": [OZON_ITEM]}).json()["result"]["task_id"]
    time.sleep(SETTLE)
    assert acc.call("POST", "v1/product/import/info", {"task_id": same}).json()["result"]["items"][0]["status"] == "skipped"


def test_ozon_batch_limits_are_the_vendors_error(sandbox):
    acc = sandbox.account("ozon")
    resp = acc.call("POST", "v2/products/stocks", {"stocks": [{"offer_id": "X", "stock": 1, "warehouse_id": 1}] * 101})
    assert resp.status_code == 400 and resp.json()["code"] == 3
    resp = acc.call("POST", "v3/product/import", {"items": [OZON_ITEM] * 101})
    assert resp.status_code == 400 and resp.json()["code"] == 3


def test_ym_mappings_all_or_nothing_then_card_status(sandbox):
    sandbox.scale(10)
    acc = sandbox.account("ym")
    biz = acc.model.business_id
    bad = YM_OFFER | {"offerId": "BAD-1", "marketCategoryId": 0}
    resp = acc.call("POST", f"v2/businesses/{biz}/offer-mappings/update", {"offerMappings": [{"offer": YM_OFFER}, {"offer": bad}]})
    assert resp.status_code == 200 and resp.json()["status"] == "ERROR"
    assert resp.json()["results"][1]["errors"][0]["type"] == "UNKNOWN_CATEGORY"
    assert not acc.model.cards.exists()  # nothing in the batch was applied
    assert acc.call("POST", f"v2/businesses/{biz}/offer-mappings/update", {"offerMappings": [{"offer": YM_OFFER}]}).json()["status"] == "OK"
    read = lambda: acc.call("POST", f"v2/businesses/{biz}/offer-mappings", {"offerIds": ["NEW-1"]}).json()["result"]["offerMappings"][0]  # noqa: E731
    assert read()["offer"]["cardStatus"] == "NO_CARD_PROCESSING"
    time.sleep(SETTLE)
    assert read()["offer"]["cardStatus"] == "HAS_CARD_CAN_UPDATE" and read()["mapping"]["marketSku"]
