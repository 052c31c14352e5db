"""Orders: idempotent import, stock reservation across channels, status lifecycle."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import IntentKind, Order, OrderLine
from marketplaces.sync.outbox import intent_record, intents_record_for_partner
from partners.models import Product, StockLevel
from partners.services.audit import audit_record
from partners.services.stock import Allocation, InsufficientStock, stock_release, stock_reserve, stock_ship

S = Order.Status
TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.ACKNOWLEDGED, S.CANCELLED, S.REJECTED},
    S.ACKNOWLEDGED: {S.ASSEMBLING, S.CANCELLED},
    S.ASSEMBLING: {S.SHIPPED, S.CANCELLED},
    S.SHIPPED: {S.DELIVERED, S.RETURNED},
    S.DELIVERED: {S.RETURNED},
    S.CANCELLED: set(), S.RETURNED: set(), S.REJECTED: set(),
}
RELEASES_STOCK = {S.CANCELLED, S.REJECTED}
PUSHED_TO_MARKETPLACE = {S.ACKNOWLEDGED, S.SHIPPED, S.CANCELLED, S.REJECTED}


class IncomingLine(Protocol):
    sku: str
    barcode: str
    title: str
    quantity: int
    price: Decimal


class IncomingOrder(Protocol):
    external_id: str
    placed_at: Any
    total: Decimal
    currency: str
    lines: Iterable[IncomingLine]


def _product_for(partner_id: int, sku: str, barcode: str) -> Product | None:
    match = Q(sku=sku) if sku else Q(pk__in=[])
    if barcode:
        match |= Q(barcode=barcode)
    return Product.objects.filter(match, partner_id=partner_id).order_by("-sku").first() if (sku or barcode) else None


def stock_push_for(*, product: Product, exclude_account_id: int | None = None) -> None:
    """Tell every (other) marketplace the product's new available stock, per warehouse."""
    by_warehouse = {str(w): q - r for w, q, r in
                    StockLevel.objects.filter(product=product).values_list("warehouse_id", "quantity", "reserved")}
    intents_record_for_partner(partner_id=product.partner_id, kind=IntentKind.STOCK, key=product.sku,
                               payload={"sku": product.sku, "available": sum(by_warehouse.values()),
                                        "by_warehouse": by_warehouse},
                               exclude_account_id=exclude_account_id)


def orders_import(*, account: MarketplaceAccount, orders: Iterable[IncomingOrder]) -> dict[str, int]:
    """Import orders idempotently; each new order reserves its units or is rejected whole."""
    counts = {"created": 0, "existing": 0, "rejected": 0, "unmapped_lines": 0}
    for incoming in orders:
        try:
            order, created = _order_import_one(account=account, incoming=incoming)
        except IntegrityError:  # a concurrent import of the same order won the race
            counts["existing"] += 1
            continue
        if not created:
            counts["existing"] += 1
            continue
        counts["created"] += 1
        counts["rejected"] += order.status == S.REJECTED
        counts["unmapped_lines"] += sum(1 for line in order.lines.all() if not line.mapped)
    return counts


@transaction.atomic
def _order_import_one(*, account: MarketplaceAccount, incoming: IncomingOrder) -> tuple[Order, bool]:
    existing = Order.objects.filter(account=account, external_id=str(incoming.external_id)).first()
    if existing:
        return existing, False
    order = Order.objects.create(partner_id=account.partner_id, account=account,
                                 external_id=str(incoming.external_id), placed_at=incoming.placed_at,
                                 total=incoming.total, currency=incoming.currency)
    lines = [OrderLine(order=order, product=_product_for(account.partner_id, ln.sku, ln.barcode), sku=ln.sku,
                       barcode=ln.barcode, title=ln.title[:255], quantity=ln.quantity, price=ln.price)
             for ln in incoming.lines]
    order.has_unmapped_lines = any(line.product_id is None for line in lines)
    try:
        with transaction.atomic():  # all lines reserve, or none
            for line in lines:
                if line.product_id:
                    line.allocations = [asdict(a) for a in stock_reserve(product=line.product,
                                                                         units=line.quantity)]
    except InsufficientStock as exc:
        for line in lines:
            line.allocations = []
        order.status = S.REJECTED
        intent_record(account=account, kind=IntentKind.ORDER_STATUS, key=order.external_id,
                      payload={"order_id": order.external_id, "status": S.REJECTED, "reason": str(exc)})
    OrderLine.objects.bulk_create(lines)
    order.save(update_fields=["has_unmapped_lines", "status", "updated_at"])
    audit_record(action="order.imported", partner=order.partner, target=order,
                 data={"status": order.status, "lines": len(lines)})
    if order.status != S.REJECTED:
        for product in {line.product for line in lines if line.product_id}:
            stock_push_for(product=product, exclude_account_id=account.pk)
    return order, True


@transaction.atomic
def order_status_set(*, order: Order, status: str, actor: Any = None) -> Order:
    order = Order.objects.select_for_update().get(pk=order.pk)
    if status == order.status:
        return order
    if status not in TRANSITIONS[order.status]:
        raise ValidationError({"status": [f"An order that is {order.get_status_display().lower()} cannot become "
                                          f"{S(status).label.lower()}."]})
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    if status in RELEASES_STOCK:
        for line in order.lines.select_related("product").filter(product__isnull=False):
            stock_release(product=line.product, allocations=[Allocation(**a) for a in line.allocations])
            stock_push_for(product=line.product)
    if status == S.SHIPPED:
        for line in order.lines.select_related("product").filter(product__isnull=False):
            stock_ship(product=line.product, allocations=[Allocation(**a) for a in line.allocations])
    if status in PUSHED_TO_MARKETPLACE:
        intent_record(account=order.account, kind=IntentKind.ORDER_STATUS, key=order.external_id,
                      payload={"order_id": order.external_id, "status": status})
    audit_record(action="order.status_set", actor=actor, partner=order.partner, target=order,
                 data={"status": status})
    return order
