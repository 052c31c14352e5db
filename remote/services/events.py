"""Recording: mirror events from the partner's browser, and chat from either side."""
from __future__ import annotations

import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import User
from remote.errors import InvalidInput, NotAllowed, SessionNotActive
from remote.masking import Masker, mask_event
from remote.models import RemoteSession, SessionEvent
from remote.notifier import push_partner, push_session
from remote.selectors import event_payload
from remote.services.sessions import session_live_check

MIRROR_KINDS = {"snapshot", "mutation", "input", "cursor", "click", "scroll"}
MAX_EVENT_BYTES = 2_000_000


def event_record(*, session_id: int, partner_id: int, kind: str, data: dict[str, Any],
                 masker: Masker | None = None) -> SessionEvent:
    """Store one mirror event from the partner's page (masked again here) and push it to the console.
    Refuses unless the session belongs to this partner and is live right now."""
    if kind not in MIRROR_KINDS or not isinstance(data, dict):
        raise InvalidInput(_("Unknown event."))
    if len(json.dumps(data)) > MAX_EVENT_BYTES:
        raise InvalidInput(_("The page is too large to mirror."))
    # Hot path (every mirror event): one cheap EXISTS; the full check only to say why it failed.
    live = RemoteSession.objects.filter(pk=session_id, partner_id=partner_id, state=RemoteSession.State.ACTIVE,
                                        expires_at__gt=timezone.now()).exists()
    if not live:
        session_live_check(session_id=session_id, partner_id=partner_id)
        raise SessionNotActive()
    event = SessionEvent.objects.create(session_id=session_id, side=SessionEvent.Side.PARTNER, kind=kind,
                                        data=mask_event(kind, data, masker))
    push_session(session_id, event_payload(event))
    return event


def chat_post(*, session_id: int, user: User, text: str) -> SessionEvent:
    text = (text or "").strip()
    if not text or len(text) > 2000:
        raise InvalidInput(_("Write a message of up to 2000 characters."))
    session = session_live_check(session_id=session_id)
    if user.pk == session.admin_id:
        side = SessionEvent.Side.ADMIN
    elif getattr(user, "partner_id", None) == session.partner_id:
        side = SessionEvent.Side.PARTNER
    else:
        raise NotAllowed()
    event = SessionEvent.objects.create(session=session, side=side, kind="chat",
                                        data=mask_event("chat", {"text": text, "from": str(user.email)}))
    message = {**event_payload(event), "type": "chat"}
    push_partner(session.partner_id, message)
    push_session(session.pk, message)
    return event
