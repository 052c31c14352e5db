"""Where each partner is in onboarding, what it answered, how long each step took, where it stuck."""
from __future__ import annotations

from django.db import models

from partners.models import Partner


class OnboardingState(models.Model):
    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="onboarding")
    current_step = models.PositiveSmallIntegerField(default=1)  # furthest step unlocked
    completed_steps = models.JSONField(default=list, blank=True)
    answers = models.JSONField(default=dict, blank=True)  # non-secret answers: marketplaces, sandbox_first...
    step_seconds = models.JSONField(default=dict, blank=True)  # {"1": 95.2, ...} time spent per step
    step_started_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_step = models.PositiveSmallIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "onboarding state"

    def __str__(self) -> str:
        return f"{self.partner} · step {self.current_step}"

    def is_completed(self, number: int) -> bool:
        return number in self.completed_steps


class OnboardingJob(models.Model):
    """One background run the wizard waits for: a connection test of one marketplace account, or the
    test run (AI card -> sandbox upload -> read back). Progress is written as it goes so the page can
    poll it; the latest job per (partner, kind, account) is the one shown."""

    class Kind(models.TextChoices):
        CONNECTION = "connection", "Connection test"
        TEST_RUN = "test_run", "Test run"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="onboarding_jobs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    account = models.ForeignKey("marketplaces.MarketplaceAccount", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="onboarding_jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    ok = models.BooleanField(default=False)
    steps = models.JSONField(default=list, blank=True)  # [{name, status, message, hint, duration_ms}, ...]
    result = models.JSONField(default=dict, blank=True)  # test run: generated vs read-back card
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-pk",)
        indexes = [models.Index(fields=["partner", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.partner} · {self.kind} · {self.status}"

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return round((self.finished_at - self.started_at).total_seconds(), 1)
        return None
