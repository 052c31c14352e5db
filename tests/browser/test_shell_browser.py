"""The shell in real headless Chromium: mobile menu, scrolling tables, touch targets, languages.

Screenshots go to test-artifacts/ (git-ignored) for a human look at the design.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from marketplaces.clients.uzum_portal.browser import chrome_start, chrome_stop
from marketplaces.clients.uzum_portal.client import _detached

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
# Elements a finger must hit: every visible control of the shell and the pages.
TOUCH_TARGETS_JS = """
return Array.from(document.querySelectorAll(
  'a.btn, button, input:not([type=hidden]), select, .nav-links a, .nav-toggle, .table td a, .footer a, .report a'))
  .filter(el => el.offsetParent !== null)
  .map(el => {const r = el.getBoundingClientRect();
              return {what: el.outerHTML.slice(0, 80), h: r.height, w: r.width};});
"""


@pytest.fixture(scope="module")
def driver():
    browser, profile = chrome_start()
    ARTIFACTS.mkdir(exist_ok=True)
    yield browser
    chrome_stop(browser, profile)


def _viewport(driver, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 768})


def _login(driver, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    driver.get(live_server.url + "/static/css/app.css")  # any same-origin page, to set the cookie
    driver.delete_all_cookies()
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                       "path": "/"})


def _click_and_wait(driver, element) -> None:
    """Click something that loads a new page and wait until the old page is gone."""
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element("tag name", "html")
    element.click()
    WebDriverWait(driver, 10).until(lambda _driver: _detached(old))


@pytest.fixture
def seeded(partner_a, user_a, make_product, make_warehouse):
    warehouse = make_warehouse(partner=partner_a, name="Tashkent main", location="Yunusabad district, 14")
    for n in range(12):
        make_product(partner=partner_a, sku=f"SILK-{n:03d}", title=f"Margilan silk scarf, hand-woven, pattern {n}",
                     brand="Yodgorlik", category="Textiles / Scarves", barcode=f"47800000{n:05d}", price=185000)
    return user_a, warehouse


def test_mobile_menu_scrolling_table_and_touch_targets(driver, live_server, seeded):
    from selenium.webdriver.common.by import By

    user, _warehouse = seeded
    _viewport(driver, 375, 812)
    _login(driver, live_server, user)
    driver.get(live_server.url + "/products/")
    width = driver.execute_script("return window.innerWidth")
    assert width == 375, (width, driver.current_url)
    toggle = driver.find_element(By.ID, "nav-toggle")
    nav = driver.find_element(By.ID, "site-nav")
    assert toggle.is_displayed() and not nav.is_displayed()
    driver.save_screenshot(str(ARTIFACTS / "mobile-products.png"))
    toggle.click()
    assert nav.is_displayed() and toggle.get_attribute("aria-expanded") == "true"
    assert driver.find_element(By.LINK_TEXT, "Warehouses").is_displayed()
    sizes = driver.execute_script(TOUCH_TARGETS_JS)
    assert len(sizes) > 20
    small = [s for s in sizes if s["h"] < 44]
    assert not small, small
    driver.save_screenshot(str(ARTIFACTS / "mobile-menu-open.png"))
    wrap = driver.find_element(By.ID, "product-table-wrap")
    scroll = driver.execute_script("return [arguments[0].scrollWidth, arguments[0].clientWidth]", wrap)
    assert scroll[0] > scroll[1], scroll  # the table scrolls inside its box ...
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 375  # ... not the page
    driver.execute_script("arguments[0].scrollLeft = 200", wrap)
    assert driver.execute_script("return arguments[0].scrollLeft", wrap) > 0
    header = driver.find_element(By.CSS_SELECTOR, "#product-table th")
    assert header.value_of_css_property("position") == "sticky"


def test_desktop_nav_visible_and_live_search(driver, live_server, seeded):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    user, _warehouse = seeded
    _viewport(driver, 1280, 900)
    _login(driver, live_server, user)
    driver.get(live_server.url + "/products/")
    assert driver.find_element(By.ID, "site-nav").is_displayed()
    assert not driver.find_element(By.ID, "nav-toggle").is_displayed()
    assert driver.find_element(By.LINK_TEXT, "Warehouses").is_displayed()
    driver.save_screenshot(str(ARTIFACTS / "desktop-products.png"))
    driver.find_element(By.ID, "search-q").send_keys("SILK-007")
    WebDriverWait(driver, 5).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#product-table tbody tr")) == 1)
    assert "q=SILK-007" in driver.current_url  # hx-push-url keeps the search in the address
    driver.get(live_server.url + "/")
    driver.save_screenshot(str(ARTIFACTS / "desktop-dashboard.png"))


def test_csv_import_report_in_browser(driver, live_server, seeded, tmp_path):
    from selenium.webdriver.common.by import By

    user, _warehouse = seeded
    _viewport(driver, 1280, 900)
    _login(driver, live_server, user)
    bad = tmp_path / "products.csv"
    bad.write_text("sku,title,price\nNEW-1,Apple,12.5\nNEW-2,Pear,twelve\n,No SKU,1\n", encoding="utf-8")
    driver.get(live_server.url + "/products/import/")
    driver.find_element(By.ID, "id_file").send_keys(str(bad))
    _click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    report = driver.find_element(By.ID, "import-report")
    lines = [li.get_attribute("data-line") for li in report.find_elements(By.CSS_SELECTOR, "li[data-line]")]
    assert lines == ["3", "4"] and "twelve" in report.text
    driver.save_screenshot(str(ARTIFACTS / "desktop-import-report.png"))


def test_language_switch_to_russian(driver, live_server, seeded):
    from selenium.webdriver.common.by import By

    user, _warehouse = seeded
    _viewport(driver, 1280, 900)
    _login(driver, live_server, user)
    driver.get(live_server.url + "/warehouses/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Warehouses"
    _click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".lang-switch button[value=ru]"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Склады"
    assert driver.current_url.endswith("/warehouses/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru"
    assert driver.find_element(By.LINK_TEXT, "Товары").is_displayed()
    driver.save_screenshot(str(ARTIFACTS / "desktop-warehouses-ru.png"))
    _click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".lang-switch button[value=en]"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Warehouses"
