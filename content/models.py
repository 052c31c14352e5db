"""AI settings, price table, call log, budget alerts, drafts, generation jobs and publications
(approved content, delivered through the marketplaces outbox). Reviews are marketplaces.sync's."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from content.rules import LANGUAGE_CHOICES, MARKETPLACE_CHOICES
from partners.models import Partner, Product


class AISettings(models.Model):
    class Level(models.TextChoices):
        MINIMAL = "minimal", _("Minimal: AI suggests, a person approves each item")
        BALANCED = "balanced", _("Balanced: AI drafts, a person reviews (bulk approve)")
        MAXIMUM = "maximum", _("Maximum: AI publishes")

    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="ai_settings")
    automation_level = models.CharField(_("automation level"), max_length=10, choices=Level.choices,
                                        default=Level.BALANCED)
    monthly_budget = models.DecimalField(_("monthly budget, USD"), max_digits=10, decimal_places=2,
                                         default=Decimal("20.00"), validators=[MinValueValidator(Decimal("0"))])
    alert_threshold_pct = models.PositiveSmallIntegerField(
        _("alert at, % of budget"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)])
    refunds_allowed = models.BooleanField(_("replies may offer refunds or compensation"), default=False)
    language = models.CharField(_("content language"), max_length=2, choices=LANGUAGE_CHOICES, default="ru")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"AI settings of {self.partner}"


class ModelPrice(models.Model):
    """Staff-editable price table (USD). Unknown models cost 0 and are flagged in the call log."""
    model = models.CharField(max_length=100, unique=True)
    input_per_1k = models.DecimalField(_("input, per 1K tokens"), max_digits=10, decimal_places=6, default=0)
    output_per_1k = models.DecimalField(_("output, per 1K tokens"), max_digits=10, decimal_places=6, default=0)
    per_image = models.DecimalField(_("per image"), max_digits=10, decimal_places=6, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["model"]

    def __str__(self) -> str:
        return self.model


class Purpose(models.TextChoices):
    CARD = "card", _("Product card")
    IMAGE = "image", _("Card image")
    REVIEW_REPLY = "review_reply", _("Review reply")


class AICall(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="ai_calls")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    provider = models.CharField(max_length=20)
    model = models.CharField(max_length=100)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    images = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    ok = models.BooleanField(default=True)
    error_code = models.CharField(max_length=40, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    draft = models.ForeignKey("ContentDraft", null=True, blank=True, on_delete=models.SET_NULL, related_name="calls")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "created_at"])]


class BudgetAlert(models.Model):
    """One row per partner, month and kind: the unique constraint makes "alert once" hold even
    when two workers cross the threshold at the same moment."""

    class Kind(models.TextChoices):
        THRESHOLD = "threshold", _("Alert threshold reached")
        LIMIT = "limit", _("Budget limit reached")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="ai_budget_alerts")
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    spent = models.DecimalField(max_digits=12, decimal_places=6)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "month", "kind"], name="ai_alert_once")]


class ContentDraft(models.Model):
    class Kind(models.TextChoices):
        CARD = "card", _("Product card")
        IMAGE = "image", _("Card images")
        REVIEW_REPLY = "review_reply", _("Review reply")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggestion: approve each")
        DRAFT = "draft", _("Draft: review before publishing")
        NEEDS_HUMAN = "needs_human", _("Needs a person: AI output broke the rules")
        WAITING_BUDGET = "waiting_budget", _("Waiting: monthly AI budget used up")
        FAILED = "failed", _("Failed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    OPEN = (Status.SUGGESTED, Status.DRAFT, Status.NEEDS_HUMAN)

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="content_drafts")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.CASCADE, related_name="content_drafts")
    # The marketplace review itself (pulled by marketplaces.sync): one table, whose answer_status
    # shows the AI workflow (suggested / draft) and the outbox's delivery (queued / sent / failed).
    review = models.ForeignKey("sync.Review", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="content_drafts")
    marketplace = models.CharField(max_length=20, choices=MARKETPLACE_CHOICES)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    status = models.CharField(max_length=16, choices=Status.choices, db_index=True)
    payload = models.JSONField(default=dict, blank=True)
    analysis = models.JSONField(default=dict, blank=True)       # review sentiment/topics
    problems = models.JSONField(default=list, blank=True)       # validator messages: what to fix
    message = models.CharField(max_length=500, blank=True)      # why it waits / failed, for the partner
    attempts = models.PositiveSmallIntegerField(default=0)
    cost = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.marketplace})"


class ContentPublication(models.Model):
    """Approved content on its way to a marketplace. The outbox intent (marketplaces.sync) is the
    one source of truth for delivery: `status` reads the intent's status; there is no copy of it
    here. `intent` is empty only when nothing could be queued (no connected account for a card);
    `message` then tells the partner what to do."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending: queued for the marketplace")
        SENT = "sent", _("Sent")
        SUPERSEDED = "superseded", _("Replaced by a newer version")
        FAILED = "failed", _("Failed")
        NOT_SENT = "not_sent", _("Not sent")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="content_publications")
    draft = models.OneToOneField(ContentDraft, on_delete=models.CASCADE, related_name="publication")
    kind = models.CharField(max_length=16, choices=ContentDraft.Kind.choices)
    marketplace = models.CharField(max_length=20, choices=MARKETPLACE_CHOICES)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review = models.ForeignKey("sync.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    account = models.ForeignKey("marketplaces.MarketplaceAccount", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    intent = models.ForeignKey("sync.Intent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    payload = models.JSONField(default=dict)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def status(self) -> str:
        return self.intent.status if self.intent_id else self.Status.NOT_SENT

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class GenerationJob(models.Model):
    """Progress of a bulk "generate cards" request; the page polls it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        WAITING_BUDGET = "waiting_budget", _("Stopped: monthly AI budget used up")
        FAILED = "failed", _("Failed")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="generation_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    product_ids = models.JSONField(default=list)
    marketplaces = models.JSONField(default=list)
    with_images = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        return int(100 * (self.done + self.failed) / self.total) if self.total else 100
