"""Uzum JSON <-> neutral dataclasses. Pure; a missing field raises ContractChanged."""
from __future__ import annotations

from decimal import Decimal

from marketplaces.clients.mapping import need, parse_time
from marketplaces.clients.types import Order, OrderLine, PriceUpdate, StockUpdate


def payload(body: dict):
    return need(body, "payload")


def price_to_uzum(product_id: str, items: list[PriceUpdate]) -> dict:
    return {"productId": int(product_id), "skuList": [
        {"skuId": int(i.sku_id or i.sku), "fullPrice": int(i.old_price or i.price), "sellPrice": int(i.price)}
        for i in items]}


def sku_id(item: StockUpdate) -> int:
    return int(item.vendor_id or item.sku)


def stock_to_uzum(item: StockUpdate) -> dict:
    return {"skuId": sku_id(item), "barcode": item.barcode, "amount": int(item.quantity)}


def sku_amounts(body: dict) -> list[tuple[int, int]]:
    """v3 read: payload.skuAmountList[{skuId, amount, ...}] -> [(skuId, amount)]."""
    return [(int(need(r, "skuId")), int(need(r, "amount"))) for r in need(payload(body), "skuAmountList")]


def products(body: dict) -> list[dict]:
    return [{"product_id": str(need(p, "productId")), "sku_id": str(need(s, "skuId")), "sku": need(s, "article"),
             "barcode": str(need(s, "barcode"))} for p in need(body, "productList") for s in need(p, "skuList")]


def order(body: dict) -> Order:
    lines = [OrderLine(sku=need(i, "skuTitle"), quantity=int(need(i, "amount")), price=Decimal(need(i, "sellerPrice")),
                       title=i.get("productTitle", ""), vendor_id=str(need(i, "skuId")))
             for i in need(body, "orderItems")]
    return Order(id=str(need(body, "id")), status=need(body, "status"),
                 created_at=parse_time(need(body, "dateCreated")),
                 lines=lines, warehouse_id=str((body.get("stock") or {}).get("id") or ""))
