"""Ozon API client (HTTP only; vendor JSON is shaped in mappers.py)."""
from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import requests

from marketplaces.clients import errors
from marketplaces.clients.batching import read_batches, send_batches
from marketplaces.clients.http import HttpBase, header_seconds
from marketplaces.clients.mapping import need
from marketplaces.clients.ozon import endpoints as ep, mappers as m
from marketplaces.clients.types import (BatchResult, Capability as C, ConnectionReport, ItemResult, Order,
                                        PriceUpdate, ProductCard, Review, StockLevelRead, StockUpdate,
                                        Warehouse)

ASYNC_WAIT_S = 60.0


class OzonClient(HttpBase):
    vendor = "ozon"
    maintenance_markers = ("circle is open", "maintenance")
    capabilities = frozenset({C.CONNECTION, C.CARDS, C.MEDIA, C.PRICES, C.STOCKS, C.STOCKS_READ, C.WAREHOUSES,
                              C.ORDERS, C.ORDER_SHIP, C.REVIEWS, C.REVIEW_ANSWER})

    def __init__(self, *, client_id: str, api_key: str, base_url: str = "", **kwargs):
        super().__init__(base_url=base_url or ep.HOST, auth_headers={"Client-Id": str(client_id), "Api-Key": api_key},
                         **kwargs)

    def post(self, path: str, body: dict, *, group: str = "all"):
        return self.request("POST", path, group=group, json=body)

    def request(self, method, path, *, group, **kwargs):
        if self.pacer is not None and group != "all":
            self.pacer.acquire("all")  # every call also counts against the per-Client-Id limit
        return super().request(method, path, group=group, **kwargs)

    def retry_after(self, resp: requests.Response) -> float:
        value = header_seconds(resp, "Retry-After")
        return value if value is not None else super().retry_after(resp)

    def error_message(self, body, resp):
        if isinstance(body, dict):
            return str(body.get("message") or ""), str(body.get("code") or "")
        return resp.reason or "", ""

    def connection_check(self) -> ConnectionReport:
        body = self.post(ep.ROLES, {})
        need(body, "roles")
        return ConnectionReport(ok=True)

    def warehouses_list(self) -> list[Warehouse]:
        return [m.warehouse(w) for w in need(self.post(ep.WAREHOUSES, {"limit": 200}), "warehouses")]

    def cards_upsert(self, cards: Sequence[ProductCard]) -> BatchResult:
        def send(chunk):
            task = m.task_id(self.post(ep.IMPORT, {"items": [m.card_to_ozon(c) for c in chunk]}))
            return self._import_settle(task, chunk)
        return send_batches(cards, ep.BATCH["cards"], send)

    def _import_settle(self, task: int, chunk) -> BatchResult:
        deadline, delay = time.monotonic() + ASYNC_WAIT_S / self.time_scale, 1.0 / self.time_scale
        while True:
            time.sleep(delay)
            items = m.import_results(self.post(ep.IMPORT_INFO, {"task_id": task}))
            if items is not None:
                return BatchResult(items=items, requests=1)
            if time.monotonic() > deadline:
                return BatchResult(items=[ItemResult(key=c.sku, ok=False, code="pending") for c in chunk])
            delay = min(delay * 2, 5.0 / self.time_scale)

    def media_upload(self, *, sku: str, vendor_id: str, urls: Sequence[str]) -> BatchResult:
        self.post(ep.PICTURES, {"product_id": int(vendor_id), "images": list(urls)})
        return BatchResult(items=[ItemResult(key=sku, ok=True, vendor_id=vendor_id)], requests=1)

    def prices_update(self, items: Sequence[PriceUpdate]) -> BatchResult:
        def send(chunk):
            body = self.post(ep.PRICES, {"prices": [m.price_to_ozon(i) for i in chunk]})
            return BatchResult(items=m.item_results(body), requests=1)
        return send_batches(items, ep.BATCH["prices"], send)

    def stocks_update(self, items: Sequence[StockUpdate]) -> BatchResult:
        def send(chunk):
            body = self.request("POST", ep.STOCKS, group="stocks", json={"stocks": [m.stock_to_ozon(i) for i in chunk]})
            return BatchResult(items=m.item_results(body, with_warehouse=True), requests=1)
        return send_batches(items, ep.BATCH["stocks"], send)

    def stocks_read(self, items: Sequence[StockUpdate]) -> list[StockLevelRead]:
        """FBS stock by offer_id through POST /v4/product/info/stocks, not the per-warehouse
        /v1/product/info/stocks-by-warehouse/fbs (ozon.md §6). Why: the per-warehouse read takes
        Ozon SKU ids and answers {sku, product_id, present, reserved, warehouse_id} without offer_id
        (Ozon's OpenAPI schema), and we never learn the Ozon SKU (imports give product_id; our
        VendorRef.sku_id is empty for Ozon), so it would need a third lookup call per batch. The
        cost: v4 sums the "fbs" type across the seller's warehouses. An offer stocked in one FBS
        warehouse reads with that warehouse id; in several, with warehouse_id "" and the sum
        (reconciliation compares it with the sum it pushed). Quantity is present - reserved, the
        sellable stock v2/products/stocks sets (see mappers.stocks_read)."""
        offers = list(dict.fromkeys(i.sku for i in items))

        def read(chunk: list[str]) -> list[StockLevelRead]:
            out, cursor = [], ""
            while True:
                body = self.post(ep.STOCKS_READ, {"filter": {"offer_id": chunk, "visibility": "ALL"},
                                                  "cursor": cursor, "limit": ep.BATCH["stocks_read"]})
                rows, cursor = m.stocks_read(body)
                out += rows
                if not cursor or len(need(body, "items")) < ep.BATCH["stocks_read"]:
                    return out
        return read_batches(offers, ep.BATCH["stocks_read"], read)

    def orders_list(self, *, since: datetime | None = None) -> list[Order]:
        now = datetime.now(timezone.utc)
        since = since or now - timedelta(days=30)
        body = self.post(ep.UNFULFILLED, {"dir": "ASC", "limit": 100, "filter": {
            "cutoff_from": since.isoformat().replace("+00:00", "Z"),
            "cutoff_to": (now + timedelta(days=30)).isoformat().replace("+00:00", "Z")}})
        return [m.order(p) for p in need(body, "postings")]

    def order_acknowledge(self, order_id: str) -> None:
        raise errors.NotSupported("ozon has no separate acknowledgement: a new posting is awaiting packaging")

    def order_ship(self, order_id: str, *, ref: str = "") -> None:
        posting = need(self.post(ep.POSTING_GET, {"posting_number": order_id}), "result")
        products = [{"product_id": need(p, "sku"), "quantity": need(p, "quantity")} for p in need(posting, "products")]
        self.post(ep.SHIP, {"posting_number": order_id, "packages": [{"products": products}]})

    def reviews_list(self) -> list[Review]:
        return [m.review(r) for r in need(self.post(ep.REVIEWS, {"limit": 100, "status": "UNPROCESSED"}), "reviews")]

    def review_answer(self, review_id: str, text: str) -> None:
        self.post(ep.REVIEW_COMMENT, {"review_id": review_id, "text": text, "mark_review_as_processed": True})
