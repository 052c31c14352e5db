"""Healing services: record failures, learn from recoveries, escalate, run circuit breakers."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.logging import redact
from healing import policies
from healing.models import CircuitBreaker, ErrorEvent, KnowledgeEntry, Notification, Ticket
from partners.services.audit import audit_record


def error_record(*, account: Any = None, partner: Any = None, operation: str, endpoint_group: str = "",
                 kind: str, message: str, http_status: int | None = None, attempt: int = 1,
                 job_id: str = "") -> ErrorEvent:
    """Record one failed attempt, classified and signed. The message is redacted first."""
    error_class = policies.error_classify(kind=kind, http_status=http_status)
    marketplace = getattr(account, "marketplace", "") or "bozor"
    clean = redact(message)[:2000]
    return ErrorEvent.objects.create(
        account=account, partner=partner or getattr(account, "partner", None), operation=operation,
        endpoint_group=endpoint_group, error_class=error_class, http_status=http_status, attempt=attempt,
        job_id=job_id, message=clean,
        signature=policies.error_signature(marketplace=marketplace, operation=operation,
                                           error_class=error_class, message=clean),
    )


def knowledge_ranked_actions(*, signature: str, error_class: str) -> list[str]:
    stats = [policies.KnowledgeStats(action=e.action, attempts=e.attempts, successes=e.successes, demoted=e.demoted)
             for e in KnowledgeEntry.objects.filter(signature=signature)]
    return policies.knowledge_rank(error_class=error_class, stats=stats)


def recovery_plan(*, event: ErrorEvent, tried: list[str], retry_after_s: float | None = None,
                  capabilities: frozenset[str] = frozenset()) -> policies.Decision:
    ranked = knowledge_ranked_actions(signature=event.signature, error_class=event.error_class)
    decision = policies.recovery_decide(error_class=event.error_class, ranked_actions=ranked, tried=tried,
                                        retry_after_s=retry_after_s, capabilities=capabilities)
    ErrorEvent.objects.filter(pk=event.pk).update(action_taken=decision.action)
    return decision


def fallback_plan(*, event: ErrorEvent, tried: list[str], capabilities: frozenset[str] = frozenset()
                  ) -> policies.Decision:
    """The way used cannot do the job at all: switch ways (see `policies.fallback_decide`)."""
    decision = policies.fallback_decide(tried=tried, capabilities=capabilities)
    ErrorEvent.objects.filter(pk=event.pk).update(action_taken=decision.action)
    return decision


@transaction.atomic
def knowledge_learn(*, signature: str, error_class: str, action: str, success: bool) -> KnowledgeEntry:
    """Count one use of an action for a signature; a success raises its rank next time."""
    entry, _ = KnowledgeEntry.objects.select_for_update().get_or_create(
        signature=signature, action=action, defaults={"error_class": error_class})
    KnowledgeEntry.objects.filter(pk=entry.pk).update(
        attempts=F("attempts") + 1, successes=F("successes") + (1 if success else 0))
    entry.refresh_from_db()
    return entry


def knowledge_demote_weak(*, threshold: float = 0.3, min_attempts: int = 5) -> dict[str, int]:
    """Periodic job body: demote actions whose success rate fell below the threshold, and restore
    demoted ones whose record has recovered above it."""
    entries = list(KnowledgeEntry.objects.filter(attempts__gte=min_attempts))
    demote = [e.pk for e in entries
              if policies.demotion_due(stats=policies.KnowledgeStats(e.action, e.attempts, e.successes, e.demoted),
                                       threshold=threshold, min_attempts=min_attempts)]
    restore = [e.pk for e in entries if e.demoted and e.success_rate >= threshold]
    return {"demoted": KnowledgeEntry.objects.filter(pk__in=demote).update(demoted=True),
            "restored": KnowledgeEntry.objects.filter(pk__in=restore).update(demoted=False)}


@transaction.atomic
def error_resolve(*, event: ErrorEvent, action: str, recovered: bool) -> None:
    ErrorEvent.objects.filter(pk=event.pk).update(resolved_at=timezone.now(), recovered=recovered,
                                                  action_taken=action)
    knowledge_learn(signature=event.signature, error_class=event.error_class, action=action, success=recovered)


def notification_send(*, user: Any, title: str, body: str = "", url: str = "",
                      level: str = Notification.Level.INFO) -> Notification:
    return Notification.objects.create(user=user, title=title[:200], body=body, url=url, level=level)


@transaction.atomic
def ticket_escalate(*, event: ErrorEvent, reason: str) -> Ticket:
    """Open (or bump) a ticket for an unhealed failure and alert staff in-app and by email."""
    ErrorEvent.objects.filter(pk=event.pk).update(resolved_at=timezone.now(), recovered=False,
                                                  action_taken=policies.A.MANUAL_QUEUE)
    open_ticket = (Ticket.objects.select_for_update()
                   .filter(signature=event.signature, partner=event.partner, status=Ticket.Status.OPEN).first())
    if open_ticket:
        Ticket.objects.filter(pk=open_ticket.pk).update(occurrences=F("occurrences") + 1)
        return open_ticket
    title = f"{event.get_error_class_display()}: {event.operation} for {event.partner or 'Bozor'}"
    ticket = Ticket.objects.create(partner=event.partner, error_event=event, signature=event.signature,
                                   title=title[:200], body=f"{reason}\n\n{event.message}")
    audit_record(action="ticket.opened", partner=event.partner, target=ticket, data={"reason": reason})
    staff = list(get_user_model().objects.filter(is_staff=True, is_active=True))
    url = f"/admin/healing/ticket/{ticket.pk}/change/"
    for user in staff:
        notification_send(user=user, title=title, body=reason, url=url, level=Notification.Level.ERROR)
    emails = [u.email for u in staff if u.email]
    if emails:
        transaction.on_commit(lambda: send_mail(f"[Bozor] {title}", f"{reason}\n\n{event.message}\n\n{url}",
                                                settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True))
    return ticket


def breaker_allow(*, account: Any, endpoint_group: str, config: policies.BreakerConfig | None = None) -> bool:
    """May a call go out now? An open breaker past its cool-down turns half-open and lets one probe."""
    config = config or policies.BreakerConfig()
    with transaction.atomic():
        breaker, _ = CircuitBreaker.objects.select_for_update().get_or_create(account=account,
                                                                              endpoint_group=endpoint_group)
        allowed = policies.breaker_allows(state=breaker.state, opened_at=breaker.opened_at, now=timezone.now(),
                                          config=config)
        if allowed and breaker.state == CircuitBreaker.State.OPEN:
            breaker.state = CircuitBreaker.State.HALF_OPEN
            breaker.save(update_fields=["state", "updated_at"])
        return allowed


def breaker_record(*, account: Any, endpoint_group: str, success: bool,
                   config: policies.BreakerConfig | None = None) -> CircuitBreaker:
    config = config or policies.BreakerConfig()
    with transaction.atomic():
        breaker, _ = CircuitBreaker.objects.select_for_update().get_or_create(account=account,
                                                                              endpoint_group=endpoint_group)
        state, failures, opened_at = policies.breaker_next(
            state=breaker.state, failures=breaker.consecutive_failures, opened_at=breaker.opened_at,
            success=success, now=timezone.now(), config=config)
        breaker.state, breaker.consecutive_failures, breaker.opened_at = state, failures, opened_at
        breaker.save(update_fields=["state", "consecutive_failures", "opened_at", "updated_at"])
        return breaker
