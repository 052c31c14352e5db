"""Accounts: sign-up creates a partner (status onboarding) with its first user as owner."""
from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partners.models import Partner, User
from partners.services.audit import audit_record


@transaction.atomic
def partner_signup(*, email: str, password: str, company_name: str, ip: str | None = None) -> User:
    """Create a Partner in status onboarding and its owner user, all or nothing.

    Raises ValidationError (field -> messages) for a taken email, a weak password or an empty
    company name; nothing is written then.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    company_name = company_name.strip()
    errors: dict[str, list[str]] = {}
    if not company_name:
        errors["company_name"] = [_("Enter your company name.")]
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("An account with this email already exists. Log in or reset your password.")]
    try:
        validate_password(password, user=User(email=email))
    except ValidationError as exc:
        errors["password1"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    partner = Partner.objects.create(legal_name=company_name, email=email, status=Partner.Status.ONBOARDING)
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=password, partner=partner, role=User.Role.OWNER)
    except IntegrityError:  # the same email signed up a moment ago (double submit, race)
        raise ValidationError({"email": [_("An account with this email already exists. Log in or reset your "
                                           "password.")]}) from None
    audit_record(action="partner.signed_up", actor=user, partner=partner, target=partner,
                 data={"email": email}, ip=ip)
    return user
