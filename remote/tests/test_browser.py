"""Two headless Chromium sessions (admin and partner) against daphne: request, approve, live view
with a masked password, an admin product edit the partner sees, the partner ends, the admin is refused."""
from __future__ import annotations

import json

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from partners.models import Product
from remote.masking import MASK
from remote.models import RemoteSession, SessionEvent
from remote.tests.livestack import chromium, daphne_start, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECRET = "Hunter2-Very-Secret"


@pytest.fixture
def live(transactional_db):
    proc, base = daphne_start()
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def browsers():
    admin, partner = chromium(), chromium()
    yield admin, partner
    admin.quit()
    partner.quit()


def wait(driver, condition, timeout=10):
    # HTMX and the live mirror swap nodes: one read mid-swap is stale, so read again.
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: condition(d))


def mirrored(driver, js: str):
    return driver.execute_script(f"var d = document.getElementById('remote-view').contentDocument; {js}")


def text(driver, css: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, css).text


def test_two_browsers_request_approve_view_edit_end(live, browsers, staff_user, user_a, partner_a, make_product):
    admin, partner = browsers
    product = make_product(partner=partner_a, sku="TEA-1", title="Green tea", price="100.00")
    login(admin, live, staff_user)
    login(partner, live, user_a)
    partner.get(f"{live}/remote/")

    # 1. The admin asks for "can edit" access with a reason.
    admin.get(f"{live}/admin/remote/remotesession/add/?partner={partner_a.pk}")
    admin.find_element(By.NAME, "reason").send_keys("Your prices did not sync")
    Select(admin.find_element(By.NAME, "level")).select_by_value("edit")
    admin.find_element(By.ID, "remote-request-submit").click()
    wait(admin, lambda d: "/console/" in d.current_url)
    session = RemoteSession.objects.get()

    # 2. The partner sees the request live on the page it has open, and approves.
    wait(partner, lambda d: d.find_element(By.ID, "remote-approve").is_displayed())
    assert "Your prices did not sync" in text(partner, "#remote-hook")
    partner.find_element(By.ID, "remote-approve").click()
    wait(admin, lambda d: "Active" in text(d, "#remote-status"))

    # 3. The admin sees the partner navigate and type; the password is masked in the browser.
    partner.get(f"{live}/remote/{session.pk}/")
    wait(admin, lambda d: text(d, "#remote-url") == f"/remote/{session.pk}/")
    wait(admin, lambda d: mirrored(d, "return d.body && d.body.textContent.indexOf('What was done') >= 0"))
    partner.execute_script("""
        var f = document.createElement('form'); f.id = 'shop-form';
        f.innerHTML = '<input name="shop_name" id="shop-name"><input type="password" name="api_password" id="api-pw">';
        document.getElementById('main').appendChild(f);""")
    wait(admin, lambda d: mirrored(d, "return !!d.getElementById('api-pw')"))
    partner.find_element(By.ID, "shop-name").send_keys("Tashkent Tea")
    partner.find_element(By.ID, "api-pw").send_keys(SECRET)
    wait(admin, lambda d: mirrored(d, "return d.getElementById('shop-name').value") == "Tashkent Tea")
    wait(admin, lambda d: mirrored(d, "return d.getElementById('api-pw').value") == MASK)
    assert SECRET not in admin.page_source

    # The admin picks the field in the mirrored page and fills it; it changes in the partner's browser.
    admin.switch_to.frame(admin.find_element(By.ID, "remote-view"))
    admin.find_element(By.ID, "shop-name").click()
    admin.switch_to.default_content()
    wait(admin, lambda d: "shop_name" in text(d, "#remote-picked"))
    admin.find_element(By.CSS_SELECTOR, "#remote-fill-form input[name=value]").send_keys("Filled by support")
    admin.find_element(By.CSS_SELECTOR, "#remote-fill-form button").click()
    wait(partner, lambda d: d.find_element(By.ID, "shop-name").get_attribute("value") == "Filled by support")

    # 4. The admin edits a product for the partner; the partner sees it live and on its product page.
    Select(admin.find_element(By.ID, "remote-product")).select_by_value(str(product.pk))
    admin.find_element(By.ID, "remote-product-title").send_keys("Green tea 100 g")
    admin.find_element(By.ID, "remote-product-price").send_keys("125.50")
    admin.find_element(By.ID, "remote-product-save").click()
    wait(admin, lambda d: "updated" in text(d, "#remote-result"))
    wait(partner, lambda d: "TEA-1 updated" in text(d, "#remote-log"))
    product.refresh_from_db()
    assert (product.title, str(product.price)) == ("Green tea 100 g", "125.50")
    partner.get(f"{live}/products/{product.pk}/")
    assert "Green tea 100 g" in partner.page_source

    # 5. The partner ends the session with one click; the admin's next action is refused.
    wait(partner, lambda d: d.find_element(By.ID, "remote-end").is_displayed())
    partner.find_element(By.ID, "remote-end").click()
    wait(admin, lambda d: "4409" in text(d, "#remote-status") or "Ended" in text(d, "#remote-status"))
    title = admin.find_element(By.ID, "remote-product-title")
    title.clear()
    title.send_keys("Should not apply")
    admin.find_element(By.ID, "remote-product-save").click()
    wait(admin, lambda d: "Refused" in text(d, "#remote-result"))
    product.refresh_from_db()
    assert product.title == "Green tea 100 g"
    assert RemoteSession.objects.get().state == "ended"

    # 6. Replay at 4x: events in recorded order, ending on the partner's last page as it was.
    admin.get(f"{live}/admin/remote/remotesession/{session.pk}/replay/")
    admin.find_element(By.ID, "remote-play-4").click()
    wait(admin, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-replay-done") == "1", timeout=15)
    assert "Green tea 100 g" in mirrored(admin, "return d.body.textContent")
    replayed = [li.get_attribute("data-event") for li in admin.find_elements(By.CSS_SELECTOR, "#remote-replay-log li")]
    assert replayed == sorted(replayed, key=int) and len(replayed) >= 5
    assert "TEA-1 updated" in text(admin, "#remote-replay-log")

    # The whole recording holds the typed text but never the secret.
    recording = json.dumps(list(SessionEvent.objects.values_list("data", flat=True)), ensure_ascii=False)
    assert "Tashkent Tea" in recording and SECRET not in recording
