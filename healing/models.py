"""Self-healing: every failure recorded and classified, a knowledge base of recovery actions that
learns, tickets for what could not be healed, circuit breakers, and in-app alerts."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Partner


class ErrorClass(models.TextChoices):
    TIMEOUT = "timeout", _("Timeout")
    NETWORK = "network", _("Network")
    RATE_LIMIT = "rate_limit", _("Rate limit")
    AUTH = "auth", _("Authentication")
    VALIDATION = "validation", _("Validation")
    MAINTENANCE = "maintenance", _("Maintenance")
    CONTRACT = "contract", _("Contract changed")
    SELECTOR = "selector", _("Selector not found")
    CAPTCHA = "captcha", _("Captcha")
    SESSION_EXPIRED = "session_expired", _("Session expired")
    SERVER = "server", _("Server error")
    UNKNOWN = "unknown", _("Unknown")


class RecoveryAction(models.TextChoices):
    RETRY_BACKOFF = "retry_backoff", _("Retry with exponential backoff")
    HONOUR_RETRY_AFTER = "honour_retry_after", _("Wait as the marketplace asks, then retry")
    WAIT_RETRY = "wait_retry", _("Wait and retry")
    REFRESH_SESSION = "refresh_session", _("Refresh session (log in again)")
    FALLBACK_BROWSER = "fallback_browser", _("Fall back to the seller portal (browser)")
    FALLBACK_API = "fallback_api", _("Fall back to the API")
    ALTERNATIVE_SELECTOR = "alternative_selector", _("Try an alternative selector")
    MANUAL_QUEUE = "manual_queue", _("Queue for a person")


class ErrorEvent(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey("marketplaces.MarketplaceAccount", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    operation = models.CharField(max_length=60)  # e.g. "stocks_update"
    endpoint_group = models.CharField(max_length=60, blank=True)
    error_class = models.CharField(max_length=20, choices=ErrorClass.choices, db_index=True)
    signature = models.CharField(max_length=255, db_index=True)
    message = models.TextField(blank=True)  # redacted before it is stored
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    job_id = models.CharField(max_length=64, blank=True)
    action_taken = models.CharField(max_length=24, choices=RecoveryAction.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    recovered = models.BooleanField(null=True)  # None while open; True healed; False escalated

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.error_class} {self.signature}"


class KnowledgeEntry(models.Model):
    """One recovery action for one error signature, with its track record."""

    signature = models.CharField(max_length=255)
    error_class = models.CharField(max_length=20, choices=ErrorClass.choices)
    action = models.CharField(max_length=24, choices=RecoveryAction.choices)
    attempts = models.PositiveIntegerField(default=0)
    successes = models.PositiveIntegerField(default=0)
    demoted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["signature", "action"], name="knowledge_signature_action")]
        verbose_name_plural = "knowledge entries"

    @property
    def success_rate(self) -> float:
        return self.successes / self.attempts if self.attempts else 0.0

    def __str__(self) -> str:
        return f"{self.signature} → {self.action} ({self.successes}/{self.attempts})"


class Ticket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="tickets")
    error_event = models.ForeignKey(ErrorEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    signature = models.CharField(max_length=255, blank=True, db_index=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    occurrences = models.PositiveIntegerField(default=1)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class CircuitBreaker(models.Model):
    class State(models.TextChoices):
        CLOSED = "closed", _("Closed (calls flow)")
        OPEN = "open", _("Open (calls paused)")
        HALF_OPEN = "half_open", _("Half-open (probing)")

    account = models.ForeignKey("marketplaces.MarketplaceAccount", on_delete=models.CASCADE, related_name="+")
    endpoint_group = models.CharField(max_length=60)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CLOSED)
    consecutive_failures = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "endpoint_group"], name="breaker_account_group")]


class Notification(models.Model):
    """An in-app alert for one user (partner users and staff alike)."""

    class Level(models.TextChoices):
        INFO = "info", _("Info")
        WARNING = "warning", _("Warning")
        ERROR = "error", _("Error")

    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.INFO)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
