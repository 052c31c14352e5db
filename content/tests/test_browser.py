"""The approval queue in real headless Chromium: approve one card, then bulk-approve the rest."""
from __future__ import annotations


import pytest
from django.conf import settings
from django.test import Client

from content.models import ContentDraft, ContentPublication
from content.services.cards import card_generate
from marketplaces.clients.uzum_portal.browser import chrome_start, chrome_stop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def driver():
    browser, profile = chrome_start()
    yield browser
    chrome_stop(browser, profile)


def _click(driver, element) -> None:
    """Scroll to the middle first: the sticky top bar would take a click at the page's top edge."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def test_approve_and_bulk_approve_in_the_browser(driver, live_server, phone, partner_a, user_a, ai_level,
                                                 connect_accounts):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def wait(until) -> None:  # HTMX swaps rows: an element read mid-swap is stale, so read again
        WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(until)

    ai_level(partner_a, "balanced")
    connect_accounts(partner_a, "wildberries", "ozon", "uzum")
    drafts = [card_generate(product=phone, marketplace=m) for m in ("wildberries", "ozon", "uzum")]
    client = Client()
    client.force_login(user_a)
    driver.get(live_server.url + "/static/css/app.css")
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME,
                       "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "path": "/"})
    driver.get(live_server.url + "/content/")
    first = driver.find_element(By.ID, f"draft-{drafts[0].pk}")
    assert "<ins>" in first.get_attribute("innerHTML")  # the diff against the current product
    _click(driver, first.find_element(By.XPATH, ".//button[contains(@hx-post, '/approve/')]"))
    wait(lambda d: d.find_element(By.ID, f"draft-{drafts[0].pk}").get_attribute("data-status") == "approved")
    for draft in drafts[1:]:
        _click(driver, driver.find_element(By.CSS_SELECTOR, f"#draft-{draft.pk} input[name=ids]"))
    _click(driver, driver.find_element(By.ID, "bulk-approve"))
    wait(lambda d: "2 approved" in d.find_element(By.ID, "results").text)
    assert set(ContentDraft.objects.values_list("status", flat=True)) == {"approved"}
    assert ContentPublication.objects.filter(partner=partner_a, intent__status="pending").count() == 3
