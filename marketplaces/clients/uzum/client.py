"""Uzum Market API client (HTTP only). Uzum's API has no cards, media, warehouses or reviews:
those are the portal client's (capabilities say so)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from marketplaces.clients import errors
from marketplaces.clients.batching import rate_waited, send_batches
from marketplaces.clients.http import HttpBase
from marketplaces.clients.mapping import need
from marketplaces.clients.types import (BatchResult, Capability as C, ConnectionReport, ItemResult, Order,
                                        PriceUpdate, StockLevelRead, StockUpdate, Warehouse)
from marketplaces.clients.uzum import endpoints as ep, mappers as m


class UzumClient(HttpBase):
    vendor = "uzum"
    default_retry_after = ep.THROTTLE_S
    maintenance_markers = ("service-unavailable", "maintenance")
    capabilities = frozenset({C.CONNECTION, C.PRICES, C.STOCKS, C.STOCKS_READ, C.ORDERS, C.ORDER_ACK, C.ORDER_SHIP})

    def __init__(self, *, token: str, shop_id: int | str, base_url: str = "", **kwargs):
        super().__init__(base_url=base_url or ep.HOST, auth_headers={"Authorization": token}, **kwargs)
        self.shop = shop_id

    def call(self, method: str, path: str, **kwargs):
        return self.request(method, path, group="token", **kwargs)

    def error_message(self, body, resp):
        if isinstance(body, dict) and body.get("errors"):
            first = body["errors"][0] if isinstance(body["errors"][0], dict) else {}
            return str(first.get("message", "")), str(first.get("code", ""))
        return resp.reason or "", ""

    def item_errors(self, body):
        if isinstance(body, dict) and isinstance(body.get("errors"), list):
            return [errors.ItemError(key="", code=str(e.get("code", "")), message=str(e.get("message", "")))
                    for e in body["errors"] if isinstance(e, dict)]
        return []

    def connection_check(self) -> ConnectionReport:
        shops = self.call("GET", ep.SHOPS)
        if not isinstance(shops, list):
            raise errors.ContractChanged("uzum shops: a list was expected")
        if not any(str(need(s, "id")) == str(self.shop) for s in shops):
            raise errors.NotFound(f"shop {self.shop} is not available to this token", group="token")
        return ConnectionReport(ok=True, account_name=str(next(s.get("name", "") for s in shops
                                                           if str(s["id"]) == str(self.shop))))

    def products_list(self, *, page: int = 0, size: int = 100) -> list[dict]:
        return m.products(self.call("GET", ep.PRODUCTS.format(shop=self.shop), params={"page": page, "size": size}))

    def prices_update(self, items: Sequence[PriceUpdate]) -> BatchResult:
        """One call per product (sendPriceData carries one productId and its SKUs)."""
        by_product: dict[str, list[PriceUpdate]] = defaultdict(list)
        for item in items:
            by_product[item.vendor_id].append(item)

        def send(group: list[tuple[str, list[PriceUpdate]]]) -> BatchResult:
            product_id, rows = group[0]
            self.call("POST", ep.PRICES.format(shop=self.shop), json=m.price_to_uzum(product_id, rows))
            return BatchResult(items=[ItemResult(key=i.sku, ok=True) for i in rows], requests=1)
        return send_batches(list(by_product.items()), 1, send)

    def stocks_update(self, items: Sequence[StockUpdate]) -> BatchResult:
        def send(chunk):
            self.call("POST", ep.STOCKS, json={"skuAmountList": [m.stock_to_uzum(i) for i in chunk]})
            return BatchResult(items=[ItemResult(key=i.sku, ok=True) for i in chunk], requests=1)
        return send_batches(items, ep.BATCH["stocks"], send)

    def stocks_read(self, items: Sequence[StockUpdate]) -> list[StockLevelRead]:
        """GET /v3/fbs/sku/stocks pages through the whole shop (it takes no skuId filter); each
        skuId is mapped back to our SKU through the items asked for, the rest is dropped. No
        warehouse dimension: warehouse_id is "". A 429 waits and asks for the same page again."""
        ours = {m.sku_id(i): i.sku for i in items}
        out, page, size = [], 0, ep.BATCH["stocks_page"]
        while ours:
            rows = m.sku_amounts(rate_waited(lambda: self.call("GET", ep.STOCKS_READ,
                                                               params={"page": page, "size": size})))
            out += [StockLevelRead(sku=ours[sku_id], quantity=amount) for sku_id, amount in rows if sku_id in ours]
            if len(rows) < size:
                return out
            page += 1
        return out

    def orders_list(self, *, since: datetime | None = None) -> list[Order]:
        out, page = [], 0
        while True:
            body = m.payload(self.call("GET", ep.ORDERS, params={"shopIds": self.shop, "status": "CREATED",
                                                                 "page": page, "size": ep.BATCH["orders_page"]}))
            rows = need(body, "orders")
            out += [m.order(o) for o in rows]
            if len(rows) < ep.BATCH["orders_page"]:
                return out
            page += 1

    def order_acknowledge(self, order_id: str) -> None:
        self.call("POST", ep.ORDER_CONFIRM.format(order=order_id), json={})

    def order_ship(self, order_id: str, *, ref: str = "") -> None:
        """`ref` is "<dropOffPointUuid>|<timeSlotUuid>" (the seller's drop-off choice)."""
        drop_off, _, slot = ref.partition("|")
        if not drop_off or not slot:
            raise errors.Rejected("uzum invoices need a drop-off point and a time slot")
        self.call("POST", ep.INVOICE, json={"orderIds": [int(order_id)], "dropOffPointUuid": drop_off,
                                            "timeSlotUuid": slot, "idempotencyKey": f"bozor-{order_id}"})

    def _unsupported(self, what: str):
        raise errors.NotSupported(f"uzum's API has no {what}: use the portal client")

    def cards_upsert(self, cards):
        self._unsupported("product cards")

    def media_upload(self, *, sku, vendor_id, urls):
        self._unsupported("media upload")

    def warehouses_list(self) -> list[Warehouse]:
        self._unsupported("warehouses list")

    def reviews_list(self):
        self._unsupported("reviews")

    def review_answer(self, review_id, text):
        self._unsupported("review answers")
