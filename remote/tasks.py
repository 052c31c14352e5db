"""django-q2 entry points. Schedule session_expire_due_task every minute as a safety net for
sessions nobody is connected to (connected consoles and pages expire sessions on time themselves)."""
from __future__ import annotations

from remote.services import session_expire_due


def session_expire_due_task() -> int:
    return len(session_expire_due())
