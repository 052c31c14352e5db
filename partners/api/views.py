"""Integrator API: the partner profile, warehouses, products (with bulk upsert by SKU) and stock.

Every object is loaded through partners.selectors scoped to `request.user.partner`, so another
partner's id answers 404, exactly like an id that does not exist. Users without a partner (Bozor
staff) get 403 from IsPartnerMember on every endpoint here: they work in the admin. Writes go
through partners.services, which validate, write in a transaction and record an AuditEvent.
"""
from __future__ import annotations

from django.db import IntegrityError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.views import APIView

from partners import selectors
from partners.api import serializers as s
from partners.api.errors import error_body
from partners.api.pagination import Pagination
from partners.api.permissions import IsPartnerMember, OwnerForWrites
from partners.api.schema import OBJECT_READ, OBJECT_WRITE, READ, WRITE, errors
from partners.api.throttles import BulkUpsertThrottle
from partners.models import Product, StockLevel, Warehouse
from partners.services import catalog
from partners.services.audit import client_ip
from partners.services.profile import partner_update

SEARCH = OpenApiParameter("search", str, description="Case-insensitive text search.")


def _search(request) -> str:
    return request.query_params.get("search", "").strip()[:200]


class PartnerView(APIView):
    permission_classes = [IsPartnerMember, OwnerForWrites]

    @extend_schema(summary="Your partner profile", responses={200: s.PartnerSerializer, **errors(*READ)})
    def get(self, request):
        return Response(s.PartnerSerializer(request.user.partner).data)

    @extend_schema(summary="Change your partner profile (owner only)", request=s.PartnerSerializer,
                   responses={200: s.PartnerSerializer, **errors(*WRITE)})
    def patch(self, request):
        serializer = s.PartnerSerializer(request.user.partner, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        partner = partner_update(partner=request.user.partner, data=serializer.validated_data, actor=request.user,
                                 ip=client_ip(request))
        return Response(s.PartnerSerializer(partner).data)


class _Scoped:
    """Shared by the list and detail views: pagination, ordering, and the partner in context."""

    pagination_class = Pagination
    filter_backends = [OrderingFilter]

    @property
    def partner(self):
        return self.request.user.partner

    def _fake(self) -> bool:  # drf-spectacular builds the schema without a logged-in partner
        return getattr(self, "swagger_fake_view", False)


@extend_schema_view(
    get=extend_schema(summary="List your warehouses", parameters=[SEARCH], responses={200: s.WarehouseSerializer(many=True), **errors(*READ)}),
    post=extend_schema(summary="Create a warehouse", responses={201: s.WarehouseSerializer, **errors(*WRITE)}),
)
class WarehouseListView(_Scoped, generics.ListCreateAPIView):
    serializer_class = s.WarehouseSerializer
    ordering_fields = ["id", "name", "capacity_kg", "created_at", "updated_at"]

    def get_queryset(self):
        if self._fake():
            return Warehouse.objects.none()
        return selectors.warehouse_list(partner=self.partner, search=_search(self.request))

    def perform_create(self, serializer):
        try:
            serializer.instance = catalog.warehouse_create(partner=self.partner, data=serializer.validated_data,
                                                           actor=self.request.user)
        except IntegrityError:  # the same name created a moment ago by a concurrent request
            raise ValidationError({"name": ["You already have a warehouse with this name."]}) from None


@extend_schema_view(
    get=extend_schema(summary="One warehouse", responses={200: s.WarehouseSerializer, **errors(*OBJECT_READ)}),
    patch=extend_schema(summary="Change a warehouse", responses={200: s.WarehouseSerializer, **errors(*OBJECT_WRITE)}),
    delete=extend_schema(summary="Delete a warehouse and its stock rows", responses={204: None, **errors(*OBJECT_READ)}),
)
class WarehouseDetailView(_Scoped, generics.RetrieveUpdateDestroyAPIView):
    serializer_class = s.WarehouseSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self):
        return selectors.warehouse_get(partner=self.partner, pk=self.kwargs["pk"])

    def get_queryset(self):  # only for the schema's path parameter type
        return Warehouse.objects.none()

    def perform_update(self, serializer):
        serializer.instance = catalog.warehouse_update(warehouse=serializer.instance, data=serializer.validated_data,
                                                       actor=self.request.user)

    def perform_destroy(self, instance):
        catalog.warehouse_delete(warehouse=instance, actor=self.request.user)


@extend_schema_view(
    get=extend_schema(summary="List your products", parameters=[SEARCH], responses={200: s.ProductSerializer(many=True), **errors(*READ)}),
    post=extend_schema(summary="Create a product", responses={201: s.ProductSerializer, **errors(*WRITE)}),
)
class ProductListView(_Scoped, generics.ListCreateAPIView):
    serializer_class = s.ProductSerializer
    ordering_fields = ["id", "sku", "title", "brand", "price", "created_at", "updated_at"]

    def get_queryset(self):
        if self._fake():
            return Product.objects.none()
        return selectors.product_list(partner=self.partner, search=_search(self.request))

    def perform_create(self, serializer):
        try:
            serializer.instance = catalog.product_create(partner=self.partner, data=serializer.validated_data,
                                                         actor=self.request.user)
        except IntegrityError:  # the same SKU created a moment ago by a concurrent request
            raise ValidationError({"sku": ["You already have a product with this SKU."]}) from None


@extend_schema_view(
    get=extend_schema(summary="One product", responses={200: s.ProductSerializer, **errors(*OBJECT_READ)}),
    patch=extend_schema(summary="Change a product", responses={200: s.ProductSerializer, **errors(*OBJECT_WRITE)}),
    delete=extend_schema(summary="Delete a product and its stock rows", responses={204: None, **errors(*OBJECT_READ)}),
)
class ProductDetailView(_Scoped, generics.RetrieveUpdateDestroyAPIView):
    serializer_class = s.ProductSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self):
        return selectors.product_get(partner=self.partner, pk=self.kwargs["pk"])

    def get_queryset(self):  # only for the schema's path parameter type
        return Product.objects.none()

    def perform_update(self, serializer):
        try:
            serializer.instance = catalog.product_update(product=serializer.instance, data=serializer.validated_data,
                                                         actor=self.request.user)
        except IntegrityError:
            raise ValidationError({"sku": ["You already have a product with this SKU."]}) from None

    def perform_destroy(self, instance):
        catalog.product_delete(product=instance, actor=self.request.user)


class ProductBulkUpsertView(APIView):
    throttle_classes = [*APIView.throttle_classes, BulkUpsertThrottle]

    @extend_schema(
        summary="Create or update up to 1,000 products by SKU, all or nothing",
        description="Rows are matched by SKU among your products only: an unknown SKU creates a product "
                    "(title required), a known one is updated with the fields given. If any row is invalid "
                    "nothing is written and `error.details.products` maps each bad row's index (from 0) to "
                    "its fields and messages.",
        request=s.BulkUpsertRequestSerializer,
        responses={200: s.BulkUpsertResultSerializer, **errors(*WRITE, 409)})
    def post(self, request):
        shape = s.BulkUpsertSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        rows = shape.validated_data["products"]
        clean, row_errors = s.rows_errors(rows, {"request": request})
        if not row_errors:
            try:
                result = catalog.products_bulk_upsert(partner=request.user.partner, rows=clean, actor=request.user)
            except IntegrityError:  # a concurrent request created one of these SKUs first; all rolled back
                return Response(error_body("conflict", "Another request changed these products at the same time, "
                                                       "so nothing was written. Send the batch again."), status=409)
            row_errors = {str(index): messages for index, messages in result.errors.items()}
        if row_errors:
            message = (f"{len(row_errors)} of {len(rows)} row(s) have errors, so nothing was written. Fix the rows "
                       "named in details.products (index from 0) and send the whole batch again.")
            return Response(error_body("invalid", message, {"products": row_errors}), status=400)
        created = {p.sku for p in result.created}
        ids = {p.sku: p.pk for p in [*result.created, *result.updated]}
        items = [{"index": i, "id": ids[row["sku"]], "sku": row["sku"], "created": row["sku"] in created}
                 for i, row in enumerate(clean)]
        return Response({"created": len(result.created), "updated": len(result.updated), "items": items})


@extend_schema_view(
    get=extend_schema(summary="List stock levels", parameters=[s.StockFilterSerializer],
                      responses={200: s.StockLevelSerializer(many=True), **errors(*WRITE)}),
)
class StockListView(_Scoped, generics.ListAPIView):
    serializer_class = s.StockLevelSerializer
    ordering_fields = ["id", "quantity", "reserved", "updated_at", "product__sku", "warehouse__name"]
    ordering = ["id"]

    def get_queryset(self):
        if self._fake():
            return StockLevel.objects.none()
        query = s.StockFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.stock_list(partner=self.partner, product_id=query.validated_data.get("product"),
                                    warehouse_id=query.validated_data.get("warehouse"))

    @extend_schema(summary="Set the on-hand quantity of a product in a warehouse", request=s.StockSetSerializer,
                   responses={200: s.StockLevelSerializer, **errors(*OBJECT_WRITE)})
    def post(self, request):
        query = s.StockSetSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        product = selectors.product_get(partner=self.partner, pk=query.validated_data["product"])
        warehouse = selectors.warehouse_get(partner=self.partner, pk=query.validated_data["warehouse"])
        level = catalog.stock_set(product=product, warehouse=warehouse, quantity=query.validated_data["quantity"],
                                  actor=request.user)
        return Response(s.StockLevelSerializer(level).data)


class StockDetailView(_Scoped, APIView):
    @extend_schema(summary="One stock level", responses={200: s.StockLevelSerializer, **errors(*OBJECT_READ)})
    def get(self, request, pk: int):
        return Response(s.StockLevelSerializer(selectors.stock_get(partner=self.partner, pk=pk)).data)

    @extend_schema(summary="Set the on-hand quantity of this stock level", request=s.StockQuantitySerializer,
                   responses={200: s.StockLevelSerializer, **errors(*OBJECT_WRITE)})
    def patch(self, request, pk: int):
        level = selectors.stock_get(partner=self.partner, pk=pk)
        query = s.StockQuantitySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        level = catalog.stock_set(product=level.product, warehouse=level.warehouse,
                                  quantity=query.validated_data["quantity"], actor=request.user)
        return Response(s.StockLevelSerializer(level).data)

    @extend_schema(summary="Remove a stock level (refused while units are reserved)",
                   responses={204: None, **errors(*OBJECT_WRITE)})
    def delete(self, request, pk: int):
        catalog.stock_delete(level=selectors.stock_get(partner=self.partner, pk=pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
