"""Wildberries JSON <-> neutral dataclasses. Pure; a missing field raises ContractChanged."""
from __future__ import annotations

from decimal import Decimal

from marketplaces.clients.mapping import need, parse_time
from marketplaces.clients.types import (ItemResult, Order, OrderLine, PriceUpdate, ProductCard, Review,
                                        StockLevelRead, StockUpdate, Warehouse)


def card_to_wb(card: ProductCard) -> dict:
    variant = {"vendorCode": card.sku, "title": card.title, "description": card.description, "brand": card.brand,
               "dimensions": {"length": card.length_mm / 10, "width": card.width_mm / 10,
                              "height": card.height_mm / 10, "weightBrutto": card.weight_g / 1000},
               "characteristics": [{"id": k, "value": v} for k, v in card.attributes.items()],
               "sizes": [{"price": int(card.price or 0), "skus": [card.barcode] if card.barcode else []}]}
    if card.vendor_id:
        return {"nmID": int(card.vendor_id), **variant}
    return {"subjectID": int(card.category_id or 0), "variants": [variant]}


def cards_from_list(body: dict) -> dict[str, dict]:
    return {need(c, "vendorCode"): c for c in need(body, "cards")}


def card_errors(body: dict) -> dict[str, str]:
    out = {}
    for item in need(need(body, "data"), "items"):
        errs = item.get("errors") or {}
        for code in need(item, "vendorCodes"):
            msgs = errs.get(code) if isinstance(errs, dict) else errs
            out[str(code)] = "; ".join(map(str, msgs)) if msgs else "rejected"
    return out


def price_to_wb(item: PriceUpdate) -> dict:
    discount = 0
    if item.old_price and item.old_price > item.price:
        discount = int(round((1 - item.price / item.old_price) * 100))
    return {"nmID": int(item.vendor_id or item.sku), "price": int(item.old_price or item.price), "discount": discount}


def chrt_id(item: StockUpdate) -> int:
    return int(item.vendor_id or item.sku)


def stock_to_wb(item: StockUpdate) -> dict:
    return {"chrtId": chrt_id(item), "amount": int(item.quantity)}


def stocks_read(body: dict, asked: list[StockUpdate], warehouse_id: str) -> list[StockLevelRead]:
    """{"stocks": [{chrtId, amount}]} back to our SKUs (chrtIds WB does not know are absent)."""
    ours = {chrt_id(i): i.sku for i in asked}
    out = []
    for row in need(body, "stocks"):
        sku = ours.get(int(need(row, "chrtId")))
        if sku is not None:
            out.append(StockLevelRead(sku=sku, quantity=int(need(row, "amount")), warehouse_id=str(warehouse_id)))
    return out


def warehouse(body: dict) -> Warehouse:
    return Warehouse(id=str(need(body, "id")), name=need(body, "name"), active=not body.get("isDeleting", False))


def order(body: dict) -> Order:
    price = Decimal(need(body, "convertedPrice")) / 100  # WB order prices are in minor units
    line = OrderLine(sku=need(body, "article"), quantity=1, price=price, vendor_id=str(need(body, "chrtId")))
    return Order(id=str(need(body, "id")), status="new", created_at=parse_time(need(body, "createdAt")),
                 lines=[line], warehouse_id=str(body.get("warehouseId") or ""))


def review(body: dict) -> Review:
    details = need(body, "productDetails")
    return Review(id=str(need(body, "id")), sku=str(need(details, "supplierArticle")),
                  rating=int(need(body, "productValuation")), text=need(body, "text") or "",
                  author=body.get("userName") or "", created_at=parse_time(need(body, "createdDate")),
                  answered=bool(body.get("answer")))


def card_ok(card: ProductCard, listed: dict) -> ItemResult:
    return ItemResult(key=card.sku, ok=True, vendor_id=str(need(listed, "nmID")))
