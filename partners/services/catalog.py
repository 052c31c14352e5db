"""Writes for warehouses, products and stock. Each service validates (full_clean), writes in a
transaction and records an audit event. Cross-tenant objects never reach here: callers load
them through partners.selectors, which 404 on another partner's rows."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partners.models import Partner, Product, StockLevel, Warehouse
from partners.services.audit import audit_record

PRODUCT_FIELDS = ("sku", "title", "description", "attributes", "brand", "category", "barcode", "price", "cost",
                  "currency", "weight_g", "length_mm", "width_mm", "height_mm", "images")
WAREHOUSE_FIELDS = ("name", "location", "capacity_kg", "storage_type")


def _assign(obj: Any, data: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    changed = []
    for name in allowed:
        if name in data and getattr(obj, name) != data[name]:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


@transaction.atomic
def warehouse_create(*, partner: Partner, data: Mapping[str, Any], actor: Any = None) -> Warehouse:
    warehouse = Warehouse(partner=partner)
    _assign(warehouse, data, WAREHOUSE_FIELDS)
    warehouse.full_clean()
    warehouse.save()
    audit_record(action="warehouse.created", actor=actor, partner=partner, target=warehouse, data=dict(data))
    return warehouse


@transaction.atomic
def warehouse_update(*, warehouse: Warehouse, data: Mapping[str, Any], actor: Any = None) -> Warehouse:
    changed = _assign(warehouse, data, WAREHOUSE_FIELDS)
    warehouse.full_clean()
    if changed:
        warehouse.save()
        audit_record(action="warehouse.updated", actor=actor, partner=warehouse.partner, target=warehouse,
                     data={k: data[k] for k in changed})
    return warehouse


@transaction.atomic
def _refuse_if_reserved(levels, what: str) -> None:
    """Deleting stock rows that hold reserved units would silently cancel those orders' reservations."""
    reserved = sum(level.reserved for level in levels.select_for_update())
    if reserved:
        raise ValidationError({"reserved": [f"{reserved} unit(s) of this {what} are reserved for orders. Ship or "
                                            "release them before deleting it."]})


@transaction.atomic
def warehouse_delete(*, warehouse: Warehouse, actor: Any = None) -> None:
    _refuse_if_reserved(StockLevel.objects.filter(warehouse=warehouse), "warehouse")
    audit_record(action="warehouse.deleted", actor=actor, partner=warehouse.partner, target=warehouse)
    warehouse.delete()


@transaction.atomic
def product_create(*, partner: Partner, data: Mapping[str, Any], actor: Any = None) -> Product:
    product = Product(partner=partner)
    _assign(product, data, PRODUCT_FIELDS)
    product.full_clean()
    product.save()
    audit_record(action="product.created", actor=actor, partner=partner, target=product,
                 data={"sku": product.sku})
    return product


@transaction.atomic
def product_update(*, product: Product, data: Mapping[str, Any], actor: Any = None) -> Product:
    changed = _assign(product, data, PRODUCT_FIELDS)
    product.full_clean()
    if changed:
        product.save()
        audit_record(action="product.updated", actor=actor, partner=product.partner, target=product,
                     data={"fields": changed})
    return product


@transaction.atomic
def product_delete(*, product: Product, actor: Any = None) -> None:
    _refuse_if_reserved(StockLevel.objects.filter(product=product), "product")
    audit_record(action="product.deleted", actor=actor, partner=product.partner, target=product,
                 data={"sku": product.sku})
    product.delete()


@dataclass
class BulkResult:
    created: list[Product] = field(default_factory=list)
    updated: list[Product] = field(default_factory=list)
    errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)  # row index -> field -> messages

    @property
    def ok(self) -> bool:
        return not self.errors


def products_bulk_upsert(*, partner: Partner, rows: list[Mapping[str, Any]], actor: Any = None,
                         source: str = "api") -> BulkResult:
    """Create or update products by SKU within `partner`, all or nothing.

    SKUs are looked up only among this partner's products, so naming another partner's SKU
    creates a new product of this partner, never touches theirs. Every row is validated; if any
    row fails, nothing is written and `errors` says which rows and fields.
    """
    result = BulkResult()
    seen: dict[str, int] = {}
    skus = [str(r.get("sku", "")).strip() for r in rows]
    existing = {p.sku: p for p in Product.objects.filter(partner=partner, sku__in=[s for s in skus if s])}
    pending: list[tuple[Product, bool]] = []
    for index, row in enumerate(rows):
        sku = skus[index]
        if sku and sku in seen:
            result.errors[index] = {"sku": [f"Duplicate SKU {sku!r}: also in row {seen[sku] + 1}."]}
            continue
        seen[sku] = index
        product = existing.get(sku) or Product(partner=partner)
        _assign(product, {**row, "sku": sku}, PRODUCT_FIELDS)
        try:
            # No query per row: SKU uniqueness is covered by `existing`/`seen` above, money >= 0 by
            # the fields' validators (the database enforces both too), and `partner` is ours.
            product.full_clean(exclude=["partner"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            result.errors[index] = exc.message_dict
            continue
        pending.append((product, product.pk is None))
    if result.errors:
        return result
    with transaction.atomic():
        result.created = Product.objects.bulk_create([p for p, is_new in pending if is_new], batch_size=500)
        for product, is_new in pending:
            if not is_new:
                product.save()
                result.updated.append(product)
        audit_record(action="products.bulk_upserted", actor=actor, partner=partner,
                     data={"source": source, "created": len(result.created), "updated": len(result.updated)})
    return result


@transaction.atomic
def stock_set(*, product: Product, warehouse: Warehouse, quantity: int, actor: Any = None) -> StockLevel:
    """Set on-hand quantity of a product in a warehouse (same partner). Reserved units stay."""
    if product.partner_id != warehouse.partner_id:
        raise ValidationError({"warehouse": ["The warehouse belongs to another account."]})
    level, _ = StockLevel.objects.select_for_update().get_or_create(product=product, warehouse=warehouse)
    if quantity < level.reserved:
        raise ValidationError({"quantity": [f"Quantity cannot be below the {level.reserved} reserved unit(s)."]})
    level.quantity = quantity
    level.save(update_fields=["quantity", "updated_at"])
    audit_record(action="stock.set", actor=actor, partner=product.partner, target=product,
                 data={"warehouse": warehouse.pk, "quantity": quantity})
    return level


@transaction.atomic
def stock_delete(*, level: StockLevel, actor: Any = None) -> None:
    """Remove a product's stock row from a warehouse. Refused while units there are reserved
    for orders: dropping the row would silently cancel those reservations."""
    level = StockLevel.objects.select_for_update().get(pk=level.pk)
    if level.reserved:
        raise ValidationError({"reserved": [f"{level.reserved} unit(s) here are reserved for orders. Ship or "
                                            "release them before removing this stock row."]})
    audit_record(action="stock.deleted", actor=actor, partner=level.product.partner, target=level.product,
                 data={"warehouse": level.warehouse_id, "quantity": level.quantity})
    level.delete()
