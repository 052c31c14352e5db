"""One loop for every AI job: budget check, call, cost record, validate, one retry with the
validator's messages, then a person. Provider errors become a clear message on the draft."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import AISettings, ContentDraft
from content.providers.base import AIAuthFailed, AIBadOutput, AIError, AIProvider, AIRateLimited, AITimeout, Usage
from content.services.costs import BudgetExhausted, ai_call_record, budget_guard, budget_state

MAX_ATTEMPTS = 2  # the first answer, then one retry told what to fix


def error_message(exc: AIError) -> str:
    if isinstance(exc, AIAuthFailed):
        return _("The AI provider rejected our API key. Bozor staff have to check OPENAI_API_KEY; "
                 "try again once it is fixed.")
    if isinstance(exc, AIRateLimited):
        return _("The AI provider is busy (rate limited). Try again in a minute.")
    if isinstance(exc, AITimeout):
        return _("The AI provider did not answer in time. Try again; if it keeps happening, contact support.")
    return _("The AI provider is unavailable right now. Try again later.")


def attempts_run(*, draft: ContentDraft, provider: AIProvider, purpose: str,
                 build: Callable[[tuple[str, ...]], Any], invoke: Callable[[Any], Any],
                 check: Callable[[Any], list[str]]) -> tuple[Any, list[str]]:
    """Returns (result, problems). Raises BudgetExhausted before a call, AIError on provider failure
    (after recording the failed call)."""
    fix: tuple[str, ...] = ()
    result, problems = None, []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        budget_guard(partner=draft.partner)
        started = time.monotonic()
        try:
            result = invoke(build(fix))
        except AIBadOutput as exc:
            _record(draft, provider, purpose, getattr(exc, "usage", Usage()), started, ok=False, code=exc.code)
            draft.attempts = attempt
            result, problems = None, [_("The AI answer was not in the expected format: %(e)s") % {"e": exc}]
            fix = tuple(problems)
            continue
        except AIError as exc:
            _record(draft, provider, purpose, Usage(), started, ok=False, code=exc.code)
            raise
        _record(draft, provider, purpose, result.usage, started, model=result.model)
        draft.attempts = attempt
        problems = check(result)
        if not problems:
            return result, []
        fix = tuple(problems)
    return result, problems


def _record(draft, provider, purpose, usage, started, *, ok=True, code="", model=None) -> None:
    call = ai_call_record(partner=draft.partner, purpose=purpose, provider=provider.name,
                          model=model or provider.text_model, usage=usage, ok=ok, error_code=code,
                          duration_ms=int((time.monotonic() - started) * 1000), draft=draft)
    draft.cost += call.cost


def outcome_apply(*, draft: ContentDraft, problems: list[str], level: str, payload: dict) -> bool:
    """Set the draft's status from the validator and automation level. True = approve it now."""
    draft.payload, draft.problems = payload, problems
    if problems:
        draft.status = ContentDraft.Status.NEEDS_HUMAN
        draft.message = _("The AI output broke marketplace rules twice; a person has to fix it.")
        return False
    if level == AISettings.Level.MINIMAL:
        draft.status = ContentDraft.Status.SUGGESTED
        return False
    draft.status = ContentDraft.Status.DRAFT
    if level == AISettings.Level.MAXIMUM:
        state = budget_state(partner=draft.partner)
        if state.exhausted:  # this very call used the last of the budget: publish nothing
            draft.message = state.message
            return False
        return True
    return False


def failure_apply(*, draft: ContentDraft, exc: Exception) -> None:
    if isinstance(exc, BudgetExhausted):
        draft.status, draft.message = ContentDraft.Status.WAITING_BUDGET, str(exc)
    else:
        draft.status, draft.message = ContentDraft.Status.FAILED, error_message(exc)
    draft.updated_at = timezone.now()
