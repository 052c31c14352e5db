"""The portal in real headless Chromium against a live server: password + 2FA login, product create
and stock edit on every UI version; captcha and expired session seen as such. The selectors per
version are written out here (the README table mirrors them); a real client comes later."""
from __future__ import annotations


import pytest
import requests

from marketplaces.sandbox.portal import services
from marketplaces.sandbox.portal.models import PortalProduct
from marketplaces.clients.uzum_portal.browser import chrome_start, chrome_stop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PORTAL = "/sandbox/uzum-portal"

SELECTORS = {
    "v1": {"login": "#login", "password": "#password", "signin": "#login-btn",
           "otp": ["#otp-code"], "otp_submit": "#otp-submit", "new_product": "#new-product-link",
           "title": "#title", "sku": "#sku", "price": "#price", "category": "#category",
           "description": "#description", "stock": "#stock", "save": "#save-product",
           "row": "tr.product-row[data-sku='{sku}']", "row_stock": "td.stock", "stock_link": "a.stock-link",
           "stock_input": "#stock-amount", "stock_save": "#save-stock"},
    "v2": {"login": "input[data-field=username]", "password": "input[data-field=password]",
           "signin": "button.btn-primary[data-action=signin]",
           "otp": ["input[data-field=otp]"], "otp_submit": "button[data-action=verify]",
           "new_product": "a[data-action=create-product]",
           "title": "input[data-field=title]", "sku": "input[data-field=sku]", "price": "input[data-field=price]",
           "category": "select[data-field=category]", "description": "textarea[data-field=description]",
           "stock": "input[data-field=stock]", "save": "button[data-action=save]",
           "row": ".product-grid .card[data-sku='{sku}']", "row_stock": "[data-col=stock]",
           "stock_link": "a[data-action=edit-stock]",
           "stock_input": "input[data-field=stock]", "stock_save": "button[data-action=save-stock]"},
    "v3": {"login": "input[name=u]", "password": "input[name=p]", "signin": "input[data-testid=signin-submit]",
           "otp": [f"input.otp-digit[name=d{i}]" for i in range(1, 7)], "otp_submit": "button[data-testid=otp-submit]",
           "new_product": "nav.side-menu a[data-testid=nav-add-item]",
           "title": "input[name=product-title]", "sku": "input[name=vendor-code]", "price": "input[name=price-sum]",
           "category": "select[name=category]", "description": "textarea[name=desc]",
           "stock": "input[name=quantity]", "save": "button[data-testid=submit-product]",
           "row": "li.sku-item[data-sku='{sku}']", "row_stock": "b.qty", "stock_link": "a[data-testid^=stock-]",
           "stock_input": "input[data-testid=stock-input]", "stock_save": "button[data-testid=stock-save]"},
}


@pytest.fixture(scope="module")
def driver():
    browser, profile = chrome_start()
    yield browser
    chrome_stop(browser, profile)


@pytest.fixture
def browser(driver, live_server):
    """The shared browser, cookies cleared, on the live server's origin."""
    driver.get(live_server.url + f"{PORTAL}/login")
    driver.delete_all_cookies()
    return driver


def css(driver, selector: str):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, selector)


def page_is(driver, name: str) -> bool:
    """Waits (up to 10 s) for the page marker: a click does not wait for the next page to load."""
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    try:  # mid-navigation the old document answers with stale/JavaScript errors: keep polling
        WebDriverWait(driver, 10, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script("return document.readyState === 'complete' && document.body"
                                       " && document.body.dataset.portalPage") == name)
    except TimeoutException:
        return False
    return True


def sign_in(driver, url: str, creds: dict, sel: dict) -> None:
    driver.get(url + f"{PORTAL}/login")
    css(driver, sel["login"]).send_keys(creds["login"])
    css(driver, sel["password"]).send_keys(creds["password"])
    css(driver, sel["signin"]).click()
    assert page_is(driver, "otp")
    code = creds["otp_code"]
    for selector, part in zip(sel["otp"], [code] if len(sel["otp"]) == 1 else code):
        css(driver, selector).send_keys(part)
    css(driver, sel["otp_submit"]).click()
    assert page_is(driver, "products")


@pytest.mark.parametrize("version", ["v1", "v2", "v3"])
def test_login_with_2fa_create_product_and_edit_stock(browser, live_server, version):
    from selenium.webdriver.support.ui import Select

    services.settings_update(ui_version=version)
    account, creds = services.account_create(shop_name=f"Shop {version}")
    sel = SELECTORS[version]
    sign_in(browser, live_server.url, creds, sel)
    assert css(browser, "body").get_attribute("data-ui-version") == version
    css(browser, sel["new_product"]).click()
    assert page_is(browser, "product-form")
    sku = f"MUG-{version.upper()}"
    for key, value in (("title", "Ceramic mug"), ("sku", sku), ("price", "49000"), ("description", "Red, 350 ml"),
                       ("stock", "12")):
        css(browser, sel[key]).send_keys(value)
    Select(css(browser, sel["category"])).select_by_value("home")
    css(browser, sel["save"]).click()
    assert page_is(browser, "products")
    assert css(browser, "[data-portal-notice=product-created]").is_displayed()
    row = css(browser, sel["row"].format(sku=sku))
    assert css(row, sel["row_stock"]).text == "12"
    css(row, sel["stock_link"]).click()
    assert page_is(browser, "stock-form")
    field = css(browser, sel["stock_input"])
    field.clear()
    field.send_keys("5")
    css(browser, sel["stock_save"]).click()
    assert page_is(browser, "products")
    assert css(browser, "[data-portal-notice=stock-saved]").is_displayed()
    assert css(browser, sel["row"].format(sku=sku) + " " + sel["row_stock"]).text == "5"
    product = PortalProduct.objects.get(account=account)
    assert (product.sku, product.title, product.category, product.stock) == (sku, "Ceramic mug", "home", 5)


def test_captcha_shows_as_captcha_and_can_be_solved(browser, live_server):
    services.settings_update(captcha_enabled=True)
    _, creds = services.account_create()
    browser.get(live_server.url + f"{PORTAL}/login")
    assert page_is(browser, "captcha") and css(browser, "#uzum-captcha").is_displayed()
    assert not browser.find_elements("css selector", "input[type=password]")
    a, b = [int(x) for x in css(browser, "label[for=captcha-answer]").text.split("?")[0].split()[-3::2]]
    css(browser, "#captcha-answer").send_keys(str(a + b))
    css(browser, "#captcha-submit").click()
    assert page_is(browser, "login")
    sign_in(browser, live_server.url, creds, SELECTORS["v1"])


def test_expired_session_shows_as_expired(browser, live_server):
    _, creds = services.account_create()
    sign_in(browser, live_server.url, creds, SELECTORS["v1"])
    answer = requests.post(live_server.url + "/_sandbox/uzum-portal/sessions/expire", json={}, timeout=10)
    assert answer.json() == {"expired": 1}
    css(browser, "#new-product-link").click()  # the browser still holds its cookie
    assert page_is(browser, "login")
    assert css(browser, "[data-portal-notice=session-expired]").is_displayed()
    assert browser.current_url.endswith("/login?reason=expired")
