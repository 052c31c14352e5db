"""The partner's own business profile (legal name, INN, address, phone, email)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from onboarding.validators import inn_normalize, phone_normalize
from partners.models import Partner
from partners.services.audit import audit_record

PROFILE_FIELDS = ("legal_name", "inn", "address", "phone", "email")


@transaction.atomic
def partner_update(*, partner: Partner, data: Mapping[str, Any], actor: Any = None,
                   ip: str | None = None) -> Partner:
    """Update the given profile fields. INN and phone are checked and normalised the same way as
    in onboarding (digits only; E.164). Raises ValidationError naming the fields; nothing is saved."""
    errors: dict[str, list[str]] = {}
    clean = {k: v for k, v in data.items() if k in PROFILE_FIELDS}
    for name, normalize in (("inn", inn_normalize), ("phone", phone_normalize)):
        if name in clean:
            try:
                clean[name] = normalize(clean[name])
            except ValidationError as exc:
                errors[name] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in clean.items() if getattr(partner, k) != v]
    for name in changed:
        setattr(partner, name, clean[name])
    partner.full_clean()
    if changed:
        partner.save(update_fields=[*changed, "updated_at"])
        audit_record(action="partner.updated", actor=actor, partner=partner, target=partner,
                     data={"fields": changed}, ip=ip)
    return partner
