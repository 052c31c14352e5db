"""Marketplace accounts of a partner. Credentials live only in encrypted columns."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.fields import EncryptedJSONField, EncryptedTextField
from partners.models import Partner, TimeStamped


class Marketplace(models.TextChoices):
    WILDBERRIES = "wildberries", "Wildberries"
    OZON = "ozon", "Ozon"
    YANDEX_MARKET = "yandex_market", "Yandex Market"
    UZUM = "uzum", "Uzum Market"


class MarketplaceAccount(TimeStamped):
    class AuthMode(models.TextChoices):
        API_KEYS = "api_keys", _("API keys")
        PORTAL = "portal", _("Portal login and password")

    class Status(models.TextChoices):
        NEW = "new", _("Not checked yet")
        OK = "ok", _("Connected")
        FAILING = "failing", _("Failing")
        DISABLED = "disabled", _("Disabled")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="marketplace_accounts")
    marketplace = models.CharField(_("marketplace"), max_length=20, choices=Marketplace.choices)
    auth_mode = models.CharField(_("auth mode"), max_length=10, choices=AuthMode.choices, default=AuthMode.API_KEYS)
    # {"token": ...} / {"client_id": ..., "api_key": ...} / {"login": ..., "password": ..., "totp_secret": ...}
    credentials = EncryptedJSONField(_("credentials"), default=dict)
    portal_cookies = EncryptedTextField(_("portal session cookies"), null=True, blank=True)
    vendor_ids = models.JSONField(_("vendor ids"), default=dict, blank=True)  # shop/campaign/business ids
    warehouse_map = models.JSONField(_("warehouse mapping"), default=dict, blank=True)
    base_url = models.URLField(_("API base URL"), max_length=300, blank=True)
    is_sandbox = models.BooleanField(_("sandbox"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "marketplace", "is_sandbox"],
                                    name="one_account_per_marketplace_and_mode"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.get_marketplace_display()}{' (sandbox)' if self.is_sandbox else ''}"


class PacingBucket(models.Model):
    """Token bucket state for marketplaces.clients.pacing when no Redis is configured."""
    key = models.CharField(max_length=200, unique=True)
    tokens = models.FloatField()
    at = models.FloatField()
    log = models.JSONField(default=list, blank=True)  # sliding-window reservations [[time, cost], ...]

    def __str__(self) -> str:
        return self.key
