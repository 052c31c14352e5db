"""Ozon POST /v4/product/info/stocks in the sandbox: the vendor's shape, what v2/products/stocks
set read back as FBS `present` (summed over warehouses), cursor paging, and the vendor's 400."""
from __future__ import annotations

from marketplaces.sandbox.services import cards_bulk_create
from marketplaces.sandbox.tests.shapes import assert_error

READ = "v4/product/info/stocks"


def test_shape_and_present_is_what_the_update_set(sandbox):
    acc = sandbox.account("ozon")
    first, second = cards_bulk_create(account=acc.model, n=2)
    wh1, wh2 = acc.model.warehouses.order_by("pk")
    set_ = acc.call("POST", "v2/products/stocks", {"stocks": [
        {"offer_id": first.offer_id, "stock": 6, "warehouse_id": wh1.ext_id},
        {"offer_id": second.offer_id, "stock": 2, "warehouse_id": wh1.ext_id},
        {"offer_id": second.offer_id, "stock": 3, "warehouse_id": wh2.ext_id}]})
    assert set_.status_code == 200 and all(r["updated"] for r in set_.json()["result"]), set_.text

    resp = acc.call("POST", READ, {"filter": {"offer_id": [first.offer_id, second.offer_id, "NOPE"],
                                              "visibility": "ALL"}, "cursor": "", "limit": 10})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"items", "cursor", "total"} and body["total"] == 2 and body["cursor"] == ""
    items = {i["offer_id"]: i for i in body["items"]}
    assert set(items) == {first.offer_id, second.offer_id}  # the unknown offer is absent
    for item in items.values():
        assert set(item) == {"offer_id", "product_id", "stocks"}
        for stock in item["stocks"]:
            assert set(stock) == {"type", "present", "reserved", "sku", "shipment_type", "warehouse_ids"}
    fbs = {o: next(s for s in i["stocks"] if s["type"] == "fbs") for o, i in items.items()}
    assert (fbs[first.offer_id]["present"], fbs[first.offer_id]["warehouse_ids"]) == (6, [wh1.ext_id])
    assert (fbs[second.offer_id]["present"], fbs[second.offer_id]["warehouse_ids"]) == (5, [wh1.ext_id, wh2.ext_id])
    assert fbs[first.offer_id]["sku"] == first.sku_id and items[first.offer_id]["product_id"] == first.ext_id


def test_cursor_pages_through_every_product(sandbox):
    acc = sandbox.account("ozon")
    cards = cards_bulk_create(account=acc.model, n=5)
    seen, cursor = [], ""
    for _ in range(5):
        body = acc.call("POST", READ, {"filter": {}, "cursor": cursor, "limit": 2}).json()
        seen += [i["offer_id"] for i in body["items"]]
        cursor = body["cursor"]
        if not cursor:
            break
    assert seen == [c.offer_id for c in cards]


def test_bad_input_is_the_vendors_400(sandbox):
    acc = sandbox.account("ozon")
    for body in ({"filter": {}, "limit": 0}, {"filter": {}, "limit": 1001}, {"filter": {}},
                 {"filter": {"offer_id": [f"X-{n}" for n in range(1001)]}, "limit": 10}):
        resp = acc.call("POST", READ, body)
        assert resp.status_code == 400, resp.text
        assert resp.json()["code"] == 3  # INVALID_ARGUMENT, as every Ozon 400
        assert_error("ozon", resp, READ)
