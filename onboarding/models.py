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
