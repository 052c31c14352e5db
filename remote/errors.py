"""Remote-help errors, each with the WebSocket close code a consumer uses to refuse."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403      # not staff, not this session's admin, another tenant
CLOSE_NOT_FOUND = 4404
CLOSE_LEVEL = 4405          # the session's permission level does not allow this action
CLOSE_EXPIRED = 4408
CLOSE_NOT_ACTIVE = 4409     # requested / denied / ended / cancelled: no approved session
CLOSE_BAD_INPUT = 4400


class RemoteError(Exception):
    close_code = CLOSE_BAD_INPUT
    message = _("The request could not be processed.")

    def __init__(self, message=None):
        super().__init__(str(message or self.message))
        if message is not None:
            self.message = message


class NotAllowed(RemoteError):
    close_code = CLOSE_FORBIDDEN
    message = _("You are not allowed to do this in this session.")


class LevelTooLow(RemoteError):
    close_code = CLOSE_LEVEL
    message = _("The partner did not allow this action in this session. Ask for a new session with a higher level.")


class SessionNotActive(RemoteError):
    close_code = CLOSE_NOT_ACTIVE
    message = _("This session is not active. Request a new session from the partner.")


class SessionExpired(RemoteError):
    close_code = CLOSE_EXPIRED
    message = _("This session has expired. Request a new session from the partner.")


class InvalidInput(RemoteError):
    close_code = CLOSE_BAD_INPUT
