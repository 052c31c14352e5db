"""Option B (Uzum seller portal login) end to end: the connection test signs in to the portal
emulator in headless Chromium through the portal client, with the 2FA code the partner typed."""
from __future__ import annotations

import itertools
import os

import pytest
from django.urls import reverse

from marketplaces.models import MarketplaceAccount
from onboarding.models import OnboardingJob, OnboardingState
from partners.models import Partner, User

pytestmark = pytest.mark.browser
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _portal(settings, sandbox):
    os.environ["SE_OFFLINE"] = "true"
    settings.PUBLIC_BASE_URL = sandbox.url
    settings.SANDBOX_TIME_SCALE = 1000.0
    sandbox.control("POST", "uzum-portal/reset", {}, expect=200)


def _newcomer(client) -> Partner:
    n = next(_seq)
    partner = Partner.objects.create(legal_name=f"Portal test {n} LLC", status=Partner.Status.ONBOARDING)
    user = User.objects.create_user(email=f"portal{n}-{partner.pk}@seller.test", password="x-horse-42", partner=partner)
    OnboardingState.objects.create(partner=partner, current_step=4, completed_steps=[1, 2],
                                   answers={"marketplaces": ["uzum"], "sandbox_first": True})
    client.force_login(user)
    return partner


def test_portal_login_asks_for_the_code_then_passes_with_it(client, sandbox):
    portal = sandbox.control("POST", "uzum-portal/accounts", {"password": "demo-pass-1", "otp_code": "424242"},
                             expect=201)
    partner = _newcomer(client)
    step = reverse("onboarding:step", args=["credentials"])
    form = {"marketplace": "uzum", "action": "save_portal", "uzum-portal-login": portal["login"],
            "uzum-portal-password": "demo-pass-1"}
    assert client.post(step, form).status_code == 302
    html = client.get(reverse("onboarding:step", args=["connection"])).content.decode()
    assert 'data-check="authentication" data-status="failed"' in html
    assert "asks for a 2FA code" in html and "6-digit code" in html

    assert client.post(step, {**form, "uzum-portal-code": "424242"}).status_code == 302  # saving restarts the test
    html = client.get(reverse("onboarding:step", args=["connection"])).content.decode()
    assert 'data-all-ok="1"' in html, html
    account = MarketplaceAccount.objects.get(partner=partner, marketplace="uzum")
    assert account.auth_mode == "portal" and account.status == MarketplaceAccount.Status.OK
    assert account.portal_cookies  # the session is kept (encrypted) for later runs
    job = OnboardingJob.objects.filter(account=account).latest("pk")
    assert "424242" not in str(job.steps) and "demo-pass-1" not in str(job.steps)
