"""State of the sandbox marketplaces (Wildberries, Ozon, Yandex Market, Uzum emulators).

Vendor ids (nmID, product_id, marketSku, skuId, posting numbers...) are plain columns so every
emulator speaks its own vocabulary over one small schema. Credentials are stored only as SHA-256
hashes: the control API shows them once, at creation.
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vendor(models.TextChoices):
    WB = "wb", "Wildberries"
    OZON = "ozon", "Ozon"
    YM = "ym", "Yandex Market"
    UZUM = "uzum", "Uzum Market"


class SandboxAccount(models.Model):
    class TokenType(models.TextChoices):
        PERSONAL = "personal", _("Personal / service")
        BASE = "base", _("Base (reduced limits)")

    vendor = models.CharField(_("vendor"), max_length=8, choices=Vendor.choices)
    name = models.CharField(_("name"), max_length=100)
    secret_hash = models.CharField(max_length=64, unique=True)  # sha256 of token / Api-Key
    client_id = models.CharField(max_length=20, blank=True, db_index=True)  # Ozon Client-Id
    business_id = models.BigIntegerField(null=True, blank=True)  # YM
    campaign_id = models.BigIntegerField(null=True, blank=True)  # YM
    shop_id = models.BigIntegerField(null=True, blank=True)  # Uzum
    seller_uuid = models.CharField(max_length=36, blank=True)  # WB `sid` claim
    token_type = models.CharField(max_length=10, choices=TokenType.choices, default=TokenType.PERSONAL)
    scopes = models.JSONField(default=list, blank=True)  # WB categories / YM scopes granted
    seed = models.IntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_vendor_display()} · {self.name}"


class SandboxWarehouse(models.Model):
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="warehouses")
    ext_id = models.BigIntegerField(db_index=True)
    name = models.CharField(max_length=200)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "ext_id"], name="sandbox_wh_unique")]


class SandboxCard(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="cards")
    offer_id = models.CharField(max_length=255)  # vendorCode / offer_id / offerId / Uzum article
    ext_id = models.BigIntegerField(null=True, blank=True, db_index=True)  # nmID / product_id / productId
    sku_id = models.BigIntegerField(null=True, blank=True, db_index=True)  # chrtID / Ozon sku / skuId
    barcode = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)  # last accepted vendor payload
    media = models.JSONField(default=list, blank=True)  # image URLs, in order
    price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    old_price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    discount = models.IntegerField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    errors = models.JSONField(default=list, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "offer_id"], name="sandbox_card_unique")]


class SandboxStock(models.Model):
    card = models.ForeignKey(SandboxCard, on_delete=models.CASCADE, related_name="stocks")
    warehouse = models.ForeignKey(SandboxWarehouse, on_delete=models.CASCADE, null=True, blank=True)
    amount = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["card", "warehouse"], name="sandbox_stock_unique")]


class SandboxOrder(models.Model):
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="orders")
    ext_id = models.BigIntegerField(db_index=True)
    number = models.CharField(max_length=64, blank=True)  # Ozon posting_number
    status = models.CharField(max_length=40)
    substatus = models.CharField(max_length=40, blank=True)
    card = models.ForeignKey(SandboxCard, on_delete=models.SET_NULL, null=True, blank=True)
    warehouse = models.ForeignKey(SandboxWarehouse, on_delete=models.SET_NULL, null=True, blank=True)
    quantity = models.IntegerField(default=1)
    price = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    supply_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)


class SandboxReview(models.Model):
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="reviews")
    ext_id = models.CharField(max_length=40, db_index=True)
    card = models.ForeignKey(SandboxCard, on_delete=models.SET_NULL, null=True, blank=True)
    rating = models.IntegerField(default=5)
    text = models.TextField(blank=True)
    author = models.CharField(max_length=100, blank=True)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()


class SandboxTask(models.Model):
    """An asynchronous vendor job: Ozon import (task_id), WB price upload (uploadID), WB card batch."""

    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=20)
    ext_id = models.BigIntegerField(db_index=True)
    status = models.CharField(max_length=20, default="pending")
    payload = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    ready_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)


class SandboxFault(models.Model):
    class Kind(models.TextChoices):
        LATENCY = "latency", _("Added latency")
        HANG = "hang", _("Hang past the client timeout")
        RESET = "reset", _("Connection reset")
        ERROR_5XX = "error_5xx", _("5xx burst")
        RATE_LIMIT = "rate_limit", _("429 / 420 storm")
        MAINTENANCE = "maintenance", _("Maintenance (503)")
        TOKEN_REVOKED = "token_revoked", _("Token revoked")
        SCHEMA_DRIFT = "schema_drift", _("Renamed response field")

    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, null=True, blank=True)
    vendor = models.CharField(max_length=8, blank=True)  # "" = every vendor
    group = models.CharField(max_length=20, default="*")  # "*" = every endpoint group
    kind = models.CharField(max_length=16, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    remaining = models.IntegerField(null=True, blank=True)  # scripted: next N calls; null = until cleared
    probability = models.FloatField(null=True, blank=True)  # null = always
    seed = models.IntegerField(default=0)
    calls = models.IntegerField(default=0)  # evaluations so far (drives the seeded draw)
    created_at = models.DateTimeField(auto_now_add=True)


class SandboxSetting(models.Model):
    key = models.CharField(max_length=40, primary_key=True)
    value = models.JSONField(default=dict)


class SandboxRequestLog(models.Model):
    """One emulator call. `id` is the monotonic sequence number; no headers, no secrets."""

    account = models.ForeignKey(SandboxAccount, on_delete=models.SET_NULL, null=True, blank=True)
    vendor = models.CharField(_("vendor"), max_length=8)
    group = models.CharField(_("group"), max_length=20)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=300)
    status = models.IntegerField(_("status"))
    duration_ms = models.IntegerField(_("duration, ms"), default=0)
    fault = models.CharField(_("fault"), max_length=16, blank=True)
    summary = models.JSONField(_("write summary"), default=dict, blank=True)  # {"stocks": {sku: amount}}
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("sandbox request")
        verbose_name_plural = _("sandbox request log")
