"""Yandex Market JSON <-> neutral dataclasses. Pure; a missing field raises ContractChanged."""
from __future__ import annotations

from decimal import Decimal

from marketplaces.clients.mapping import need, parse_time
from marketplaces.clients.types import (ItemResult, Order, OrderLine, PriceUpdate, ProductCard, Review,
                                        StockLevelRead, StockUpdate, Warehouse)

CURRENCY = {"UZS": "UZS", "RUB": "RUR", "RUR": "RUR"}


def card_to_ym(card: ProductCard) -> dict:
    offer = {"offerId": card.sku, "name": card.title, "marketCategoryId": int(card.category_id or 0),
             "vendor": card.brand, "description": card.description, "pictures": list(card.images)}
    if card.barcode:
        offer["barcodes"] = [card.barcode]
    if card.weight_g:
        offer["weightDimensions"] = {"length": card.length_mm / 10, "width": card.width_mm / 10,
                                     "height": card.height_mm / 10, "weight": card.weight_g / 1000}
    return {"offer": offer}


def card_statuses(body: dict) -> dict[str, str]:
    return {need(need(m, "offer"), "offerId"): need(need(m, "offer"), "cardStatus")
            for m in need(need(body, "result"), "offerMappings")}


def card_result(sku: str, status: str) -> ItemResult | None:
    if status.endswith("_PROCESSING"):
        return None
    ok = status.startswith("HAS_CARD")
    return ItemResult(key=sku, ok=ok, code="" if ok else status, message="" if ok else status.lower())


def price_to_ym(item: PriceUpdate) -> dict:
    price = {"value": float(item.price), "currencyId": CURRENCY.get(item.currency, item.currency)}
    if item.old_price:
        price["discountBase"] = float(item.old_price)
    return {"offerId": item.sku, "price": price}


def stock_to_ym(item: StockUpdate) -> dict:
    return {"sku": item.sku, "items": [{"count": int(item.quantity)}]}


def stocks_read(body: dict) -> tuple[list[StockLevelRead], str]:
    """result.warehouses[].offers[].stocks[] -> (levels, next page token). The quantity is the
    FIT stock (available to sell), the type our PUT sets; an offer without FIT reads 0."""
    result = need(body, "result")
    out = []
    for wh in need(result, "warehouses"):
        for offer in need(wh, "offers"):
            fit = sum(int(need(s, "count")) for s in need(offer, "stocks") if need(s, "type") == "FIT")
            out.append(StockLevelRead(sku=str(need(offer, "offerId")), quantity=fit,
                                      warehouse_id=str(need(wh, "warehouseId"))))
    return out, str((result.get("paging") or {}).get("nextPageToken") or "")


def warehouse(body: dict) -> Warehouse:
    return Warehouse(id=str(need(body, "id")), name=need(body, "name"),
                     active=body.get("status", "ENABLED") == "ENABLED")


def order(body: dict) -> Order:
    lines = []
    for item in need(body, "items"):
        price = need(need(need(item, "prices"), "buyerPrice"), "value")
        lines.append(OrderLine(sku=need(item, "offerId"), quantity=int(need(item, "count")), price=Decimal(str(price)),
                               title=item.get("offerName", ""), vendor_id=str(item.get("id", ""))))
    return Order(id=str(need(body, "orderId")), status=f"{need(body, 'status')}/{need(body, 'substatus')}",
                 created_at=parse_time(need(body, "creationDate")), lines=lines,
                 warehouse_id=str((body.get("delivery") or {}).get("warehouseId") or ""))


def review(body: dict) -> Review:
    desc = need(body, "description")
    text = " ".join(t for t in (desc.get("comment"), desc.get("advantages"), desc.get("disadvantages")) if t)
    return Review(id=str(need(body, "feedbackId")), sku=str(need(need(body, "identifiers"), "offerId")),
                  rating=int(need(need(body, "statistics"), "rating")), text=text, author=body.get("author", ""),
                  created_at=parse_time(need(body, "createdAt")), answered=not need(body, "needReaction"))


def update_rejections(body: dict) -> list[ItemResult] | None:
    """offer-mappings/update is all-or-nothing: None when applied, else every item failed (the
    ones without errors of their own fail as `batch_rejected`)."""
    if need(body, "status") == "OK":
        return None
    out = []
    for r in need(body, "results"):
        errs = r.get("errors") or []
        out.append(ItemResult(key=need(r, "offerId"), ok=False,
                              code=errs[0].get("type", "") if errs else "batch_rejected",
                              message="; ".join(e.get("message", "") for e in errs) or "another offer was rejected"))
    return out
