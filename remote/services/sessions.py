"""Session lifecycle: requested -> active -> ended / expired / denied / cancelled.
Every state change is recorded as a session event, written to the audit log and pushed to the
partner's pages and the admin's console after commit."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partner, User
from partners.services.audit import audit_record
from remote.errors import InvalidInput, NotAllowed, SessionExpired, SessionNotActive
from remote.models import LEVEL_RANK, RemoteSession, SessionEvent
from remote.notifier import push_partner, push_session
from remote.selectors import session_summary

State = RemoteSession.State


def max_minutes() -> int:
    return int(getattr(settings, "REMOTE_MAX_MINUTES", 120))


def _side(session: RemoteSession, user: Any) -> str:
    if user is None:
        return SessionEvent.Side.SYSTEM
    return SessionEvent.Side.ADMIN if user.pk == session.admin_id else SessionEvent.Side.PARTNER


def _changed(session: RemoteSession, *, actor: Any, data: dict[str, Any] | None = None) -> None:
    """Record, audit and push one state change (inside the caller's transaction)."""
    payload = {"state": session.state, "level": session.level, **(data or {})}
    SessionEvent.objects.create(session=session, side=_side(session, actor), kind="state", data=payload)
    audit_record(action=f"remote.session.{session.state}", actor=actor, partner=session.partner, target=session,
                 data=payload)
    message = {"type": "session", "session": session_summary(session)}
    push_partner(session.partner_id, message)
    push_session(session.pk, message)


def _locked(session: RemoteSession) -> RemoteSession:
    return RemoteSession.objects.select_for_update().select_related("admin", "partner").get(pk=session.pk)


@transaction.atomic
def session_request(*, admin: User, partner: Partner, reason: str, level: str = "view",
                    minutes: int | None = None) -> RemoteSession:
    if not admin.is_staff:
        raise NotAllowed(_("Only Bozor staff can request remote access."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the partner a reason for the request."))
    if level not in LEVEL_RANK:
        raise InvalidInput(_("Choose a permission level: view, edit or execute."))
    minutes = int(minutes or getattr(settings, "REMOTE_DEFAULT_MINUTES", 30))
    if not 1 <= minutes <= max_minutes():
        raise InvalidInput(_("The duration must be between 1 and %(max)s minutes.") % {"max": max_minutes()})
    session = RemoteSession.objects.create(partner=partner, admin=admin, reason=reason[:500], level=level,
                                           requested_level=level, minutes=minutes)
    _changed(session, actor=admin, data={"reason": session.reason, "minutes": minutes})
    return session


def _partner_owner_check(session: RemoteSession, user: Any) -> None:
    if getattr(user, "partner_id", None) != session.partner_id or user.role != User.Role.OWNER:
        raise NotAllowed(_("Only the partner's owner can answer a remote access request."))


@transaction.atomic
def session_approve(*, session: RemoteSession, user: User, level: str | None = None) -> RemoteSession:
    session = _locked(session)
    _partner_owner_check(session, user)
    if session.state != State.REQUESTED:
        raise SessionNotActive(_("This request was already answered or withdrawn."))
    level = level or session.requested_level
    if level not in LEVEL_RANK or LEVEL_RANK[level] > LEVEL_RANK[session.requested_level]:
        raise InvalidInput(_("You can approve the requested level or a lower one, not a higher one."))
    now = timezone.now()
    session.state, session.level, session.approved_at, session.approved_by = State.ACTIVE, level, now, user
    session.expires_at = now + timedelta(minutes=session.minutes)
    session.save(update_fields=["state", "level", "approved_at", "approved_by", "expires_at"])
    _changed(session, actor=user)
    return session


@transaction.atomic
def session_deny(*, session: RemoteSession, user: User) -> RemoteSession:
    session = _locked(session)
    _partner_owner_check(session, user)
    if session.state != State.REQUESTED:
        raise SessionNotActive(_("This request was already answered or withdrawn."))
    return _close(session, state=State.DENIED, actor=user)


@transaction.atomic
def session_cancel(*, session: RemoteSession, admin: User) -> RemoteSession:
    session = _locked(session)
    if admin.pk != session.admin_id:
        raise NotAllowed(_("Only the admin who requested the session can cancel it."))
    if session.state != State.REQUESTED:
        raise SessionNotActive(_("Only a pending request can be cancelled; end an active session instead."))
    return _close(session, state=State.CANCELLED, actor=admin)


@transaction.atomic
def session_end(*, session: RemoteSession, user: User) -> RemoteSession:
    """Either side ends an active session at once."""
    session = _locked(session)
    if user.pk != session.admin_id and getattr(user, "partner_id", None) != session.partner_id:
        raise NotAllowed()
    if session.state != State.ACTIVE:
        raise SessionNotActive()
    if not session.is_live:
        return _close(session, state=State.EXPIRED, actor=None)
    return _close(session, state=State.ENDED, actor=user)


def _close(session: RemoteSession, *, state: str, actor: Any) -> RemoteSession:
    session.state, session.closed_at, session.closed_by = state, timezone.now(), actor
    session.save(update_fields=["state", "closed_at", "closed_by"])
    _changed(session, actor=actor)
    return session


@transaction.atomic
def session_expire(*, session_id: int) -> bool:
    """Expire one session if it is due (the consumers' timers call this at expires_at)."""
    session = RemoteSession.objects.select_for_update().select_related("admin", "partner").filter(
        pk=session_id).first()
    if session is None or session.state != State.ACTIVE or session.is_live:
        return False
    _close(session, state=State.EXPIRED, actor=None)
    return True


def session_expire_due(*, now: datetime | None = None) -> list[int]:
    """Expire active sessions past their time and requests nobody answered in time
    (REMOTE_REQUEST_TTL_MINUTES). Safe to run often (tasks.py)."""
    now = now or timezone.now()
    ttl = timedelta(minutes=int(getattr(settings, "REMOTE_REQUEST_TTL_MINUTES", 15)))
    due = list(RemoteSession.objects.filter(state=State.ACTIVE, expires_at__lte=now).values_list("pk", flat=True))
    stale = list(RemoteSession.objects.filter(state=State.REQUESTED, created_at__lte=now - ttl)
                 .values_list("pk", flat=True))
    done = [pk for pk in due if session_expire(session_id=pk)]
    for pk in stale:
        with transaction.atomic():
            session = RemoteSession.objects.select_for_update().select_related("admin", "partner").get(pk=pk)
            if session.state == State.REQUESTED:
                _close(session, state=State.EXPIRED, actor=None)
                done.append(pk)
    return done


def session_live_check(*, session_id: int, partner_id: int | None = None) -> RemoteSession:
    """Raise unless the session is active and within its time; expire it on the spot if due.
    Called on every message, so the server's clock, not the browser, ends a session."""
    session = RemoteSession.objects.select_related("admin", "partner").filter(pk=session_id).first()
    if session is None or (partner_id is not None and session.partner_id != partner_id):
        raise NotAllowed()
    if session.state == State.EXPIRED:
        raise SessionExpired()
    if session.state != State.ACTIVE:
        raise SessionNotActive()
    if not session.is_live:
        session_expire(session_id=session.pk)
        raise SessionExpired()
    return session
