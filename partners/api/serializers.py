"""Serializers of the integrator API. They parse and check input (types, lengths, ranges); the
services in partners.services do the writing and the business checks."""
from __future__ import annotations

from typing import Any

from rest_framework import serializers

from partners import selectors
from partners.models import Partner, Product, StockLevel, Warehouse

BULK_MAX_ROWS = 1000


class ApiErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. invalid, not_found, throttled.")
    message = serializers.CharField(help_text="What happened and what to do next, for people.")
    details = serializers.DictField(help_text="Field -> messages for invalid input; retry_after for throttling.")


class ApiErrorSerializer(serializers.Serializer):
    """The one error body of every API error."""

    error = ApiErrorDetailSerializer()


def _partner(serializer: serializers.Serializer) -> Partner:
    return serializer.context["request"].user.partner


class PartnerSerializer(serializers.ModelSerializer):
    # Status is the account's lifecycle (onboarding/active/paused), set by Bozor, not by the partner.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "legal_name", "inn", "address", "phone", "email", "status", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"inn": {"max_length": 20, "help_text": "9 digits (Uzbekistan) or 10/12 digits (Russia)."},
                        "phone": {"max_length": 30, "help_text": "+998... or +7...; stored in E.164."}}


class WarehouseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Warehouse
        fields = ["id", "name", "location", "capacity_kg", "storage_type", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate_name(self, value: str) -> str:
        taken = selectors.warehouse_id_by_name(partner=_partner(self), name=value)
        if taken is not None and (self.instance is None or taken != self.instance.pk):
            raise serializers.ValidationError(f"You already have a warehouse named {value!r} (id {taken}). "
                                              "Pick another name.")
        return value


class ProductSerializer(serializers.ModelSerializer):
    attributes = serializers.DictField(required=False, help_text='Free-form attributes, e.g. {"color": "red"}.')
    images = serializers.ListField(child=serializers.URLField(max_length=500), required=False, max_length=30,
                                   help_text="Image URLs, first is the main image.")
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)

    class Meta:
        model = Product
        fields = ["id", "sku", "title", "description", "attributes", "brand", "category", "barcode", "price",
                  "cost", "currency", "weight_g", "length_mm", "width_mm", "height_mm", "images", "created_at",
                  "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate_sku(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("Enter a SKU.")
        taken = selectors.product_id_by_sku(partner=_partner(self), sku=value)
        if taken is not None and (self.instance is None or taken != self.instance.pk):
            raise serializers.ValidationError(
                f"You already have a product with SKU {value!r} (id {taken}). Change that product with "
                f"PATCH /api/v1/products/{taken}/, or use /api/v1/products/bulk-upsert/ to update by SKU.")
        return value


class ProductRowSerializer(ProductSerializer):
    """One row of a bulk upsert: only `sku` is required; a row for an existing SKU may change
    only some fields. Unknown SKUs create products, which then need a title."""

    class Meta(ProductSerializer.Meta):
        fields = [f for f in ProductSerializer.Meta.fields if f not in ("id", "created_at", "updated_at")]
        read_only_fields: list[str] = []
        extra_kwargs = {"title": {"required": False}}

    def validate_sku(self, value: str) -> str:  # an existing SKU is an update here, not an error
        value = value.strip()
        if not value:
            raise serializers.ValidationError("Enter a SKU.")
        return value


class BulkUpsertSerializer(serializers.Serializer):
    """Rows are checked one by one in the view, so every bad row is named by its index."""

    products = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=BULK_MAX_ROWS,
                                     help_text=f"1 to {BULK_MAX_ROWS} product objects, keyed by SKU.")


class BulkUpsertRequestSerializer(serializers.Serializer):
    products = ProductRowSerializer(many=True, help_text=f"1 to {BULK_MAX_ROWS} rows; only sku is required.")


class BulkItemSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    id = serializers.IntegerField()
    sku = serializers.CharField()
    created = serializers.BooleanField()


class BulkUpsertResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    items = BulkItemSerializer(many=True)


class StockLevelSerializer(serializers.ModelSerializer):
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    warehouse_name = serializers.CharField(source="warehouse.name", read_only=True)
    available = serializers.IntegerField(read_only=True)

    class Meta:
        model = StockLevel
        fields = ["id", "product", "product_sku", "warehouse", "warehouse_name", "quantity", "reserved",
                  "available", "updated_at"]
        read_only_fields = fields


class StockSetSerializer(serializers.Serializer):
    product = serializers.IntegerField(min_value=1, help_text="Id of one of your products.")
    warehouse = serializers.IntegerField(min_value=1, help_text="Id of one of your warehouses.")
    quantity = serializers.IntegerField(min_value=0, max_value=2_147_483_647,
                                        help_text="Units on hand; cannot be below the reserved units.")


class StockFilterSerializer(serializers.Serializer):
    product = serializers.IntegerField(required=False, min_value=1, help_text="Only this product's stock.")
    warehouse = serializers.IntegerField(required=False, min_value=1, help_text="Only this warehouse's stock.")


class StockQuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=0, max_value=2_147_483_647,
                                        help_text="Units on hand; cannot be below the reserved units.")


def rows_errors(rows: list[Any], context: dict[str, Any]) -> tuple[list[dict], dict[str, Any]]:
    """Validate bulk rows (one serializer for all rows: building one per row costs ~2 ms each).
    Returns (clean rows, {index: {field: [messages]}}); duplicate SKUs name the earlier index."""
    batch = ProductRowSerializer(many=True, data=rows, context=context)
    valid = batch.is_valid()
    raw = {} if valid else batch.errors  # DRF 3.18: {index: errors}; older DRF: a list with {} for good rows
    errors: dict[str, Any] = {str(i): e for i, e in (raw.items() if isinstance(raw, dict) else enumerate(raw)) if e}
    if errors:
        return [], errors
    clean = [dict(row) for row in batch.validated_data]
    first_seen: dict[str, int] = {}
    for index, row in enumerate(clean):
        sku = row["sku"]
        if sku in first_seen:
            errors[str(index)] = {"sku": [f"Duplicate SKU {sku!r}: already at index {first_seen[sku]} of this "
                                          "batch. Send each SKU once."]}
        first_seen.setdefault(sku, index)
    return ([] if errors else clean), errors
