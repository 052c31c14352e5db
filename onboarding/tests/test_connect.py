"""Steps 3, 4 and 7 against the sandbox marketplaces over real HTTP: credentials stored encrypted,
live connection test with faults (revoked token, maintenance) and retry, the AI test run with
upload and read-back. q2 runs synchronously in tests, so a started job has finished on reload.

These tests use the sandbox server fixture (the database is unblocked, not rolled back), so every
test makes its own partner."""
from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.urls import reverse

from marketplaces.models import MarketplaceAccount
from onboarding.models import OnboardingJob, OnboardingState
from partners.models import Partner, User

_seq = itertools.count(1)


def url(slug):
    return reverse("onboarding:step", args=[slug])


@pytest.fixture(autouse=True)
def _sandbox_settings(settings, sandbox):
    settings.SANDBOX_TIME_SCALE = 1000.0  # the sandbox fixture runs at 1000x; our clients pace alike
    settings.PUBLIC_BASE_URL = sandbox.url


def newcomer(client, *, step: int, marketplaces: list[str], sandbox_first: bool = True) -> Partner:
    n = next(_seq)
    partner = Partner.objects.create(legal_name=f"Onboarding test {n} LLC", status=Partner.Status.ONBOARDING)
    user = User.objects.create_user(email=f"onb{n}-{partner.pk}@seller.test", password="correct-horse-42",
                                    partner=partner)
    OnboardingState.objects.create(partner=partner, current_step=step, completed_steps=list(range(1, step)),
                                   answers={"marketplaces": marketplaces, "sandbox_first": sandbox_first})
    client.force_login(user)
    return partner


def test_api_keys_are_validated_typed_ids_kept_and_stored_encrypted(client, sandbox):
    partner = newcomer(client, step=3, marketplaces=["yandex_market", "ozon"])
    bad = client.post(url("credentials"), {"marketplace": "yandex_market", "action": "save_keys",
                                           "yandex_market-api_key": "secret-typed-value",
                                           "yandex_market-business_id": "12ab", "yandex_market-campaign_id": "777"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "starts with “ACMA:”" in html and "digits only" in html
    assert 'value="12ab"' in html and 'value="777"' in html  # what was typed stays
    assert "secret-typed-value" not in html and "paste the key again" in html  # secrets are re-asked, said so
    acc = sandbox.account("ym")
    good = client.post(url("credentials"), {"marketplace": "yandex_market", "action": "save_keys",
                                            "yandex_market-api_key": acc.creds["api_key"],
                                            "yandex_market-business_id": str(acc.creds["business_id"]),
                                            "yandex_market-campaign_id": str(acc.creds["campaign_id"])})
    assert good.status_code == 302
    account = MarketplaceAccount.objects.get(partner=partner, marketplace="yandex_market")
    assert account.credentials == {"api_key": acc.creds["api_key"]} and account.is_sandbox
    assert account.vendor_ids == {"business_id": acc.creds["business_id"], "campaign_id": acc.creds["campaign_id"]}
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM marketplaces_marketplaceaccount WHERE id = %s", [account.pk])
        assert acc.creds["api_key"] not in str(cursor.fetchone()[0])  # encrypted at rest
    page = client.get(url("credentials")).content.decode()
    assert acc.creds["api_key"] not in page and "Saved" in page
    # Continue needs every chosen marketplace: Ozon is still missing.
    assert client.post(url("credentials"), {"action": "continue"}).status_code == 400


def test_uzum_keys_with_the_portal_login_too_let_cards_go_through_the_portal(client, sandbox):
    from marketplaces.sync.routes import routes_possible

    partner = newcomer(client, step=3, marketplaces=["uzum"])
    acc = sandbox.account("uzum")
    keys = {"marketplace": "uzum", "action": "save_keys", "uzum-token": acc.creds["token"],
            "uzum-shop_id": str(acc.creds["shop_id"])}
    half = client.post(url("credentials"), {**keys, "uzum-portal_login": "+998905556677"})
    assert half.status_code == 400 and "Give both the seller portal login and its password" in half.content.decode()
    assert 'value="+998905556677"' in half.content.decode()
    assert client.post(url("credentials"), {**keys, "uzum-portal_login": "+998905556677",
                                            "uzum-portal_password": "pw-portal-typed"}).status_code == 302
    account = MarketplaceAccount.objects.get(partner=partner, marketplace="uzum")
    assert account.auth_mode == "api_keys" and account.credentials == {
        "token": acc.creds["token"], "login": "+998905556677", "password": "pw-portal-typed"}
    assert account.vendor_ids["portal_url"] == f"{sandbox.url}/sandbox/uzum-portal"
    assert routes_possible(account, "card") == {"browser"} and routes_possible(account, "stock") == {"api", "browser"}
    assert "pw-portal-typed" not in client.get(url("credentials")).content.decode()
    client.post(url("credentials"), keys)  # replaced without the portal login: no portal way any more
    account.refresh_from_db()
    assert "login" not in account.credentials and "portal_url" not in account.vendor_ids
    assert routes_possible(account, "card") == set()


def test_portal_option_keeps_login_and_asks_password_again(client, sandbox):
    partner = newcomer(client, step=3, marketplaces=["uzum"])
    bad = client.post(url("credentials"), {"marketplace": "uzum", "action": "save_portal",
                                           "uzum-portal-login": "+998905556677", "uzum-portal-password": "pw-typed",
                                           "uzum-portal-code": "12"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "The code is 6 digits" in html and 'value="+998905556677"' in html and "pw-typed" not in html
    ok = client.post(url("credentials"), {"marketplace": "uzum", "action": "save_portal",
                                          "uzum-portal-login": "+998905556677", "uzum-portal-password": "pw-typed"})
    assert ok.status_code == 302
    account = MarketplaceAccount.objects.get(partner=partner, marketplace="uzum")
    assert account.auth_mode == "portal" and account.credentials == {"login": "+998905556677", "password": "pw-typed"}
    assert account.base_url.endswith("/sandbox/uzum-portal")


@pytest.mark.parametrize("kind", ["token_revoked", "maintenance"])
def test_connection_fault_shows_failing_check_and_hint_then_retry_passes(client, sandbox, kind):
    partner = newcomer(client, step=4, marketplaces=["wildberries", "uzum"])
    client.post(url("credentials"), {"marketplace": "wildberries", "action": "sandbox"})
    client.post(url("credentials"), {"marketplace": "uzum", "action": "sandbox"})
    wb = MarketplaceAccount.objects.get(partner=partner, marketplace="wildberries")
    from marketplaces.sandbox.models import SandboxAccount
    from marketplaces.sandbox.services import secret_hash
    sb_id = SandboxAccount.objects.get(secret_hash=secret_hash(wb.credentials["token"])).pk
    fault = sandbox.fault(account=sb_id, group="*", kind=kind)

    html = client.get(url("connection")).content.decode()  # the test starts by itself on arrival
    wb_block = html.split('data-marketplace="wildberries"')[1].split("</section>")[0]
    assert 'data-check="authentication" data-status="failed"' in wb_block
    expected = ("rejected the API key", "new API key") if kind == "token_revoked" else ("under maintenance",
                                                                                        "Wait a few minutes")
    assert expected[0] in wb_block and expected[1] in wb_block and "How to fix" in wb_block
    assert 'data-testid="retry-wildberries"' in wb_block
    uzum_block = html.split('data-marketplace="uzum"')[1].split("</section>")[0]
    assert 'data-ok="1"' in html.split('data-marketplace="uzum"')[1][:20] and "failed" not in uzum_block
    assert client.post(url("connection"), {"action": "continue"}).status_code == 400
    state = OnboardingState.objects.get(partner=partner)
    assert state.last_error_step == 4 and "Wildberries" in state.last_error

    sandbox.control("DELETE", f"faults/{fault['id']}")
    assert client.post(url("connection"), {"action": "retry", "account": wb.pk}).status_code == 302
    status = client.get(reverse("onboarding:connection-status")).content.decode()
    assert 'data-all-ok="1"' in status and "failed" not in status
    assert client.post(url("connection"), {"action": "continue"})["Location"] == url("ai")
    wb.refresh_from_db()
    assert wb.status == MarketplaceAccount.Status.OK
    # The test run prepared in the background on arrival failed with the fault; retry restarted it.
    trials = OnboardingJob.objects.filter(partner=partner, kind="test_run").order_by("pk")
    assert [t.ok for t in trials] == [False, True]


def test_retry_of_another_partners_account_is_404(client, sandbox):
    other = newcomer(client, step=4, marketplaces=["uzum"])
    client.post(url("credentials"), {"marketplace": "uzum", "action": "sandbox"})
    theirs = MarketplaceAccount.objects.get(partner=other)
    mine = newcomer(client, step=4, marketplaces=["uzum"])
    assert client.post(url("connection"), {"action": "retry", "account": theirs.pk}).status_code == 404
    assert "Uzum" not in client.get(reverse("onboarding:connection-status")).content.decode()
    assert not OnboardingJob.objects.filter(partner=mine).exists()


def test_test_run_writes_uploads_and_reads_back_the_card(client, sandbox):
    partner = newcomer(client, step=7, marketplaces=["wildberries"])
    client.post(url("credentials"), {"marketplace": "wildberries", "action": "sandbox"})
    assert client.post(url("test-run"), {"action": "continue"}).status_code == 400  # not run yet
    assert client.post(url("test-run"), {"action": "run"}).status_code == 302
    job = OnboardingJob.objects.get(partner=partner, kind="test_run")
    assert job.ok, job.steps
    assert [s["status"] for s in job.steps] == ["ok", "ok", "ok"]
    assert job.result["read_back"]["title"] == job.result["generated"]["title"]
    assert job.result["product"]["sample"] is True
    html = client.get(url("test-run")).content.decode()
    assert 'data-testid="generated"' in html and 'data-testid="read-back"' in html
    assert "Matches what AI wrote" in html
    assert client.post(url("test-run"), {"action": "continue"})["Location"] == url("training")


BUSINESS = {"legal_name": "Samarkand Silk LLC", "inn": "305123456", "address": "Tashkent, Amir Temur 1",
            "phone": "+998 90 123 45 67", "email": "hello@silk.test"}


def _login(client, email: str) -> str:
    """A real sign-in through the login form; returns where the partner lands."""
    response = client.post(reverse("login"), {"username": email, "password": "correct-horse-42"}, follow=True)
    return response.redirect_chain[-1][0]


def test_leave_at_step_5_and_log_in_again_resumes_there_with_answers_kept(client, sandbox):
    partner = newcomer(client, step=1, marketplaces=[])
    email = partner.users.get().email
    assert client.post(url("business"), BUSINESS)["Location"] == url("marketplaces")
    client.post(url("marketplaces"), {"marketplaces": ["uzum"], "sandbox_first": "on"})
    client.post(url("credentials"), {"marketplace": "uzum", "action": "sandbox"})
    assert client.post(url("credentials"), {"action": "continue"})["Location"] == url("connection")
    client.get(url("connection"))
    assert client.post(url("connection"), {"action": "continue"})["Location"] == url("ai")
    client.get(url("ai"))
    client.post(reverse("logout"))

    assert _login(client, email) == url("ai")
    html = client.get(url("ai")).content.decode()
    assert "Step 5 of 9" in html and "minutes left" in html
    assert "Samarkand Silk LLC" in client.get(url("business")).content.decode()
    assert 'data-testid="saved-uzum"' in client.get(url("credentials")).content.decode()
    state = OnboardingState.objects.get(partner=partner)
    assert state.current_step == 5 and state.completed_steps == [1, 2, 3, 4]
    assert state.answers["marketplaces"] == ["uzum"]


def test_go_live_checklist_links_to_fixes_then_partner_active_with_schedules(client, sandbox):
    from django_q.models import Schedule

    from partners.models import Warehouse

    partner = newcomer(client, step=9, marketplaces=["wildberries"])
    OnboardingState.objects.filter(partner=partner).update(completed_steps=[1, 2, 3, 8])
    html = client.get(url("go-live")).content.decode()
    for item in ("credentials", "connection", "ai", "warehouse", "test_run"):
        assert f'data-item="{item}" data-ok="0"' in html
    assert f'href="{url("credentials")}"' in html and f'href="{url("warehouse")}"' in html
    refused = client.post(url("go-live"), {"action": "go_live"})
    assert refused.status_code == 400 and "Not ready yet" in refused.content.decode()
    partner.refresh_from_db()
    assert partner.status == Partner.Status.ONBOARDING

    client.post(url("credentials"), {"marketplace": "wildberries", "action": "sandbox"})
    client.get(url("connection"))
    client.post(url("connection"), {"action": "continue"})
    client.post(url("ai"), {"automation_level": "balanced", "monthly_budget": "20", "alert_threshold_pct": "80"})
    Warehouse.objects.create(partner=partner, name="Tashkent main", capacity_kg=500)
    client.post(url("warehouse"), {"action": "continue"})
    client.post(url("test-run"), {"action": "run"})
    client.post(url("test-run"), {"action": "continue"})
    html = client.get(url("go-live")).content.decode()
    assert 'data-ok="0"' not in html
    assert client.post(url("go-live"), {"action": "go_live"})["Location"] == reverse("dashboard")
    partner.refresh_from_db()
    assert partner.status == Partner.Status.ACTIVE
    assert Schedule.objects.filter(name__contains=f"partner-{partner.pk}-").exists()
    state = OnboardingState.objects.get(partner=partner)
    assert state.finished_at and 9 in state.completed_steps


def test_live_mode_test_run_goes_to_a_disabled_sandbox_never_the_live_store(client, sandbox):
    partner = newcomer(client, step=7, marketplaces=["wildberries"], sandbox_first=False)
    live = MarketplaceAccount.objects.create(partner=partner, marketplace="wildberries", credentials={"token": "a.b.c"},
                                             base_url="http://127.0.0.1:9/never")
    assert "never to a live store" in client.get(url("test-run")).content.decode()
    client.post(url("test-run"), {"action": "run"})
    job = OnboardingJob.objects.get(partner=partner, kind="test_run")
    assert job.ok, job.steps
    spare = MarketplaceAccount.objects.get(partner=partner, is_sandbox=True)
    assert spare.pk != live.pk and spare.status == MarketplaceAccount.Status.DISABLED
    assert spare.base_url.startswith(sandbox.url)
