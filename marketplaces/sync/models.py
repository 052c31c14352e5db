"""The outbox (what marketplaces must learn), each push operation and attempt, orders, reviews."""
from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplaces.models import MarketplaceAccount
from partners.models import Partner, Product


class IntentKind(models.TextChoices):
    CARD = "card", _("Product card")
    PRICE = "price", _("Price")
    STOCK = "stock", _("Stock")
    ORDER_STATUS = "order_status", _("Order status")
    REVIEW_ANSWER = "review_answer", _("Review answer")


class Intent(models.Model):
    """One value a marketplace must learn, written in the same transaction as the change.

    The id is the ordering: for one (account, kind, key) the highest id is the newest value.
    The dispatcher sends only the newest pending value per key and never one older than the
    last value it sent (see `SentMark`), so redelivery cannot send a stale value after a newer one.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        SUPERSEDED = "superseded", _("Superseded by a newer value")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(auto_now_add=True)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(MarketplaceAccount, on_delete=models.CASCADE, related_name="intents")
    kind = models.CharField(max_length=16, choices=IntentKind.choices)
    key = models.CharField(max_length=128)  # SKU, order id or review id
    payload = models.JSONField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    operation = models.ForeignKey("Operation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["account", "kind", "status", "id"]),
                   models.Index(fields=["account", "kind", "key", "-id"])]


class SentMark(models.Model):
    """The newest intent id sent for a key: the dispatcher never sends an older one."""

    account = models.ForeignKey(MarketplaceAccount, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=IntentKind.choices)
    key = models.CharField(max_length=128)
    intent_id = models.BigIntegerField()
    external_id = models.CharField(max_length=128, blank=True)  # vendor id after a create: never create twice

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "kind", "key"], name="sentmark_unique")]


class Operation(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        PARTIAL = "partial", _("Partly failed")
        FAILED = "failed", _("Failed")
        WAITING = "waiting", _("Waiting to retry")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    account = models.ForeignKey(MarketplaceAccount, on_delete=models.CASCADE, related_name="operations")
    kind = models.CharField(max_length=24)  # intent kind or "orders_pull", "reviews_pull", "reconcile"
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    items = models.PositiveIntegerField(default=0)
    items_failed = models.PositiveIntegerField(default=0)
    job_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class Attempt(models.Model):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    duration_ms = models.PositiveIntegerField(default=0)
    ok = models.BooleanField(default=False)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_kind = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)  # redacted
    job_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["operation", "number"]
        constraints = [models.UniqueConstraint(fields=["operation", "number"], name="attempt_number_unique")]


class Order(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ASSEMBLING = "assembling", _("Assembling")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        RETURNED = "returned", _("Returned")
        REJECTED = "rejected", _("Rejected: out of stock")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="orders")
    account = models.ForeignKey(MarketplaceAccount, on_delete=models.CASCADE, related_name="orders")
    external_id = models.CharField(max_length=64)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.NEW)
    placed_at = models.DateTimeField()
    total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, default="UZS")
    has_unmapped_lines = models.BooleanField(default=False)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["account", "external_id"], name="order_unique_per_account")]

    def __str__(self) -> str:
        return f"{self.account.get_marketplace_display()} #{self.external_id}"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sku = models.CharField(max_length=64, blank=True)
    barcode = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=255, blank=True)
    quantity = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    allocations = models.JSONField(default=list, blank=True)  # [{"warehouse_id": 1, "units": 2}]

    @property
    def mapped(self) -> bool:
        return self.product_id is not None


class Review(models.Model):
    class AnswerStatus(models.TextChoices):
        NONE = "none", _("Not answered")
        SUGGESTED = "suggested", _("Suggestion waiting for approval")
        DRAFT = "draft", _("Draft waiting for review")
        QUEUED = "queued", _("Queued to send")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed to send")

    created_at = models.DateTimeField(auto_now_add=True)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="marketplace_reviews")
    account = models.ForeignKey(MarketplaceAccount, on_delete=models.CASCADE, related_name="reviews")
    external_id = models.CharField(max_length=64)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sku = models.CharField(max_length=64, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    author = models.CharField(max_length=120, blank=True)
    written_at = models.DateTimeField(null=True, blank=True)
    answer_text = models.TextField(blank=True)
    answer_status = models.CharField(max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.NONE)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-written_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["account", "external_id"], name="review_unique_per_account")]


class JobProgress(models.Model):
    """Progress of a long job, for pages to poll (e.g. a full reconciliation)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    finished = models.BooleanField(default=False)
    message = models.CharField(max_length=300, blank=True)

    @property
    def percent(self) -> int:
        return 100 if self.finished else (round(100 * self.done / self.total) if self.total else 0)


class VendorRef(models.Model):
    """How a marketplace knows one of our SKUs: its ids there (WB nmID/chrtId, Ozon product_id,
    Uzum productId/skuId) and whether we ever started creating it (a create is never repeated:
    a redelivered create whose vendor id is still unknown goes to a person instead)."""

    account = models.ForeignKey(MarketplaceAccount, on_delete=models.CASCADE, related_name="vendor_refs")
    sku = models.CharField(max_length=64)
    vendor_id = models.CharField(max_length=64, blank=True)  # nmID / product_id / productId
    sku_id = models.CharField(max_length=64, blank=True)  # chrtId (WB) / skuId (Uzum)
    barcode = models.CharField(max_length=32, blank=True)
    create_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "sku"], name="vendorref_unique")]


class PushLease(models.Model):
    """One sender per account and kind at a time (so two jobs never race a newer value past an
    older one). A lease expires, and a holder whose process is gone on this host is replaced."""

    account = models.ForeignKey(MarketplaceAccount, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=IntentKind.choices)
    holder = models.CharField(max_length=120, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "kind"], name="pushlease_unique")]
