"""State of the Uzum seller portal emulator: accounts, their products, server-side sessions and
one runtime settings row (UI version, captcha, session lifetime)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalSettings(models.Model):
    """A single row (pk=1) read on every request, so a switch takes effect at once."""

    class UiVersion(models.TextChoices):
        V1 = "v1", "v1"
        V2 = "v2", "v2"
        V3 = "v3", "v3"

    ui_version = models.CharField(max_length=4, choices=UiVersion.choices, default=UiVersion.V1)
    captcha_enabled = models.BooleanField(default=False)
    session_lifetime_seconds = models.PositiveIntegerField(default=1800)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"portal settings ({self.ui_version})"


class PortalAccount(models.Model):
    """A seller cabinet login. Login by phone or e-mail; the password is hashed; the 2FA step takes
    the fixed `otp_code` or the current TOTP code of `totp_secret` (RFC 6238, 30 s, 6 digits)."""

    shop_id = models.PositiveIntegerField(unique=True)
    shop_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20, unique=True)
    email = models.EmailField(unique=True)
    password_hash = models.CharField(max_length=200)
    otp_code = models.CharField(max_length=6)
    totp_secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.shop_name} ({self.phone})"


class PortalProduct(models.Model):
    class Category(models.TextChoices):
        ELECTRONICS = "electronics", _("Electronics")
        HOME = "home", _("Home and kitchen")
        CLOTHING = "clothing", _("Clothing")
        BEAUTY = "beauty", _("Beauty")
        TOYS = "toys", _("Toys")

    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="products")
    product_id = models.PositiveBigIntegerField(unique=True)
    title = models.CharField(max_length=255)
    sku = models.CharField(max_length=64)
    price = models.DecimalField(max_digits=14, decimal_places=2)
    category = models.CharField(max_length=32, choices=Category.choices)
    description = models.TextField(blank=True)
    stock = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["account", "sku"], name="sandbox_portal_sku_unique")]

    def __str__(self) -> str:
        return f"{self.sku} {self.title}"


class PortalSession(models.Model):
    """Server-side session behind the `uzum_portal_session` cookie. `verified` turns true after the
    2FA step; past `expires_at` the session is gone, whatever the browser still holds."""

    key = models.CharField(max_length=64, unique=True)
    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="sessions")
    verified = models.BooleanField(default=False)
    otp_failures = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
