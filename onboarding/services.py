"""Onboarding writes. Each step's answers are saved when the step is completed, so a partner can
leave at any point and resume where it was with everything kept."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from onboarding.models import OnboardingState
from onboarding.steps import TOTAL
from partners.models import Partner
from partners.services.audit import audit_record


def onboarding_state_get(*, partner: Partner) -> OnboardingState:
    state, _ = OnboardingState.objects.get_or_create(partner=partner,
                                                     defaults={"step_started_at": timezone.now()})
    return state


def step_enter(*, state: OnboardingState, number: int) -> None:
    """Start the clock for a step when the partner opens it (time spent is measured per step)."""
    OnboardingState.objects.filter(pk=state.pk).update(step_started_at=timezone.now())


@transaction.atomic
def step_complete(*, state: OnboardingState, number: int, answers: dict[str, Any] | None = None,
                  actor: Any = None) -> OnboardingState:
    state = OnboardingState.objects.select_for_update().get(pk=state.pk)
    now = timezone.now()
    if state.step_started_at:
        spent = (now - state.step_started_at).total_seconds()
        state.step_seconds[str(number)] = round(state.step_seconds.get(str(number), 0) + spent, 1)
    if number not in state.completed_steps:
        state.completed_steps = sorted({*state.completed_steps, number})
    if answers:
        state.answers = {**state.answers, **answers}
    state.current_step = max(state.current_step, min(number + 1, TOTAL))
    state.step_started_at = now
    if state.last_error_step == number:
        state.last_error, state.last_error_step = "", None
    state.save()
    audit_record(action="onboarding.step_completed", actor=actor, partner=state.partner, target=state.partner,
                 data={"step": number})
    return state


def step_error_record(*, state: OnboardingState, number: int, message: str) -> None:
    """Remember the last error a partner hit, so staff can see where partners get stuck."""
    OnboardingState.objects.filter(pk=state.pk).update(last_error=message[:1000], last_error_step=number)


@transaction.atomic
def business_info_save(*, partner: Partner, data: dict[str, Any], actor: Any = None) -> Partner:
    fields = ("legal_name", "inn", "address", "phone", "email")
    for name in fields:
        setattr(partner, name, data[name])
    partner.full_clean()
    partner.save(update_fields=[*fields, "updated_at"])
    audit_record(action="partner.business_info_saved", actor=actor, partner=partner, target=partner)
    return partner
