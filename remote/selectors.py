"""Reads for remote help. Partner reads are tenant-scoped (another partner's session -> Http404);
admin reads require staff and, for the live console, the session's own admin."""
from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partners.models import Partner
from remote.errors import NotAllowed
from remote.models import RemoteSession, SessionEvent

# What a partner sees under "what was done": no DOM traffic, only meaningful events.
PARTNER_VISIBLE_KINDS = ("state", "action", "chat", "refused")


def session_summary(session: RemoteSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "partner": session.partner_id,
        "admin": str(session.admin.get_full_name() or session.admin.email),
        "reason": session.reason,
        "state": session.state,
        "state_label": str(session.get_state_display()),
        "level": session.level,
        "level_label": str(session.get_level_display()),
        "requested_level": session.requested_level,
        "minutes": session.minutes,
        "expires_at": session.expires_at.isoformat() if session.expires_at else None,
    }


def session_get_for_partner(*, partner: Partner, pk: int) -> RemoteSession:
    return get_object_or_404(RemoteSession.objects.select_related("admin"), partner=partner, pk=pk)


def session_list_for_partner(*, partner: Partner) -> QuerySet[RemoteSession]:
    return RemoteSession.objects.filter(partner=partner).select_related("admin")


def session_open_for_partner(*, partner: Partner) -> list[RemoteSession]:
    """Requested sessions and active ones still within their time."""
    now = timezone.now()
    return list(
        RemoteSession.objects.filter(partner=partner)
        .filter(Q(state=RemoteSession.State.REQUESTED) | Q(state=RemoteSession.State.ACTIVE, expires_at__gt=now))
        .select_related("admin").order_by("created_at")
    )


def session_get_for_admin(*, user: Any, pk: int) -> RemoteSession:
    """The live console: only the staff member who requested the session."""
    if not getattr(user, "is_staff", False):
        raise NotAllowed()
    session = get_object_or_404(RemoteSession.objects.select_related("admin", "partner"), pk=pk)
    if session.admin_id != user.pk:
        raise NotAllowed()
    return session


def session_get_for_staff(*, user: Any, pk: int) -> RemoteSession:
    """Replay and the session list: any staff member."""
    if not getattr(user, "is_staff", False):
        raise NotAllowed()
    return get_object_or_404(RemoteSession.objects.select_related("admin", "partner"), pk=pk)


def event_list(*, session: RemoteSession, kinds: tuple[str, ...] | None = None) -> QuerySet[SessionEvent]:
    qs = SessionEvent.objects.filter(session=session).order_by("id")
    return qs.filter(kind__in=kinds) if kinds else qs


def event_list_for_partner(*, session: RemoteSession) -> QuerySet[SessionEvent]:
    return event_list(session=session, kinds=PARTNER_VISIBLE_KINDS)


def event_catch_up(*, session: RemoteSession, limit: int = 2000) -> list[dict[str, Any]]:
    """The latest snapshot and everything after it, so a console that joins late sees the page."""
    last = SessionEvent.objects.filter(session=session, kind="snapshot").order_by("-id").first()
    qs = SessionEvent.objects.filter(session=session, id__gte=last.id) if last else SessionEvent.objects.none()
    return [event_payload(e) for e in qs.order_by("id")[:limit]]


def event_payload(event: SessionEvent) -> dict[str, Any]:
    return {"type": "event", "event": event.pk, "session": event.session_id, "side": event.side,
            "kind": event.kind, "at": event.at.isoformat(), "data": event.data}


def event_replay(*, session: RemoteSession) -> list[dict[str, Any]]:
    """All events in recorded order with their offset from the first one, in milliseconds."""
    events = list(event_list(session=session))
    start = events[0].at if events else None
    return [{**event_payload(e), "t": int((e.at - start).total_seconds() * 1000)} for e in events]
