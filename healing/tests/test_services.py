"""Healing services on the database: recording, learning, demotion job, escalation, breakers."""
from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from healing import services
from healing.models import CircuitBreaker, ErrorEvent, KnowledgeEntry, Notification, RecoveryAction as A, Ticket
from healing.tasks import knowledge_demote_task
from marketplaces.models import MarketplaceAccount


@pytest.fixture
def account(partner_a):
    return MarketplaceAccount.objects.create(partner=partner_a, marketplace="ozon",
                                             credentials={"client_id": "1", "api_key": "secret-key-777"})


def test_error_record_classifies_signs_and_redacts(account):
    event = services.error_record(account=account, operation="stocks_update", endpoint_group="stocks",
                                  kind="Unavailable", http_status=502,
                                  message="upstream 502 for Api-Key: secret-key-777 offer 'A1'")
    assert event.error_class == "server" and event.partner == account.partner
    assert "secret-key-777" not in event.message
    assert event.signature.startswith("ozon:stocks_update:server:")


def test_knowledge_learns_successful_action_rises_in_rank(account):
    event = services.error_record(account=account, operation="prices_update", kind="ReadTimeout",
                                  message="read timed out")
    assert services.knowledge_ranked_actions(signature=event.signature, error_class="timeout")[0] == A.RETRY_BACKOFF
    for _ in range(3):
        services.knowledge_learn(signature=event.signature, error_class="timeout", action=A.RETRY_BACKOFF,
                                 success=False)
        services.knowledge_learn(signature=event.signature, error_class="timeout", action=A.FALLBACK_BROWSER,
                                 success=True)
    ranked = services.knowledge_ranked_actions(signature=event.signature, error_class="timeout")
    assert ranked[0] == A.FALLBACK_BROWSER and ranked[1] == A.RETRY_BACKOFF
    entry = KnowledgeEntry.objects.get(signature=event.signature, action=A.FALLBACK_BROWSER)
    assert (entry.attempts, entry.successes) == (3, 3)


def test_periodic_job_demotes_failing_action_and_restores_recovered(account):
    sig = "ozon:stocks_update:server:x"
    for i in range(6):
        services.knowledge_learn(signature=sig, error_class="server", action=A.RETRY_BACKOFF, success=i == 0)
    assert knowledge_demote_task() == {"demoted": 1, "restored": 0}
    assert KnowledgeEntry.objects.get(signature=sig, action=A.RETRY_BACKOFF).demoted
    ranked = services.knowledge_ranked_actions(signature=sig, error_class="server")
    assert ranked.index(A.RETRY_BACKOFF) > ranked.index(A.FALLBACK_BROWSER)
    for _ in range(10):
        services.knowledge_learn(signature=sig, error_class="server", action=A.RETRY_BACKOFF, success=True)
    assert knowledge_demote_task() == {"demoted": 0, "restored": 1}


def test_resolve_records_recovery_and_learns(account):
    event = services.error_record(account=account, operation="orders_list", kind="Maintenance",
                                  http_status=503, message="maintenance")
    decision = services.recovery_plan(event=event, tried=[])
    assert (decision.action, decision.delay_s) == (A.WAIT_RETRY, 5.0)
    services.error_resolve(event=event, action=decision.action, recovered=True)
    event.refresh_from_db()
    assert event.recovered is True and event.resolved_at and event.action_taken == A.WAIT_RETRY
    assert KnowledgeEntry.objects.get(signature=event.signature, action=A.WAIT_RETRY).successes == 1


def test_escalation_opens_one_ticket_and_alerts_staff(account, staff_user, user_a, django_capture_on_commit_callbacks):
    events = [services.error_record(account=account, operation="stocks_update", kind="AuthRejected",
                                    http_status=401, message=f"token revoked for request {n}") for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.ticket_escalate(event=events[0], reason="needs a person by design")
    again = services.ticket_escalate(event=events[1], reason="needs a person by design")
    assert again.pk == ticket.pk and Ticket.objects.get(pk=ticket.pk).occurrences == 2
    assert Ticket.objects.count() == 1 and ticket.partner == account.partner
    note = Notification.objects.get(user=staff_user)
    assert note.level == "error" and str(ticket.pk) in note.url
    assert not Notification.objects.filter(user=user_a).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [staff_user.email]
    assert ErrorEvent.objects.get(pk=events[0].pk).recovered is False


def test_breaker_service_opens_pauses_and_probes(account):
    cfg = services.policies.BreakerConfig(failure_threshold=2, cooldown=timedelta(seconds=30))
    for _ in range(2):
        services.breaker_record(account=account, endpoint_group="stocks", success=False, config=cfg)
    assert CircuitBreaker.objects.get(account=account, endpoint_group="stocks").state == "open"
    assert not services.breaker_allow(account=account, endpoint_group="stocks", config=cfg)
    assert services.breaker_allow(account=account, endpoint_group="prices", config=cfg)  # per group
    later = timezone.now() + timedelta(seconds=31)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert services.breaker_allow(account=account, endpoint_group="stocks", config=cfg)
        assert CircuitBreaker.objects.get(account=account, endpoint_group="stocks").state == "half_open"
        services.breaker_record(account=account, endpoint_group="stocks", success=True, config=cfg)
    assert CircuitBreaker.objects.get(account=account, endpoint_group="stocks").state == "closed"


def test_schedules_upsert_is_idempotent_and_keeps_foreign_schedules(db):
    Schedule.objects.create(name="partner.5.orders_pull", func="x.y", schedule_type=Schedule.MINUTES, minutes=5)
    Schedule.objects.create(name="code:gone.job", func="x.z", schedule_type=Schedule.MINUTES, minutes=5)
    for _ in range(2):
        out = StringIO()
        call_command("schedules_upsert", stdout=out)
    names = set(Schedule.objects.values_list("name", flat=True))
    assert "code:healing.knowledge_demote" in names and "partner.5.orders_pull" in names
    assert "code:gone.job" not in names
    assert Schedule.objects.filter(name="code:healing.knowledge_demote").count() == 1
