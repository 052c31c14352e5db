"""Wildberries API client (HTTP only; vendor JSON is shaped in mappers.py)."""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import requests

from marketplaces.clients import errors
from marketplaces.clients.batching import read_batches, send_batches
from marketplaces.clients.http import HttpBase, header_seconds
from marketplaces.clients.types import (BatchResult, Capability as C, ConnectionReport, ItemResult, Order,
                                        PriceUpdate, ProductCard, Review, StockLevelRead, StockUpdate,
                                        Warehouse)
from marketplaces.clients.mapping import need
from marketplaces.clients.wildberries import endpoints as ep, mappers as m

ASYNC_WAIT_S = 60.0  # documented settle time is seconds; give up (item "pending") after this, time-scaled


class WildberriesClient(HttpBase):
    vendor = "wildberries"
    maintenance_markers = ("maintenance",)
    capabilities = frozenset({C.CONNECTION, C.CARDS, C.MEDIA, C.PRICES, C.STOCKS, C.STOCKS_READ, C.WAREHOUSES,
                              C.ORDERS, C.ORDER_ACK, C.ORDER_SHIP, C.REVIEWS, C.REVIEW_ANSWER})

    def __init__(self, *, token: str, base_url: str = "", **kwargs):
        super().__init__(base_url=base_url, auth_headers={"Authorization": token}, **kwargs)

    def host(self, category: str) -> str:
        return f"{self.base_url}/{category}" if self.base_url else ep.HOSTS[category]

    def call(self, method: str, category: str, path: str, *, group: str, **kwargs):
        return self.request(method, path, group=group, base=self.host(category), **kwargs)

    # errors: WB has three body shapes (wildberries.md §3 "Errors")
    def retry_after(self, resp: requests.Response) -> float:
        value = header_seconds(resp, "X-Ratelimit-Retry")
        return value if value is not None else super().retry_after(resp)

    def error_message(self, body, resp):
        if isinstance(body, dict):
            text = body.get("detail") or body.get("errorText") or body.get("message") or body.get("title") or ""
            return str(text), str(body.get("code") or "")
        return resp.reason or "", ""

    # protocol
    def connection_check(self) -> ConnectionReport:
        self.call("GET", "content", ep.PING, group="ping")
        return ConnectionReport(ok=True)

    def warehouses_list(self) -> list[Warehouse]:
        body = self.call("GET", "marketplace", ep.WAREHOUSES, group="marketplace")
        if not isinstance(body, list):
            raise errors.ContractChanged("wildberries warehouses: a list was expected")
        return [m.warehouse(w) for w in body]

    def cards_upsert(self, cards: Sequence[ProductCard]) -> BatchResult:
        def send(chunk: list[ProductCard]) -> BatchResult:
            new = [m.card_to_wb(c) for c in chunk if not c.vendor_id]
            old = [m.card_to_wb(c) for c in chunk if c.vendor_id]
            if new:
                self.call("POST", "content", ep.CARDS_UPLOAD, group="cards", json=new)
            if old:
                self.call("POST", "content", ep.CARDS_UPDATE, group="cards", json=old)
            return self._cards_settle(chunk)
        return send_batches(cards, ep.BATCH["cards"], send)

    def _cards_settle(self, chunk: list[ProductCard]) -> BatchResult:
        """Follow the async flow: a card ends in the card list (ok) or in the error list (rejected)."""
        deadline, delay, waiting = time.monotonic() + ASYNC_WAIT_S / self.time_scale, 1.0 / self.time_scale, {
            c.sku: c for c in chunk}
        result = BatchResult()
        while waiting:
            time.sleep(delay)
            failed = m.card_errors(self.call("POST", "content", ep.CARDS_ERRORS, group="cards", json={}))
            listed = m.cards_from_list(self.call("POST", "content", ep.CARDS_LIST, group="content", json={
                "settings": {"cursor": {"limit": 100}, "filter": {"textSearch": "", "withPhoto": -1}}}))
            for sku in list(waiting):
                if sku in failed:
                    result.items.append(ItemResult(key=sku, ok=False, code="rejected", message=failed[sku]))
                    del waiting[sku]
                elif sku in listed and listed[sku].get("title"):
                    result.items.append(m.card_ok(waiting.pop(sku), listed[sku]))
            if time.monotonic() > deadline:
                result.items += [ItemResult(key=s, ok=False, code="pending", message="still processing")
                                 for s in waiting]
                break
            delay = min(delay * 2, 5.0 / self.time_scale)
        return result

    def media_upload(self, *, sku: str, vendor_id: str, urls: Sequence[str]) -> BatchResult:
        self.call("POST", "content", ep.MEDIA_SAVE, group="media", json={"nmId": int(vendor_id), "data": list(urls)})
        return BatchResult(items=[ItemResult(key=sku, ok=True, vendor_id=vendor_id)], requests=1)

    def prices_update(self, items: Sequence[PriceUpdate]) -> BatchResult:
        def send(chunk):
            self.call("POST", "prices", ep.PRICES_UPLOAD, group="prices",
                      json={"data": [m.price_to_wb(i) for i in chunk]})
            return BatchResult(items=[ItemResult(key=i.sku, ok=True) for i in chunk], requests=1)
        return send_batches(items, ep.BATCH["prices"], send)

    def stocks_update(self, items: Sequence[StockUpdate]) -> BatchResult:
        by_warehouse: dict[str, list[StockUpdate]] = defaultdict(list)
        for item in items:
            by_warehouse[item.warehouse_id].append(item)
        total = BatchResult()
        for warehouse_id, group in by_warehouse.items():
            def send(chunk, warehouse_id=warehouse_id):
                self.call("PUT", "marketplace", ep.STOCKS.format(warehouse_id=warehouse_id), group="marketplace",
                          json={"stocks": [m.stock_to_wb(i) for i in chunk]})
                return BatchResult(items=[ItemResult(key=i.sku, ok=True) for i in chunk], requests=1)
            total.extend(send_batches(group, ep.BATCH["stocks"], send))
        return total

    def stocks_read(self, items: Sequence[StockUpdate]) -> list[StockLevelRead]:
        """POST /api/v3/stocks/{warehouseId} {"chrtIds"} per warehouse, batched like the update."""
        by_warehouse: dict[str, list[StockUpdate]] = defaultdict(list)
        for item in items:
            by_warehouse[item.warehouse_id].append(item)
        out: list[StockLevelRead] = []
        for warehouse_id, group in by_warehouse.items():
            def read(chunk, warehouse_id=warehouse_id):
                body = self.call("POST", "marketplace", ep.STOCKS.format(warehouse_id=warehouse_id),
                                 group="marketplace", json={"chrtIds": [m.chrt_id(i) for i in chunk]})
                return m.stocks_read(body, chunk, warehouse_id)
            out += read_batches(group, ep.BATCH["stocks"], read)
        return out

    def orders_list(self, *, since: datetime | None = None) -> list[Order]:
        body = self.call("GET", "marketplace", ep.ORDERS_NEW, group="marketplace")
        return [m.order(o) for o in need(body, "orders")]

    def order_acknowledge(self, order_id: str) -> str:
        """WB acknowledges by putting the order in a supply; returns the supply id (needed to ship)."""
        supply = need(self.call("POST", "marketplace", ep.SUPPLIES, group="marketplace",
                                json={"name": f"Bozor {order_id}"}), "id")
        self.call("PATCH", "marketplace", ep.SUPPLY_ORDERS.format(supply_id=supply), group="marketplace",
                  json={"orders": [int(order_id)]})
        return str(supply)

    def order_ship(self, order_id: str, *, ref: str = "") -> None:
        if not ref:
            raise errors.Rejected("wildberries ships a supply: pass the supply id from order_acknowledge")
        self.call("PATCH", "marketplace", ep.SUPPLY_DELIVER.format(supply_id=ref), group="marketplace")

    def reviews_list(self) -> list[Review]:
        body = self.call("GET", "feedbacks", ep.FEEDBACKS, group="feedbacks",
                         params={"isAnswered": "false", "take": 100, "skip": 0})
        return [m.review(r) for r in need(need(body, "data"), "feedbacks")]

    def review_answer(self, review_id: str, text: str) -> None:
        self.call("POST", "feedbacks", ep.FEEDBACK_ANSWER, group="feedbacks", json={"id": review_id, "text": text})
