"""Remote-help writes. Import from here: `from remote.services import session_approve`."""
from remote.services.actions import action_run
from remote.services.events import chat_post, event_record
from remote.services.sessions import (
    session_approve,
    session_cancel,
    session_deny,
    session_end,
    session_expire,
    session_expire_due,
    session_live_check,
    session_request,
)

__all__ = ["action_run", "chat_post", "event_record", "session_approve", "session_cancel", "session_deny",
           "session_end", "session_expire", "session_expire_due", "session_live_check", "session_request"]
