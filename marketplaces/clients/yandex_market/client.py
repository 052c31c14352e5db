"""Yandex Market API client (HTTP only; vendor JSON is shaped in mappers.py)."""
from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime

import requests

from marketplaces.clients import errors
from marketplaces.clients.batching import chunks, read_batches, send_batches
from marketplaces.clients.http import HttpBase, header_until
from marketplaces.clients.mapping import need
from marketplaces.clients.types import (BatchResult, Capability as C, ConnectionReport, ItemResult, Order,
                                        PriceUpdate, ProductCard, Review, StockLevelRead, StockUpdate,
                                        Warehouse)
from marketplaces.clients.yandex_market import endpoints as ep, mappers as m

ASYNC_WAIT_S = 60.0


class YandexMarketClient(HttpBase):
    vendor = "yandex_market"
    default_retry_after = 60.0
    maintenance_markers = ("temporarily unavailable", "maintenance")
    capabilities = frozenset({C.CONNECTION, C.CARDS, C.MEDIA, C.PRICES, C.STOCKS, C.STOCKS_READ, C.WAREHOUSES,
                              C.ORDERS, C.ORDER_ACK, C.ORDER_SHIP, C.REVIEWS, C.REVIEW_ANSWER})

    def __init__(self, *, api_key: str, business_id: int | str, campaign_id: int | str, base_url: str = "", **kw):
        super().__init__(base_url=base_url or ep.HOST, auth_headers={"Api-Key": api_key}, **kw)
        self.business, self.campaign = business_id, campaign_id

    def path(self, template: str, **extra) -> str:
        return template.format(business=self.business, campaign=self.campaign, **extra)

    def retry_after(self, resp: requests.Response) -> float:
        value = header_until(resp, "X-RateLimit-Resource-Until")  # YM answers 420 with the window end
        return value if value is not None else super().retry_after(resp)

    def error_message(self, body, resp):
        if isinstance(body, dict) and body.get("errors"):
            first = body["errors"][0] if isinstance(body["errors"][0], dict) else {}
            return "; ".join(str(e.get("message", "")) for e in body["errors"] if isinstance(e, dict)), \
                str(first.get("code", ""))
        return resp.reason or "", ""

    def item_errors(self, body):
        if isinstance(body, dict) and isinstance(body.get("errors"), list):
            return [errors.ItemError(key="", code=str(e.get("code", "")), message=str(e.get("message", "")))
                    for e in body["errors"] if isinstance(e, dict)]
        return []

    def connection_check(self) -> ConnectionReport:
        campaigns = need(self.request("GET", ep.CAMPAIGNS, group="campaigns"), "campaigns")
        if not any(str(need(c, "id")) == str(self.campaign) for c in campaigns):
            raise errors.NotFound(f"campaign {self.campaign} is not available to this key", group="campaigns")
        return ConnectionReport(ok=True)

    def warehouses_list(self) -> list[Warehouse]:
        body = self.request("POST", self.path(ep.WAREHOUSES), group="warehouses", json={})
        return [m.warehouse(w) for w in need(need(body, "result"), "warehouses")]

    def cards_upsert(self, cards: Sequence[ProductCard]) -> BatchResult:
        def send(chunk):
            body = self.request("POST", self.path(ep.MAPPINGS_UPDATE), group="offer-mappings-update",
                                cost=len(chunk), json={"offerMappings": [m.card_to_ym(c) for c in chunk]})
            rejected = m.update_rejections(body)
            if rejected is not None:
                return BatchResult(items=rejected, requests=1)
            return self._cards_settle(chunk)
        return send_batches(cards, ep.BATCH["cards"], send)

    def _cards_settle(self, chunk) -> BatchResult:
        waiting = {c.sku for c in chunk}
        result, delay = BatchResult(requests=1), 1.0 / self.time_scale
        deadline = time.monotonic() + ASYNC_WAIT_S / self.time_scale
        while waiting:
            time.sleep(delay)
            for part in chunks(sorted(waiting), ep.BATCH["card_status"]):
                statuses = m.card_statuses(self.request("POST", self.path(ep.MAPPINGS), group="offer-mappings",
                                                        json={"offerIds": part}))
                for sku in part:
                    item = m.card_result(sku, statuses.get(sku, "NO_CARD_PROCESSING"))
                    if item is not None:
                        result.items.append(item)
                        waiting.discard(sku)
            if time.monotonic() > deadline:
                result.items += [ItemResult(key=s, ok=False, code="pending") for s in sorted(waiting)]
                break
            delay = min(delay * 2, 5.0 / self.time_scale)
        return result

    def media_upload(self, *, sku: str, vendor_id: str, urls: Sequence[str]) -> BatchResult:
        raise errors.NotSupported("yandex market takes pictures inside the offer: use cards_upsert")

    def prices_update(self, items: Sequence[PriceUpdate]) -> BatchResult:
        def send(chunk):
            self.request("POST", self.path(ep.PRICES), group="business-prices", cost=len(chunk),
                         json={"offers": [m.price_to_ym(i) for i in chunk]})
            return BatchResult(items=[ItemResult(key=i.sku, ok=True) for i in chunk], requests=1)
        return send_batches(items, ep.BATCH["prices"], send)

    def stocks_update(self, items: Sequence[StockUpdate]) -> BatchResult:
        def send(chunk):
            self.request("PUT", self.path(ep.STOCKS), group="stocks", cost=len(chunk),
                         json={"skus": [m.stock_to_ym(i) for i in chunk]})
            return BatchResult(items=[ItemResult(key=i.sku, ok=True) for i in chunk], requests=1)
        return send_batches(items, ep.BATCH["stocks"], send)

    def stocks_read(self, items: Sequence[StockUpdate]) -> list[StockLevelRead]:
        """POST .../offers/stocks {"offerIds" ≤500}, paged by page_token; item-counted like the update
        (§10: offers/stocks PUT and POST share 100 000 SKUs a minute)."""
        offers = list(dict.fromkeys(i.sku for i in items))

        def read(chunk: list[str]) -> list[StockLevelRead]:
            out, token = [], ""
            while True:
                params = {"limit": ep.BATCH["stocks_read"]} | ({"page_token": token} if token else {})
                body = self.request("POST", self.path(ep.STOCKS), group="stocks", cost=len(chunk), params=params,
                                    json={"offerIds": chunk})
                rows, token = m.stocks_read(body)
                out += rows
                if not token:
                    return out
        return read_batches(offers, ep.BATCH["stocks_read"], read)

    def orders_list(self, *, since: datetime | None = None) -> list[Order]:
        body = self.request("POST", self.path(ep.ORDERS), group="orders",
                            json={"statuses": ["PROCESSING"], "substatuses": ["STARTED"]})
        return [m.order(o) for o in need(body, "orders")]

    def _status(self, order_id: str, status: str, substatus: str) -> None:
        self.request("PUT", self.path(ep.ORDER_STATUS, order=order_id), group="order-status",
                     json={"order": {"status": status, "substatus": substatus}})

    def order_acknowledge(self, order_id: str) -> None:
        self._status(order_id, "PROCESSING", "READY_TO_SHIP")

    def order_ship(self, order_id: str, *, ref: str = "") -> None:
        self._status(order_id, "PROCESSING", "SHIPPED")

    def reviews_list(self) -> list[Review]:
        body = self.request("POST", self.path(ep.FEEDBACK), group="goods-feedback",
                            json={"reactionStatus": "NEED_REACTION"})
        return [m.review(r) for r in need(need(body, "result"), "feedbacks")]

    def review_answer(self, review_id: str, text: str) -> None:
        self.request("POST", self.path(ep.FEEDBACK_COMMENT), group="goods-feedback-comments",
                     json={"feedbackId": int(review_id), "comment": {"text": text}})
