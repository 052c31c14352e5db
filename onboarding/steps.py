"""The nine onboarding steps, in order, with the minutes a partner typically spends on each."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    minutes: int


STEPS: tuple[Step, ...] = (
    Step(1, "business", _("Business info"), 3),
    Step(2, "marketplaces", _("Marketplaces"), 2),
    Step(3, "credentials", _("Credentials"), 6),
    Step(4, "connection", _("Connection test"), 2),
    Step(5, "ai", _("AI settings"), 2),
    Step(6, "warehouse", _("Warehouse"), 3),
    Step(7, "test-run", _("Test run"), 3),
    Step(8, "training", _("Training"), 5),
    Step(9, "go-live", _("Go live"), 1),
)
BY_SLUG = {s.slug: s for s in STEPS}
BY_NUMBER = {s.number: s for s in STEPS}
TOTAL = len(STEPS)


def minutes_left(*, from_step: int) -> int:
    return sum(s.minutes for s in STEPS if s.number >= from_step)
