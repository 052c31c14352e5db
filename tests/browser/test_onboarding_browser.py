"""The onboarding wizard in real headless Chromium: a new partner signs up and completes all nine
steps against the sandbox marketplaces (served by the same live server under /sandbox/), at
1280 px and at 375 px. A screenshot of every step goes to test-artifacts/onboarding/<width>/
(git-ignored). The partner ends ACTIVE with its schedules.

q2 runs synchronously in tests: the connection test and the test run finish inside the request
that starts them; the HTMX polling itself is covered by `test_connection_progress_is_polled_live`."""
from __future__ import annotations

import base64
import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import requests
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "onboarding"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-gpu", "--window-size=1280,900"]
WAIT_S = 30
_seq = itertools.count(1)


@pytest.fixture(scope="module")
def driver():
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="onboarding-chrome-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROME_FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.set_page_load_timeout(WAIT_S)
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def sandboxes(live_server, settings):
    """The live server also serves the sandboxes; run their clocks (and our pacing) 1000x faster."""
    from marketplaces.clients.http import sessions_close_all
    from marketplaces.sandbox import clock

    settings.SANDBOX_ENABLED = True
    settings.PUBLIC_BASE_URL = live_server.url
    settings.SANDBOX_TIME_SCALE = 1000.0
    clock.time_scale_set(scale=1000.0)
    yield live_server.url
    sessions_close_all()
    clock.time_scale_set(scale=None)


class Wizard:
    def __init__(self, driver, base: str, width: int, fresh: bool = True):
        from selenium.webdriver.common.by import By

        self.d, self.base, self.width, self.By = driver, base, width, By
        self.shots = ARTIFACTS / str(width)
        if fresh:
            shutil.rmtree(self.shots, ignore_errors=True)
        self.shots.mkdir(parents=True, exist_ok=True)
        self.viewport(900 if width > 500 else 812)

    def css(self, selector: str):
        return self.d.find_element(self.By.CSS_SELECTOR, selector)

    def wait(self, condition, timeout: float = WAIT_S):
        from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.d, timeout, poll_frequency=0.1, ignored_exceptions=(
                StaleElementReferenceException, NoSuchElementException)).until(condition)
        except TimeoutException:
            self.d.save_screenshot(str(self.shots / "failure.png"))
            (self.shots / "failure.html").write_text(self.d.page_source)
            raise

    def at_step(self, n: int) -> None:
        self.wait(lambda d: f"Step {n} of 9" in d.find_element(self.By.CSS_SELECTOR, "[data-testid=step-count]").text)
        assert "minutes left" in self.css("[data-testid=step-count]").text or n == 9
        assert self.d.execute_script("return document.documentElement.scrollWidth") <= self.width + 1  # no sideways page

    def shot(self, name: str) -> None:
        """The whole page at the emulated width, without resizing the viewport mid-test."""
        data = self.d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        (self.shots / f"{name}.png").write_bytes(base64.b64decode(data["data"]))

    def viewport(self, height: int) -> None:
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": self.width, "height": height, "deviceScaleFactor": 1, "mobile": self.width < 768})

    def fill(self, values: dict[str, str]) -> None:
        for field_id, value in values.items():
            el = self.css(f"#{field_id}")
            el.clear()
            el.send_keys(value)

    def click(self, selector: str) -> None:
        el = self.css(selector)
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
        el.click()


def _sandbox_keys(base: str, vendor: str) -> dict:
    """What a partner copies from a (sandbox) seller cabinet."""
    resp = requests.post(f"{base}/_sandbox/accounts", json={"vendor": vendor, "demo_cards": 2}, timeout=10)
    assert resp.status_code == 201, resp.text
    return resp.json()["credentials"]


def _complete_wizard(w: Wizard) -> str:
    from selenium.webdriver.support.ui import Select

    n = next(_seq)
    email = f"owner{n}-{w.width}@silk.test"
    w.d.delete_all_cookies()
    w.d.get(f"{w.base}/accounts/signup/")
    w.fill({"id_company_name": f"Silk Road {w.width} LLC", "id_email": email,
            "id_password1": "kalit-so'z-2026!", "id_password2": "kalit-so'z-2026!"})
    w.click("form.card button[type=submit]")

    # 1. Business info: a wrong INN and phone first; the error is next to the field, nothing typed is lost.
    w.at_step(1)
    w.fill({"id_legal_name": "Silk Road Trading LLC", "id_inn": "7707083894", "id_address": "Tashkent, Navoi 5",
            "id_phone": "+1 212 555 0100", "id_email": email})
    w.click(".wizard-body form button[type=submit]")
    w.wait(lambda d: "wrong check digit" in d.page_source)
    assert w.css("#id_address").get_attribute("value") == "Tashkent, Navoi 5"
    assert w.css("#id_phone").get_attribute("value") == "+1 212 555 0100"
    w.shot("01-business-errors")
    w.fill({"id_inn": "305123456", "id_phone": "90 123 45 67"})
    w.shot("01-business")
    w.click(".wizard-body form button[type=submit]")

    # 2. Marketplaces: Uzum and Wildberries, sandbox first (ticked by default).
    w.at_step(2)
    assert not w.d.find_elements(w.By.CSS_SELECTOR, "ul.messages")  # the sign-up welcome went with step 1
    for value in ("uzum", "wildberries"):
        w.click(f"input[name=marketplaces][value={value}]")
    assert w.css("#id_sandbox_first").is_selected()
    w.shot("02-marketplaces")
    w.click(".wizard-body form button[type=submit]")

    # 3. Credentials: WB token pasted from the (sandbox) cabinet; Uzum keys made by Bozor's sandbox.
    w.at_step(3)
    w.shot("03-credentials")
    wb = _sandbox_keys(w.base, "wb")
    w.fill({"id_wildberries-token": "not-a-token"})
    w.click("#mp-wildberries button[value=save_keys]")
    w.wait(lambda d: "This is not a Wildberries token" in d.page_source)
    w.shot("03-credentials-error")
    w.fill({"id_wildberries-token": wb["token"]})
    w.click("#mp-wildberries button[value=save_keys]")
    w.wait(lambda d: d.find_elements(w.By.CSS_SELECTOR, "[data-testid=saved-wildberries]"))
    w.click("#mp-uzum button[value=sandbox]")
    w.wait(lambda d: d.find_elements(w.By.CSS_SELECTOR, "[data-testid=saved-uzum]"))
    assert wb["token"] not in w.d.page_source
    w.shot("03-credentials-saved")
    w.click(".wizard-body > form button[value=continue]")

    # 4. Connection test: starts by itself; every check of both marketplaces goes green.
    w.at_step(4)
    w.wait(lambda d: d.find_element(w.By.ID, "conn-status").get_attribute("data-all-ok") == "1")
    assert len(w.d.find_elements(w.By.CSS_SELECTOR, "#conn-status [data-status=ok]")) == 8
    w.shot("04-connection")
    w.click(".wizard-body > form button[value=continue]")

    # 5. AI settings.
    w.at_step(5)
    w.click("input[name=automation_level][value=balanced]")
    w.fill({"id_monthly_budget": "25", "id_alert_threshold_pct": "80"})
    w.shot("05-ai")
    w.click(".wizard-body form button[type=submit]")

    # 6. Warehouse.
    w.at_step(6)
    w.fill({"id_name": "Tashkent main", "id_location": "Yunusabad 14", "id_capacity_kg": "1200"})
    Select(w.css("#id_storage_type")).select_by_value("dry")
    w.click("button[value=add]")
    w.wait(lambda d: d.find_elements(w.By.CSS_SELECTOR, "[data-testid=warehouse-list]"))
    w.shot("06-warehouse")
    w.click("button[value=continue]")

    # 7. Test run: AI card -> Wildberries sandbox -> read back, side by side.
    w.at_step(7)
    # The test run was prepared in the background at step 4 and is already shown; run it once more.
    assert w.css("#trial-status").get_attribute("data-ok") == "1"
    old = w.css("#trial-status")
    w.click("[data-testid=run-test]")
    from selenium.webdriver.support import expected_conditions
    w.wait(expected_conditions.staleness_of(old))  # the new run's page has been swapped in
    w.wait(lambda d: d.find_element(w.By.ID, "trial-status").get_attribute("data-ok") == "1")
    generated = w.css("[data-testid=generated] [data-field=title]").text
    assert generated and generated == w.css("[data-testid=read-back] [data-field=title]").text
    w.shot("07-test-run")
    w.click("button[value=continue]")

    # 8. Training: click through the tour, then finish.
    w.at_step(8)
    for _ in range(3):
        w.click("[data-tour-next]")
    assert w.css("[data-tour-pos]").text == "4 / 4"
    w.shot("08-training")
    w.click("button[name=finish]")

    # 9. Go live: all green, then live.
    w.at_step(9)
    assert not w.d.find_elements(w.By.CSS_SELECTOR, "[data-testid=go-live-checklist] [data-ok='0']")
    w.shot("09-go-live")
    w.click("[data-testid=go-live]")
    w.wait(lambda d: d.current_url.rstrip("/") == w.base)
    w.shot("10-dashboard")
    return email


@pytest.mark.parametrize("width", [1280, 375])
def test_new_partner_completes_all_nine_steps(driver, sandboxes, width):
    from django_q.models import Schedule

    from partners.models import Partner, User

    email = _complete_wizard(Wizard(driver, sandboxes, width))
    partner = User.objects.get(email=email).partner
    assert partner.status == Partner.Status.ACTIVE and partner.legal_name == "Silk Road Trading LLC"
    assert partner.inn == "305123456" and partner.phone == "+998901234567"
    assert sorted(partner.marketplace_accounts.values_list("marketplace", "status")) == [
        ("uzum", "ok"), ("wildberries", "ok")]
    assert Schedule.objects.filter(name__contains=f"partner-{partner.pk}-").exists()
    assert sorted(partner.onboarding.completed_steps) == list(range(1, 10))
    shots = sorted(p.name for p in (ARTIFACTS / str(width)).glob("*.png"))
    assert [s[:2] for s in shots if s[:2].isdigit()] and {f"0{i}" for i in range(1, 10)} <= {s[:2] for s in shots}


def test_connection_progress_is_polled_live(driver, sandboxes):
    """A check still running shows its progress and the page polls it (HTMX, every second) until it
    ends: the finished state appears without a reload."""
    from django.test import Client

    from marketplaces.models import MarketplaceAccount
    from onboarding.models import OnboardingJob, OnboardingState
    from partners.models import Partner, User

    partner = Partner.objects.create(legal_name="Polling LLC", status=Partner.Status.ONBOARDING)
    user = User.objects.create_user(email="poll@silk.test", password="kalit-so'z-2026!", partner=partner)
    OnboardingState.objects.create(partner=partner, current_step=4, completed_steps=[1, 2, 3],
                                   answers={"marketplaces": ["wildberries"], "sandbox_first": True})
    account = MarketplaceAccount.objects.create(partner=partner, marketplace="wildberries", is_sandbox=True,
                                                credentials={"token": "a.b.c"}, base_url=sandboxes + "/sandbox/wb")
    running = [{"name": "network", "status": "ok", "message": "reachable"},
               {"name": "authentication", "status": "running"}, {"name": "data_fetch", "status": "skipped"},
               {"name": "upload_test", "status": "skipped"}]
    job = OnboardingJob.objects.create(partner=partner, kind="connection", account=account, status="running",
                                       steps=running)
    OnboardingJob.objects.create(partner=partner, kind="test_run", status="done", ok=True)
    client = Client()
    client.force_login(user)
    driver.get(sandboxes + "/static/css/onboarding.css")
    driver.delete_all_cookies()
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                       "path": "/"})
    w = Wizard(driver, sandboxes, 375, fresh=False)
    driver.get(sandboxes + "/onboarding/connection/")
    w.at_step(4)
    status = w.css("#conn-status")
    assert status.get_attribute("data-running") == "1" and "every 1s" in status.get_attribute("hx-trigger")
    assert w.css("[data-check=authentication]").get_attribute("data-status") == "running"
    assert w.css("[data-check=upload_test]").get_attribute("data-status") == "waiting"
    w.shot("04-connection-running")
    driver.execute_script("window.__sameDocument = true")
    OnboardingJob.objects.filter(pk=job.pk).update(status="done", ok=True, steps=[
        {"name": n, "status": "ok", "message": "fine"} for n in ("network", "authentication", "data_fetch",
                                                                  "upload_test")])
    w.wait(lambda d: d.find_element(w.By.ID, "conn-status").get_attribute("data-all-ok") == "1", timeout=10)
    assert driver.execute_script("return window.__sameDocument") is True  # swapped in place, no reload
    assert not driver.find_element(w.By.ID, "conn-status").get_attribute("hx-trigger")  # polling stopped
