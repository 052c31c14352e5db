"""Remote help: a staff admin's time-limited, partner-approved session and its recording."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partner

LEVEL_RANK = {"view": 1, "edit": 2, "execute": 3}


class RemoteSession(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        EXPIRED = "expired", _("Expired")
        DENIED = "denied", _("Denied")
        CANCELLED = "cancelled", _("Cancelled")

    class Level(models.TextChoices):
        VIEW = "view", _("View only")
        EDIT = "edit", _("Can edit")
        EXECUTE = "execute", _("Can execute actions")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="remote_sessions")
    admin = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="remote_sessions")
    reason = models.CharField(_("reason"), max_length=500)
    requested_level = models.CharField(_("requested level"), max_length=10, choices=Level.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    minutes = models.PositiveIntegerField(_("duration, minutes"), default=30)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED,
                             db_index=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "state"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.partner} ({self.get_state_display()})"

    @property
    def is_live(self) -> bool:
        """Active and not past its time (the server's clock decides, never the browser)."""
        return self.state == self.State.ACTIVE and self.expires_at is not None and self.expires_at > timezone.now()

    def allows(self, needed: str) -> bool:
        return LEVEL_RANK[self.level] >= LEVEL_RANK[needed]

    def duration(self) -> timedelta:
        return timedelta(minutes=self.minutes)


class SessionEvent(models.Model):
    """One recorded event: snapshot, mutation, cursor, click, input, action, chat or state change.
    `data` is masked before it is stored (the browser masks first; the server again)."""

    class Side(models.TextChoices):
        ADMIN = "admin", _("Admin")
        PARTNER = "partner", _("Partner")
        SYSTEM = "system", _("System")

    session = models.ForeignKey(RemoteSession, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    side = models.CharField(max_length=8, choices=Side.choices)
    kind = models.CharField(max_length=20)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["session", "id"])]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.kind}"
