"""Pure recovery decisions: schedules, ranking, demotion, breakers."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from healing import policies
from healing.models import CircuitBreaker, ErrorClass, RecoveryAction as A

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


def decide_sequence(error_class, *, retry_after=None, capabilities=frozenset(), stats=()):
    ranked = policies.knowledge_rank(error_class=error_class, stats=stats)
    tried, steps = [], []
    while True:
        d = policies.recovery_decide(error_class=error_class, ranked_actions=ranked, tried=tried,
                                     retry_after_s=retry_after, capabilities=capabilities)
        steps.append((d.action, d.delay_s))
        if d.escalate:
            return steps
        tried.append(d.action)
        assert len(steps) < 50


def test_timeout_backs_off_1_2_4_then_escalates():
    assert decide_sequence(ErrorClass.TIMEOUT) == [
        (A.RETRY_BACKOFF, 1.0), (A.RETRY_BACKOFF, 2.0), (A.RETRY_BACKOFF, 4.0), (A.MANUAL_QUEUE, 0.0)]


def test_timeout_falls_back_to_browser_when_the_portal_can_do_it():
    steps = decide_sequence(ErrorClass.TIMEOUT, capabilities=frozenset({"browser"}))
    assert steps[3] == (A.FALLBACK_BROWSER, 0.0) and steps[-1][0] == A.MANUAL_QUEUE


def test_rate_limit_honours_retry_after_and_caps_it():
    steps = decide_sequence(ErrorClass.RATE_LIMIT, retry_after=7.5)
    assert steps[:5] == [(A.HONOUR_RETRY_AFTER, 7.5)] * 5
    assert steps[5:8] == [(A.RETRY_BACKOFF, 1.0), (A.RETRY_BACKOFF, 2.0), (A.RETRY_BACKOFF, 4.0)]
    assert decide_sequence(ErrorClass.RATE_LIMIT, retry_after=10_000)[0] == (A.HONOUR_RETRY_AFTER, 600.0)


def test_maintenance_waits_5_then_10_seconds():
    assert decide_sequence(ErrorClass.MAINTENANCE)[:3] == [
        (A.WAIT_RETRY, 5.0), (A.WAIT_RETRY, 10.0), (A.MANUAL_QUEUE, 0.0)]


def test_expired_session_relogs_once_then_api_fallback():
    steps = decide_sequence(ErrorClass.SESSION_EXPIRED, capabilities=frozenset({"api"}))
    assert steps == [(A.REFRESH_SESSION, 0.0), (A.FALLBACK_API, 0.0), (A.MANUAL_QUEUE, 0.0)]


def test_alternative_selector_only_inside_a_browser_then_the_api():
    assert decide_sequence(ErrorClass.SELECTOR) == [(A.MANUAL_QUEUE, 0.0)]  # an API call has no selectors
    steps = decide_sequence(ErrorClass.SELECTOR, capabilities=frozenset({"selectors", "api"}))
    assert steps == [(A.ALTERNATIVE_SELECTOR, 0.0), (A.FALLBACK_API, 0.0), (A.MANUAL_QUEUE, 0.0)]


def test_a_way_that_cannot_do_it_switches_once_then_a_person():
    first = policies.fallback_decide(tried=[], capabilities=frozenset({"browser"}))
    assert (first.action, first.delay_s, first.escalate) == (A.FALLBACK_BROWSER, 0.0, False)
    again = policies.fallback_decide(tried=[A.FALLBACK_BROWSER], capabilities=frozenset({"browser"}))
    assert again.escalate and again.action == A.MANUAL_QUEUE
    assert policies.fallback_decide(tried=[], capabilities=frozenset({"selectors"})).escalate
    assert policies.fallback_decide(tried=[], capabilities=frozenset({"api"})).action == A.FALLBACK_API


@pytest.mark.parametrize("error_class", [ErrorClass.AUTH, ErrorClass.VALIDATION])
def test_user_fixable_errors_go_straight_to_a_person(error_class):
    d = policies.recovery_decide(error_class=error_class,
                                 ranked_actions=policies.knowledge_rank(error_class=error_class, stats=[]), tried=[])
    assert d.escalate and d.action == A.MANUAL_QUEUE and d.reason == "needs a person by design"


def test_learned_success_outranks_default_and_demoted_sinks():
    stats = [policies.KnowledgeStats(A.FALLBACK_BROWSER, attempts=10, successes=9),
             policies.KnowledgeStats(A.RETRY_BACKOFF, attempts=10, successes=1)]
    assert policies.knowledge_rank(error_class=ErrorClass.TIMEOUT, stats=stats)[:2] == [
        A.FALLBACK_BROWSER, A.RETRY_BACKOFF]
    demoted = [policies.KnowledgeStats(A.RETRY_BACKOFF, attempts=10, successes=9, demoted=True)]
    ranked = policies.knowledge_rank(error_class=ErrorClass.TIMEOUT, stats=demoted)
    assert ranked.index(A.RETRY_BACKOFF) > ranked.index(A.FALLBACK_BROWSER)
    assert ranked[-1] == A.MANUAL_QUEUE


def test_one_lucky_success_does_not_beat_a_long_record():
    stats = [policies.KnowledgeStats(A.FALLBACK_BROWSER, attempts=1, successes=1),
             policies.KnowledgeStats(A.RETRY_BACKOFF, attempts=100, successes=95)]
    assert policies.knowledge_rank(error_class=ErrorClass.TIMEOUT, stats=stats)[0] == A.RETRY_BACKOFF


@pytest.mark.parametrize("attempts, successes, due", [(4, 0, False), (5, 1, True), (10, 3, False), (10, 2, True)])
def test_demotion_threshold(attempts, successes, due):
    stats = policies.KnowledgeStats(A.RETRY_BACKOFF, attempts, successes)
    assert policies.demotion_due(stats=stats, threshold=0.3, min_attempts=5) is due


@pytest.mark.parametrize("kind, status, expected", [
    ("RateLimited", 420, ErrorClass.RATE_LIMIT), ("Whatever", 420, ErrorClass.RATE_LIMIT),
    ("Whatever", 429, ErrorClass.RATE_LIMIT), ("AuthRejected", 401, ErrorClass.AUTH),
    ("Whatever", 503, ErrorClass.MAINTENANCE), ("Whatever", 502, ErrorClass.SERVER),
    ("ReadTimeout", None, ErrorClass.TIMEOUT), ("CaptchaRequired", None, ErrorClass.CAPTCHA),
    ("SelectorNotFound", None, ErrorClass.SELECTOR), ("Whatever", None, ErrorClass.UNKNOWN),
])
def test_classification(kind, status, expected):
    assert policies.error_classify(kind=kind, http_status=status) == expected


def test_signature_ignores_ids_numbers_and_quoted_values():
    a = policies.error_signature(marketplace="ozon", operation="stocks_update", error_class="validation",
                                 message="Offer 'ABC-1' not found for product 123456 at https://x/y?id=9")
    b = policies.error_signature(marketplace="ozon", operation="stocks_update", error_class="validation",
                                 message="Offer 'Z-99'  not found for product 7 at https://a/b")
    c = policies.error_signature(marketplace="wildberries", operation="stocks_update", error_class="validation",
                                 message="Offer 'Z-99' not found for product 7")
    assert a == b != c
    assert a.startswith("ozon:stocks_update:validation:")


def test_breaker_opens_after_threshold_then_probes_after_cooldown():
    cfg = policies.BreakerConfig(failure_threshold=3, cooldown=timedelta(seconds=30))
    S = CircuitBreaker.State
    state, failures, opened = S.CLOSED, 0, None
    for _ in range(3):
        state, failures, opened = policies.breaker_next(state=state, failures=failures, opened_at=opened,
                                                        success=False, now=NOW, config=cfg)
    assert state == S.OPEN and opened == NOW
    assert not policies.breaker_allows(state=state, opened_at=opened, now=NOW + timedelta(seconds=29), config=cfg)
    assert policies.breaker_allows(state=state, opened_at=opened, now=NOW + timedelta(seconds=30), config=cfg)
    later = NOW + timedelta(seconds=31)
    state2, _, opened2 = policies.breaker_next(state=S.HALF_OPEN, failures=failures, opened_at=opened,
                                               success=False, now=later, config=cfg)
    assert state2 == S.OPEN and opened2 == later
    assert policies.breaker_next(state=S.HALF_OPEN, failures=4, opened_at=opened, success=True, now=later,
                                 config=cfg) == (S.CLOSED, 0, None)
