"""Ozon JSON <-> neutral dataclasses. Pure; a missing field raises ContractChanged."""
from __future__ import annotations

from decimal import Decimal

from marketplaces.clients.mapping import need, parse_time
from marketplaces.clients.types import (ItemResult, Order, OrderLine, PriceUpdate, ProductCard, Review,
                                        StockLevelRead, StockUpdate, Warehouse)


ANNOTATION = 4191  # Ozon's attribute "Аннотация": the product description is an attribute, not a field


def card_to_ozon(card: ProductCard) -> dict:
    attributes = []
    if card.description:
        attributes.append({"id": ANNOTATION, "complex_id": 0,
                           "values": [{"dictionary_value_id": 0, "value": card.description}]})
    cat = card.attributes.get("description_category_id", card.category_id or 0)
    return {"offer_id": card.sku, "name": card.title, "description_category_id": int(cat or 0),
            "type_id": int(card.attributes.get("type_id", 0)), "price": str(card.price or 0),
            "currency_code": card.currency, "barcode": card.barcode, "images": list(card.images),
            "depth": card.length_mm, "width": card.width_mm, "height": card.height_mm, "dimension_unit": "mm",
            "weight": card.weight_g, "weight_unit": "g", "attributes": attributes}


def task_id(body: dict) -> int:
    return need(need(body, "result"), "task_id")


def import_results(body: dict) -> list[ItemResult] | None:
    """Per-item results, or None while any item is still pending."""
    out = []
    for item in need(need(body, "result"), "items"):
        status = need(item, "status")
        if status in ("pending", "processing"):
            return None
        errs = item.get("errors") or []
        ok = status == "imported" and not errs
        out.append(ItemResult(key=need(item, "offer_id"), ok=ok, vendor_id=str(item.get("product_id") or ""),
                              code="" if ok else (errs[0].get("code", status) if errs else status),
                              message="; ".join(e.get("message", "") for e in errs)))
    return out


def price_to_ozon(item: PriceUpdate) -> dict:
    body = {"offer_id": item.sku, "price": str(item.price), "currency_code": item.currency}
    if item.old_price:
        body["old_price"] = str(item.old_price)
    return body


def stock_to_ozon(item: StockUpdate) -> dict:
    return {"offer_id": item.sku, "stock": int(item.quantity), "warehouse_id": int(item.warehouse_id)}


def stocks_read(body: dict) -> tuple[list[StockLevelRead], str]:
    """v4/product/info/stocks -> (FBS levels per offer, next cursor). Only type "fbs" is ours:
    FBO stock comes from supplies and is never pushed. The quantity is present - reserved: Ozon's
    `present` is everything on the shelf, while the `stock` we set through v2/products/stocks is
    the sellable part excluding reserved (ozon.md §6), so `present` alone would report every
    offer with an unshipped order as drift."""
    out = []
    for item in need(body, "items"):
        for stock in need(item, "stocks"):
            if need(stock, "type") != "fbs":
                continue
            warehouses = [str(w) for w in stock.get("warehouse_ids") or []]
            sellable = max(int(need(stock, "present")) - int(stock.get("reserved") or 0), 0)
            out.append(StockLevelRead(sku=str(need(item, "offer_id")), quantity=sellable,
                                      warehouse_id=warehouses[0] if len(warehouses) == 1 else ""))
    return out, str(body.get("cursor") or "")


def item_results(body: dict, *, with_warehouse: bool = False) -> list[ItemResult]:
    out = []
    for item in need(body, "result"):
        errs = item.get("errors") or []
        key = need(item, "offer_id") + (f"@{item.get('warehouse_id')}" if with_warehouse else "")
        ok = bool(need(item, "updated")) and not errs
        out.append(ItemResult(key=key, ok=ok, code=errs[0].get("code", "") if errs else "",
                              message="; ".join(e.get("message", "") for e in errs)))
    return out


def warehouse(body: dict) -> Warehouse:
    return Warehouse(id=str(need(body, "warehouse_id")), name=need(body, "name"),
                     active=body.get("status", "created") not in ("disabled", "blocked"))


def order(body: dict) -> Order:
    lines = [OrderLine(sku=need(p, "offer_id"), quantity=int(need(p, "quantity")), price=Decimal(need(p, "price")),
                       title=p.get("name", ""), vendor_id=str(p.get("sku", ""))) for p in need(body, "products")]
    currency = lines and need(body, "products")[0].get("currency_code") or "UZS"
    return Order(id=need(body, "posting_number"), status=need(body, "status"),
                 created_at=parse_time(need(body, "in_process_at")), lines=lines, currency=currency,
                 warehouse_id=str((body.get("delivery_method") or {}).get("warehouse_id") or ""))


def review(body: dict) -> Review:
    return Review(id=str(need(body, "id")), sku=str(need(body, "sku")), rating=int(need(body, "rating")),
                  text=need(body, "text") or "", created_at=parse_time(need(body, "published_at")),
                  answered=need(body, "status") != "UNPROCESSED")
