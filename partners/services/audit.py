"""The one audit log. Every app records changes that matter through `audit_record`."""
from __future__ import annotations

from typing import Any

from django.db import models

from config.logging import redact
from partners.models import AuditEvent, Partner

SECRET_KEYS = {"password", "token", "api_key", "apikey", "secret", "credentials", "authorization", "cookie",
               "totp", "otp", "code_2fa", "refresh", "access"}


def scrub(data: Any) -> Any:
    """Drop values under secret-looking keys and redact secret-looking text, recursively."""
    if isinstance(data, dict):
        return {k: ("***" if any(s in str(k).lower() for s in SECRET_KEYS) else scrub(v)) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [scrub(v) for v in data]
    if isinstance(data, str):
        return redact(data)
    if isinstance(data, (int, float, bool)) or data is None:
        return data
    return str(data)


def audit_record(
    *,
    action: str,
    actor: Any = None,
    partner: Partner | None = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    if partner is None and target is not None:
        partner = getattr(target, "partner", None) if not isinstance(target, Partner) else target
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        partner=partner,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=scrub(data or {}),
        ip=ip,
    )


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None
