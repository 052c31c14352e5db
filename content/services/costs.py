"""Prices, the AI call log, and the monthly budget: one alert per threshold crossing (in-app and
email) and a hard stop at the limit."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import AICall, AISettings, BudgetAlert, ContentDraft, ModelPrice
from content.providers.base import Usage
from partners.models import Partner, User

logger = logging.getLogger(__name__)
THOUSAND = Decimal(1000)


class BudgetExhausted(Exception):
    """The partner's monthly AI budget is used up; work waits. str() is the message to show."""


def ai_settings_for(*, partner: Partner) -> AISettings:
    settings_row, _ = AISettings.objects.get_or_create(partner=partner)
    return settings_row


def month_start(now=None) -> date:
    local = timezone.localtime(now or timezone.now())
    return local.date().replace(day=1)


def call_cost(*, model: str, usage: Usage) -> Decimal:
    price = ModelPrice.objects.filter(model=model).first()
    if price is None:
        logger.warning("No price row for AI model %s; recording cost 0. Add it in admin.", model)
        return Decimal(0)
    cost = (price.input_per_1k * usage.input_tokens + price.output_per_1k * usage.output_tokens) / THOUSAND
    return (cost + price.per_image * usage.images).quantize(Decimal("0.000001"))


def month_spend(*, partner: Partner, now=None) -> Decimal:
    start = month_start(now)
    total = AICall.objects.filter(partner=partner, created_at__date__gte=start).aggregate(s=Sum("cost"))["s"]
    return total or Decimal(0)


@dataclass(frozen=True)
class BudgetState:
    budget: Decimal
    spent: Decimal
    threshold_pct: int
    month: date

    @property
    def pct(self) -> int:
        return int(self.spent * 100 / self.budget) if self.budget else 100

    @property
    def alert(self) -> bool:
        return self.pct >= self.threshold_pct

    @property
    def exhausted(self) -> bool:
        return self.spent >= self.budget

    @property
    def message(self) -> str:
        if self.exhausted:
            return _("The monthly AI budget is used up: $%(spent)s of $%(budget)s spent. New AI work waits in the "
                     "queue and nothing is published automatically until you raise the budget in AI settings or "
                     "the month ends.") % {"spent": f"{self.spent:.2f}", "budget": f"{self.budget:.2f}"}
        if self.alert:
            return _("%(pct)d%% of the monthly AI budget is spent ($%(spent)s of $%(budget)s).") % {
                "pct": self.pct, "spent": f"{self.spent:.2f}", "budget": f"{self.budget:.2f}"}
        return ""


def budget_state(*, partner: Partner) -> BudgetState:
    ai = ai_settings_for(partner=partner)
    return BudgetState(budget=ai.monthly_budget, spent=month_spend(partner=partner),
                       threshold_pct=ai.alert_threshold_pct, month=month_start())


def budget_guard(*, partner: Partner) -> BudgetState:
    state = budget_state(partner=partner)
    if state.exhausted:
        raise BudgetExhausted(state.message)
    return state


def ai_call_record(*, partner: Partner, purpose: str, provider: str, model: str, usage: Usage, ok: bool = True,
                   error_code: str = "", duration_ms: int = 0, draft: ContentDraft | None = None) -> AICall:
    call = AICall.objects.create(
        partner=partner, purpose=purpose, provider=provider, model=model, input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens, images=usage.images, cost=call_cost(model=model, usage=usage), ok=ok,
        error_code=error_code, duration_ms=duration_ms, draft=draft)
    if call.cost:
        budget_alerts_check(partner=partner)
    return call


def budget_alerts_check(*, partner: Partner) -> list[BudgetAlert]:
    """Raise each alert kind at most once per month; the unique constraint settles races."""
    state = budget_state(partner=partner)
    created = []
    for kind, reached in ((BudgetAlert.Kind.THRESHOLD, state.alert), (BudgetAlert.Kind.LIMIT, state.exhausted)):
        if not reached or BudgetAlert.objects.filter(partner=partner, month=state.month, kind=kind).exists():
            continue
        try:
            with transaction.atomic():
                alert = BudgetAlert.objects.create(partner=partner, month=state.month, kind=kind, spent=state.spent)
        except IntegrityError:
            continue  # another worker alerted first
        _alert_send(partner=partner, alert=alert, state=state)
        created.append(alert)
    return created


def _alert_send(*, partner: Partner, alert: BudgetAlert, state: BudgetState) -> None:
    from healing.services import notification_send  # the project's one in-app notification model

    title = (_("AI budget used up") if alert.kind == BudgetAlert.Kind.LIMIT
             else _("AI budget: %(pct)d%% spent") % {"pct": state.pct})
    users = list(User.objects.filter(partner=partner, is_active=True))
    for user in users:
        notification_send(user=user, title=title, body=state.message, url="/content/spend/",
                          level="error" if alert.kind == BudgetAlert.Kind.LIMIT else "warning")
    emails = [u.email for u in users if u.email]
    if emails:
        transaction.on_commit(lambda: send_mail(f"Bozor: {title}", state.message, settings.DEFAULT_FROM_EMAIL,
                                                emails, fail_silently=True))
