"""Wizard flow through the Django test client: save per step, keep input on errors, resume, gate."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from onboarding.models import OnboardingState
from partners.models import Partner, Warehouse

BUSINESS = {"legal_name": "Samarkand Silk LLC", "inn": "305123456", "address": "Tashkent, Amir Temur 1",
            "phone": "90 123 45 67", "email": "hello@silk.test"}


@pytest.fixture
def newcomer(make_partner, make_user, client):
    partner = make_partner(legal_name="New seller", status=Partner.Status.ONBOARDING)
    user = make_user(partner=partner, email="new@seller.test")
    client.force_login(user)
    return partner


def url(slug):
    return reverse("onboarding:step", args=[slug])


def test_start_resumes_at_first_step_and_shows_progress(client, newcomer):
    response = client.get(reverse("onboarding:start"), follow=True)
    assert response.redirect_chain[-1][0] == url("business")
    html = response.content.decode()
    assert "Step 1 of 9" in html and "minutes left" in html


def test_business_info_saved_normalised_and_advances(client, newcomer):
    response = client.post(url("business"), BUSINESS)
    assert response.status_code == 302 and response["Location"] == url("marketplaces")
    newcomer.refresh_from_db()
    assert (newcomer.legal_name, newcomer.inn, newcomer.phone) == ("Samarkand Silk LLC", "305123456", "+998901234567")
    state = OnboardingState.objects.get(partner=newcomer)
    assert state.completed_steps == [1] and state.current_step == 2 and "1" in state.step_seconds


def test_bad_input_keeps_what_was_typed_and_says_what_to_fix(client, newcomer):
    bad = {**BUSINESS, "inn": "7707083894", "phone": "+1 212 555 0100", "email": "not-an-email"}
    response = client.post(url("business"), bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "wrong check digit" in html and "Uzbek (+998) or Russian (+7)" in html and "valid email" in html
    for typed in ("Samarkand Silk LLC", "Tashkent, Amir Temur 1", "7707083894", "+1 212 555 0100", "not-an-email"):
        assert typed in html
    newcomer.refresh_from_db()
    assert newcomer.legal_name == "New seller"  # nothing half-saved
    state = OnboardingState.objects.get(partner=newcomer)
    assert state.current_step == 1 and state.last_error_step == 1


def test_cannot_skip_ahead_but_can_go_back(client, newcomer):
    assert client.get(url("warehouse"))["Location"] == url("business")
    client.post(url("business"), BUSINESS)
    assert client.get(url("business")).status_code == 200  # back is allowed
    assert BUSINESS["address"] in client.get(url("business")).content.decode()  # earlier answers shown


def test_marketplace_choice_required_and_remembered(client, newcomer):
    client.post(url("business"), BUSINESS)
    response = client.post(url("marketplaces"), {"sandbox_first": "on"})
    assert response.status_code == 400 and "Choose at least one marketplace" in response.content.decode()
    client.post(url("marketplaces"), {"marketplaces": ["uzum", "ozon"], "sandbox_first": "on"})
    state = OnboardingState.objects.get(partner=newcomer)
    assert state.answers == {"marketplaces": ["uzum", "ozon"], "sandbox_first": True}
    client.logout()
    client.force_login(newcomer.users.get())
    html = client.get(url("marketplaces")).content.decode()
    checked = set(re.findall(r'<input type="checkbox" name="marketplaces" value="(\w+)"[^>]*checked', html))
    assert checked == {"uzum", "ozon"}


def _unlock(partner, step):
    OnboardingState.objects.filter(partner=partner).update(current_step=step)


def test_warehouse_step_adds_several_and_requires_one(client, newcomer):
    client.get(reverse("onboarding:start"))
    _unlock(newcomer, 6)
    response = client.post(url("warehouse"), {"action": "continue"})
    assert response.status_code == 400 and "at least one warehouse" in response.content.decode()
    for name in ("Tashkent main", "Samarkand"):
        client.post(url("warehouse"), {"action": "add", "name": name, "location": "UZ", "capacity_kg": "500",
                                       "storage_type": "dry"})
    dup = client.post(url("warehouse"), {"action": "add", "name": "tashkent MAIN", "capacity_kg": "5",
                                         "storage_type": "dry"})
    assert "already have a warehouse" in dup.content.decode()
    assert list(Warehouse.objects.filter(partner=newcomer).values_list("name", flat=True)) == ["Samarkand",
                                                                                             "Tashkent main"]
    response = client.post(url("warehouse"), {"action": "continue"})
    assert response["Location"] == url("test-run")


def test_training_can_be_skipped(client, newcomer):
    client.get(reverse("onboarding:start"))
    _unlock(newcomer, 8)
    assert client.post(url("training"), {"skip": "1"})["Location"] == url("go-live")
    assert OnboardingState.objects.get(partner=newcomer).answers["training"] == "skipped"


def test_other_partners_state_is_never_touched(client, newcomer, partner_b, user_b):
    client.post(url("business"), BUSINESS)
    partner_b.refresh_from_db()
    assert partner_b.legal_name == "Beta Goods LLC"
    assert not OnboardingState.objects.filter(partner=partner_b).exists()


def test_active_partner_is_sent_to_dashboard(client, user_a):
    client.force_login(user_a)
    assert client.get(reverse("onboarding:start"))["Location"] == reverse("dashboard")


def test_unknown_step_is_404(client, newcomer):
    assert client.get(url("no-such-step")).status_code == 404


def test_staff_see_where_partners_get_stuck(client, newcomer, staff_user):
    client.post(url("business"), {**BUSINESS, "inn": "12"})
    client.force_login(staff_user)
    html = client.get(reverse("admin:onboarding_onboardingstate_changelist")).content.decode()
    assert "New seller" in html and "1. Business info" in html and "Business info has errors." in html


def test_ai_settings_step_validates_and_saves(client, newcomer):
    from content.models import AISettings

    client.get(reverse("onboarding:start"))
    _unlock(newcomer, 5)
    bad = client.post(url("ai"), {"automation_level": "maximum", "monthly_budget": "-5", "alert_threshold_pct": "150"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert 'value="-5"' in html and 'value="150"' in html  # what was typed stays
    ok = client.post(url("ai"), {"automation_level": "minimal", "monthly_budget": "35.50", "alert_threshold_pct": "75"})
    assert ok["Location"] == url("warehouse")
    saved = AISettings.objects.get(partner=newcomer)
    assert (saved.automation_level, str(saved.monthly_budget), saved.alert_threshold_pct) == ("minimal", "35.50", 75)


def test_staff_see_failed_checks_in_the_admin(client, newcomer, staff_user):
    from onboarding.models import OnboardingJob

    OnboardingJob.objects.create(partner=newcomer, kind="connection", status="done", ok=False, steps=[
        {"name": "network", "status": "ok"},
        {"name": "authentication", "status": "failed", "message": "Wildberries rejected the API key."}])
    client.force_login(staff_user)
    html = client.get(reverse("admin:onboarding_onboardingjob_changelist")).content.decode()
    assert "New seller" in html and "authentication: Wildberries rejected the API key." in html
