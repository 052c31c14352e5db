"""Recovery decisions as pure functions: (error, history, knowledge) -> action. No I/O here, so
every rule is unit-tested directly; healing/services.py applies the decisions."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from healing.models import CircuitBreaker, ErrorClass, RecoveryAction as A

BACKOFF_DELAYS = (1.0, 2.0, 4.0)  # retry with exponential backoff, then escalate
WAIT_DELAYS = (5.0, 10.0)  # wait and retry (maintenance), then escalate
RETRY_AFTER_MAX_TIMES = 5
RETRY_AFTER_CAP_S = 600.0
SESSION_REFRESH_MAX = 1  # re-login once; a second expiry in a row is escalated

# Errors that a retry can heal by design; the rest go to a person (after one cheap try where it helps).
RECOVERABLE = {ErrorClass.TIMEOUT, ErrorClass.NETWORK, ErrorClass.SERVER, ErrorClass.RATE_LIMIT,
               ErrorClass.MAINTENANCE, ErrorClass.SESSION_EXPIRED}

DEFAULT_ACTIONS: dict[str, tuple[str, ...]] = {
    ErrorClass.TIMEOUT: (A.RETRY_BACKOFF, A.FALLBACK_BROWSER, A.MANUAL_QUEUE),
    ErrorClass.NETWORK: (A.RETRY_BACKOFF, A.FALLBACK_BROWSER, A.MANUAL_QUEUE),
    ErrorClass.SERVER: (A.RETRY_BACKOFF, A.FALLBACK_BROWSER, A.MANUAL_QUEUE),
    ErrorClass.RATE_LIMIT: (A.HONOUR_RETRY_AFTER, A.RETRY_BACKOFF, A.MANUAL_QUEUE),
    ErrorClass.MAINTENANCE: (A.WAIT_RETRY, A.FALLBACK_BROWSER, A.MANUAL_QUEUE),
    ErrorClass.SESSION_EXPIRED: (A.REFRESH_SESSION, A.FALLBACK_API, A.MANUAL_QUEUE),
    ErrorClass.SELECTOR: (A.ALTERNATIVE_SELECTOR, A.FALLBACK_API, A.MANUAL_QUEUE),
    ErrorClass.CAPTCHA: (A.FALLBACK_API, A.MANUAL_QUEUE),
    ErrorClass.AUTH: (A.MANUAL_QUEUE,),
    ErrorClass.VALIDATION: (A.MANUAL_QUEUE,),
    ErrorClass.CONTRACT: (A.FALLBACK_BROWSER, A.MANUAL_QUEUE),
    ErrorClass.UNKNOWN: (A.RETRY_BACKOFF, A.MANUAL_QUEUE),
}

# Which error kinds of the client error tree map to which class (by class name, so this module
# needs no import of the clients).
KIND_TO_CLASS = {
    "Timeout": ErrorClass.TIMEOUT, "ReadTimeout": ErrorClass.TIMEOUT, "ConnectTimeout": ErrorClass.TIMEOUT,
    "Unavailable": ErrorClass.SERVER, "ConnectionError": ErrorClass.NETWORK, "NetworkError": ErrorClass.NETWORK,
    "RateLimited": ErrorClass.RATE_LIMIT, "AuthRejected": ErrorClass.AUTH, "Rejected": ErrorClass.VALIDATION,
    "Maintenance": ErrorClass.MAINTENANCE, "ContractChanged": ErrorClass.CONTRACT,
    "SelectorNotFound": ErrorClass.SELECTOR, "CaptchaRequired": ErrorClass.CAPTCHA,
    "SessionExpired": ErrorClass.SESSION_EXPIRED,
}


def error_classify(*, kind: str, http_status: int | None = None) -> str:
    """Class of an error from its kind (exception class name) and HTTP status."""
    if kind in KIND_TO_CLASS:
        return KIND_TO_CLASS[kind]
    if http_status in (429, 420):
        return ErrorClass.RATE_LIMIT
    if http_status in (401, 403):
        return ErrorClass.AUTH
    if http_status == 503:
        return ErrorClass.MAINTENANCE
    if http_status is not None and http_status >= 500:
        return ErrorClass.SERVER
    if http_status is not None and 400 <= http_status < 500:
        return ErrorClass.VALIDATION
    return ErrorClass.UNKNOWN


_VOLATILE = [
    (re.compile(r"https?://\S+"), "<url>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), "<uuid>"),
    (re.compile(r"\b[0-9a-f]{16,}\b", re.I), "<hex>"),
    (re.compile(r"(['\"]).*?\1"), "<str>"),
    (re.compile(r"\d+(\.\d+)?"), "<n>"),
    (re.compile(r"\s+"), " "),
]


def error_signature(*, marketplace: str, operation: str, error_class: str, message: str) -> str:
    """A stable signature: the same failure with other ids, numbers or quoted values matches."""
    text = message.lower()
    for pattern, repl in _VOLATILE:
        text = pattern.sub(repl, text)
    return f"{marketplace}:{operation}:{error_class}:{text.strip()[:160]}"


@dataclass(frozen=True)
class KnowledgeStats:
    action: str
    attempts: int
    successes: int
    demoted: bool = False


def knowledge_rank(*, error_class: str, stats: Iterable[KnowledgeStats]) -> list[str]:
    """Order actions for a signature: learned success rate first (Laplace-smoothed, so one lucky
    success does not outrank a long record), demoted actions last, defaults break ties in their
    designed order, and the manual queue always last."""
    defaults = list(DEFAULT_ACTIONS.get(error_class, DEFAULT_ACTIONS[ErrorClass.UNKNOWN]))
    by_action = {s.action: s for s in stats}
    candidates = list(dict.fromkeys(defaults + [a for a in by_action if a != A.MANUAL_QUEUE]))

    def score(action: str) -> tuple:
        s = by_action.get(action)
        rate = (s.successes + 1) / (s.attempts + 2) if s else 0.5
        return (action == A.MANUAL_QUEUE, bool(s and s.demoted), -rate,
                defaults.index(action) if action in defaults else len(defaults))

    return sorted(candidates, key=score)


def demotion_due(*, stats: KnowledgeStats, threshold: float = 0.3, min_attempts: int = 5) -> bool:
    """A periodic job demotes actions whose success rate fell below the threshold."""
    return (not stats.demoted and stats.attempts >= min_attempts
            and stats.successes / stats.attempts < threshold)


@dataclass(frozen=True)
class Decision:
    action: str
    delay_s: float = 0.0
    escalate: bool = False
    reason: str = ""


def recovery_decide(
    *,
    error_class: str,
    ranked_actions: Sequence[str],
    tried: Sequence[str],
    retry_after_s: float | None = None,
    capabilities: frozenset[str] = frozenset(),
) -> Decision:
    """Next step after a failure.

    `tried` lists the actions already applied to this operation, in order (one entry per
    retry). An action is used until its own schedule is exhausted, then the next ranked action
    that is possible (fallbacks need the capability `browser` / `api`: the other way in exists;
    an alternative selector needs `selectors`: the call ran in a browser); when none is left,
    escalate to the manual queue with a ticket.
    """
    for action in ranked_actions:
        if action == A.MANUAL_QUEUE:
            break
        if action == A.FALLBACK_BROWSER and "browser" not in capabilities:
            continue
        if action == A.FALLBACK_API and "api" not in capabilities:
            continue
        if action == A.ALTERNATIVE_SELECTOR and "selectors" not in capabilities:
            continue
        used = sum(1 for t in tried if t == action)
        delay = _schedule(action, used, retry_after_s)
        if delay is not None:
            return Decision(action=action, delay_s=delay, reason=f"{action} #{used + 1}")
    return Decision(action=A.MANUAL_QUEUE, escalate=True,
                    reason="no automatic recovery left" if error_class in RECOVERABLE
                    else "needs a person by design")


def fallback_decide(*, tried: Sequence[str], capabilities: frozenset[str] = frozenset()) -> Decision:
    """The way in used cannot do this at all (e.g. Uzum's API has no card create): the other way
    at once when the account has it and it was not tried yet, else a person."""
    for action, needs in ((A.FALLBACK_BROWSER, "browser"), (A.FALLBACK_API, "api")):
        if needs in capabilities and action not in tried:
            return Decision(action=action, delay_s=0.0, reason=f"{action}: this way cannot do it")
    return Decision(action=A.MANUAL_QUEUE, escalate=True, reason="not possible this way and no other way in")


def _schedule(action: str, used: int, retry_after_s: float | None) -> float | None:
    """Delay before the (used+1)-th use of an action, or None when its schedule is exhausted."""
    if action == A.RETRY_BACKOFF:
        return BACKOFF_DELAYS[used] if used < len(BACKOFF_DELAYS) else None
    if action == A.WAIT_RETRY:
        return WAIT_DELAYS[used] if used < len(WAIT_DELAYS) else None
    if action == A.HONOUR_RETRY_AFTER:
        if used >= RETRY_AFTER_MAX_TIMES:
            return None
        return min(max(retry_after_s or 1.0, 0.0), RETRY_AFTER_CAP_S)
    if action == A.REFRESH_SESSION:
        return 0.0 if used < SESSION_REFRESH_MAX else None
    return 0.0 if used == 0 else None  # fallbacks and alternative selectors: once each


@dataclass(frozen=True)
class BreakerConfig:
    failure_threshold: int = 5
    cooldown: timedelta = timedelta(seconds=30)


def breaker_allows(*, state: str, opened_at: datetime | None, now: datetime, config: BreakerConfig) -> bool:
    """Closed and half-open let calls through; open waits out its cool-down, then probes."""
    if state != CircuitBreaker.State.OPEN:
        return True
    return opened_at is None or now - opened_at >= config.cooldown


def breaker_next(*, state: str, failures: int, opened_at: datetime | None, success: bool, now: datetime,
                 config: BreakerConfig) -> tuple[str, int, datetime | None]:
    """(state, consecutive failures, opened_at) after one call's outcome."""
    S = CircuitBreaker.State
    if success:
        return S.CLOSED, 0, None
    failures += 1
    if state == S.HALF_OPEN or (state == S.OPEN and breaker_allows(state=state, opened_at=opened_at, now=now,
                                                                       config=config)):
        return S.OPEN, failures, now  # the probe failed: open again for a full cool-down
    if state == S.CLOSED and failures >= config.failure_threshold:
        return S.OPEN, failures, now
    return state, failures, opened_at
