"""A logging filter that blanks anything that looks like a credential before it is written.

Used by the console handler (config/settings.py LOGGING), by Sentry's before_send
(config/sentry.py), by the audit log and by the healing error store.
"""
from __future__ import annotations

import logging
import re

SECRET_KEY_NAMES = (r"api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|token|secret|password|passwd|pwd"
                    r"|authorization|client[-_]?secret|cookie|totp|session[-_]?id|private[-_]?key|dsn")
SECRET_PATTERNS = [
    # an Authorization header keeps its scheme out of the log too: "Authorization: Basic abc=="
    re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?)([^\"'\r\n,}]+)"),
    re.compile(r"(?i)(bearer\s+)([A-Za-z0-9._~+/=-]+)"),
    # key=value / "key": "value" pairs whose key names a secret
    re.compile(
        r"(?i)((?:api[-_]?key|token|secret(?:[-_]?access)?(?:[-_]?key)?|password|passwd|authorization|client[-_]?secret|cookie|totp)"
        r"[\"']?\s*[:=]\s*[\"']?)([^\s\"',;}]+)"
    ),
    # credentials inside URLs: scheme://user:password@host
    re.compile(r"(?i)([a-z][a-z0-9+.-]*://[^:/@\s]+:)([^@\s/]+)(?=@)"),
]
SECRET_KEY_RE = re.compile(rf"(?i)({SECRET_KEY_NAMES})")


def redact(text: str) -> str:
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + "***", text)
    return text


class RedactSecretsFilter(logging.Filter):
    """Redacts the formatted message and any exception text attached to the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            # Formatter reuses exc_text when set, so the traceback is written redacted.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
