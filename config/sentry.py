"""Sentry set-up: only when SENTRY_DSN is set, no PII, secrets scrubbed from every event.

Two layers: Sentry's EventScrubber blanks well-known keys (cookies, auth headers, passwords),
then `scrub_event` (before_send) walks the whole event: values under secret-looking keys become
"[Filtered]" and every string is passed through config.logging.redact (tokens in messages,
exception values, breadcrumbs from logging, frame variables, request data).
"""
from __future__ import annotations

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

from config.logging import SECRET_KEY_RE, redact

EXTRA_DENYLIST = ["api_key", "apikey", "client_secret", "credentials", "totp_secret", "field_encryption_keys",
                  "portal_password", "portal_cookies", "access", "refresh", "django_secret_key"]
FILTERED = "[Filtered]"
# Structural keys of the event that look secret-ish by name but hold no secret.
_SAFE_KEYS = {"type", "module", "function", "filename", "abs_path", "lineno", "category", "level",
              "logger", "platform", "event_id", "timestamp"}


def _scrub(value: Any, depth: int = 0) -> Any:
    if depth > 20:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {
            key: FILTERED if (isinstance(key, str) and key not in _SAFE_KEYS and SECRET_KEY_RE.search(key)
                              and item not in (None, "", [], {}))
            else _scrub(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(item, depth + 1) for item in value]
    return value


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """before_send: redact secret-looking keys and text anywhere in the event."""
    return _scrub(event)


def sentry_init(*, dsn: str, environment: str) -> bool:
    """Initialise Sentry; does nothing (returns False) without a DSN."""
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        event_scrubber=EventScrubber(denylist=DEFAULT_DENYLIST + EXTRA_DENYLIST, recursive=True),
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=lambda crumb, hint: _scrub(crumb),
        traces_sample_rate=0.0,
    )
    return True
