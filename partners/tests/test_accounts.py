"""Accounts: sign-up creates an onboarding partner, login/logout, password reset, axes lockout."""
from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from partners.models import AuditEvent, Partner, User

pytestmark = pytest.mark.django_db
PASSWORD = "Sturdy-Pass-9371"


def _signup(client, **overrides):
    data = {"company_name": "Chorsu Goods LLC", "email": "Founder@Chorsu.test", "password1": PASSWORD,
            "password2": PASSWORD, **overrides}
    return client.post(reverse("signup"), data)


def test_signup_creates_onboarding_partner_and_lands_on_onboarding(client):
    response = _signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding:start")
    user = User.objects.get(email="founder@chorsu.test")
    assert user.partner.legal_name == "Chorsu Goods LLC"
    assert user.partner.status == Partner.Status.ONBOARDING
    assert user.role == User.Role.OWNER
    assert AuditEvent.objects.filter(action="partner.signed_up", partner=user.partner).exists()
    # Logged in: the dashboard sends an onboarding partner on to onboarding.
    assert client.get(reverse("dashboard"))["Location"] == reverse("onboarding:start")


def test_signup_errors_keep_typed_values_and_write_nothing(client, user_a):
    response = _signup(client, email=user_a.email, password2="something-else")
    assert response.status_code == 200
    body = response.content.decode()
    assert "The two passwords differ" in body
    assert 'value="Chorsu Goods LLC"' in body
    assert Partner.objects.filter(legal_name="Chorsu Goods LLC").count() == 0

    response = _signup(client, email=user_a.email)
    assert "An account with this email already exists" in response.content.decode()
    response = _signup(client, email="new@chorsu.test", password1="123", password2="123")
    assert "This password is too short" in response.content.decode()
    assert not User.objects.filter(email="new@chorsu.test").exists()
    assert Partner.objects.filter(legal_name="Chorsu Goods LLC").count() == 0


def test_login_and_logout(client, user_a):
    response = client.post(reverse("login"), {"username": user_a.email, "password": "correct-horse-42"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert client.get(reverse("product_list")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("product_list"))["Location"].startswith(reverse("login"))


def test_login_ignores_email_case(client):
    _signup(client)
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "FOUNDER@chorsu.TEST", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_wrong_password_shows_clear_message(client, user_a):
    response = client.post(reverse("login"), {"username": user_a.email, "password": "nope"})
    assert response.status_code == 200
    assert "The email or password is wrong" in response.content.decode()


def test_password_reset_by_email(client, user_a):
    response = client.post(reverse("password_reset"), {"email": user_a.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user_a.email] and "Bozor" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)  # Django swaps the token for a session marker
    assert response.status_code == 200 and "Choose a new password" in response.content.decode()
    response = client.post(response.redirect_chain[-1][0], {"new_password1": "Brand-New-Pass-551",
                                                            "new_password2": "Brand-New-Pass-551"})
    assert response["Location"] == reverse("password_reset_complete")
    user_a.refresh_from_db()
    assert user_a.check_password("Brand-New-Pass-551")


def test_password_reset_unknown_email_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@nowhere.test"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_axes_locks_out_after_failure_limit(client, user_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), {"username": user_a.email, "password": "bad"}).status_code == 200
    response = client.post(reverse("login"), {"username": user_a.email, "password": "bad"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed logins" in body and "minutes after the last failed attempt" in body
    # Even the right password is refused while locked.
    response = client.post(reverse("login"), {"username": user_a.email, "password": "correct-horse-42"})
    assert response.status_code == 429


def test_signup_service_is_all_or_nothing_on_a_racing_duplicate(monkeypatch):
    from django.core.exceptions import ValidationError

    from partners.services import accounts

    User.objects.create_user(email="race@chorsu.test", password=PASSWORD)
    # The existence check passes (as it would in a race); the unique index must still win.
    monkeypatch.setattr(accounts.User.objects, "filter", lambda **kw: User.objects.none())
    with pytest.raises(ValidationError) as exc:
        accounts.partner_signup(email="race@chorsu.test", password=PASSWORD, company_name="Racer LLC")
    assert "email" in exc.value.message_dict
    assert not Partner.objects.filter(legal_name="Racer LLC").exists()
