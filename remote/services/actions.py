"""action_run: an admin acts for the partner, under the partner's scope and the session's level."""
from __future__ import annotations

from typing import Any

from django.db import transaction

from partners.models import User
from partners.services.audit import audit_record
from remote.actions import action_get
from remote.errors import LevelTooLow, NotAllowed, RemoteError
from remote.masking import mask_event
from remote.models import RemoteSession, SessionEvent
from remote.notifier import push_partner, push_session
from remote.services.sessions import session_live_check


def _refused(session: RemoteSession, actor: User, name: str, error: RemoteError) -> None:
    with transaction.atomic():
        data = {"name": name, "reason": str(error.message), "code": error.close_code}
        SessionEvent.objects.create(session=session, side=SessionEvent.Side.ADMIN, kind="refused", data=data)
        audit_record(action="remote.action.refused", actor=actor, partner=session.partner, target=session, data=data)


def action_run(*, session_id: int, actor: User, name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check the session is live, that `actor` is its admin and that its level allows the action;
    run it, record it, audit it and show it to the partner. Refusals are recorded too."""
    params = dict(params or {})
    session = session_live_check(session_id=session_id)
    if actor.pk != session.admin_id:
        raise NotAllowed()
    action = action_get(name)
    if not session.allows(action.level):
        error = LevelTooLow()
        _refused(session, actor, name, error)
        raise error
    with transaction.atomic():
        result = action.run(session=session, actor=actor, params=params)
        recorded = {k: ("(not recorded)" if k in action.unrecorded else v) for k, v in params.items()}
        data = mask_event("action", {"name": name, "params": recorded, "result": result})
        event = SessionEvent.objects.create(session=session, side=SessionEvent.Side.ADMIN, kind="action", data=data)
        audit_record(action="remote.action.run", actor=actor, partner=session.partner, target=session,
                     data={"name": name, "summary": result.get("summary", "")})
        message = {"type": "action", "session": session.pk, "event": event.pk, "name": name,
                   "summary": result.get("summary", ""), "result": data["result"]}
        push_partner(session.partner_id, message)
        push_session(session.pk, message)
    return result
