"""Uzum seller portal client: Selenium + headless Chromium for what Uzum's API cannot do (cards).
Login with password and a 2FA code (from a TOTP secret, or asked from the partner through a
callback); cookies persisted encrypted per account so a session is reused; an expired session is
re-logged once; a captcha raises CaptchaRequired; every error saves a screenshot + the page HTML."""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from django.conf import settings

from marketplaces.clients import errors
from marketplaces.clients.types import (BatchResult, Capability as C, ConnectionReport, ItemResult, ProductCard,
                                        StockUpdate)
from marketplaces.clients.uzum_portal.browser import chrome_start, chrome_stop
from marketplaces.clients.uzum_portal.selectors import SELECTORS
from marketplaces.clients.uzum_portal.totp import totp_now

log = logging.getLogger("marketplaces.portal")
WAIT_S = 10


def _detached(element) -> bool:
    """True once an element left the page. Chromium reports a detached node either as a stale
    element or, while the next page is loading, as another WebDriver error: both mean "gone"."""
    from selenium.common.exceptions import WebDriverException
    try:
        element.is_enabled()
    except WebDriverException:
        return True
    return False


class UzumPortalClient:
    vendor = "uzum_portal"
    capabilities = frozenset({C.CONNECTION, C.CARDS, C.STOCKS})

    def __init__(self, *, account, credentials: dict, base_url: str = "",
                 code_provider: Callable[[], str] | None = None, headless: bool = True, artifacts_dir: Path | None = None):
        self.account, self._creds = account, credentials
        self.base_url = (base_url or account.base_url).rstrip("/")
        self.code_provider, self.headless = code_provider, headless
        self.artifacts_dir = Path(artifacts_dir or Path(settings.MEDIA_ROOT) / "portal-errors" / str(account.pk))
        self.driver = None
        self._profile = ""
        self.logins = 0
        self.artifacts: list[Path] = []

    # ---- lifecycle ------------------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self.driver is not None:
            chrome_stop(self.driver, self._profile)
            self.driver = None

    def _browser(self):
        if self.driver is None:
            self.driver, self._profile = chrome_start(headless=self.headless)
        return self.driver

    # ---- page helpers ------------------------------------------------------------------------
    def _page(self) -> str:
        from selenium.common.exceptions import WebDriverException
        try:
            return self.driver.find_element("css selector", "body").get_attribute("data-portal-page") or ""
        except WebDriverException:
            return ""

    def _wait_page(self, *names: str) -> str:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            page = self._page()
            if page in names or page == "captcha" or (page == "login" and "login" not in names):
                return page
            time.sleep(0.05)
        return self._page()

    def _click(self, key: str, *names: str, within=None) -> str:
        """Click and wait for the next page (the old <body> must go stale first)."""
        from selenium.webdriver.support.ui import WebDriverWait
        old = self.driver.find_element("css selector", "body")
        self._find(key, within=within).click()
        WebDriverWait(self.driver, WAIT_S).until(lambda _driver: _detached(old))
        return self._wait_page(*names)

    def _sel(self, key: str):
        version = self.driver.find_element("css selector", "body").get_attribute("data-ui-version") or "v1"
        return SELECTORS.get(version, SELECTORS["v1"])[key]

    def _find(self, key: str, within=None, **fmt):
        from selenium.common.exceptions import NoSuchElementException
        selector = self._sel(key)
        selector = [s.format(**fmt) for s in selector] if isinstance(selector, list) else selector.format(**fmt)
        try:
            if isinstance(selector, list):
                return [(within or self.driver).find_element("css selector", s) for s in selector]
            return (within or self.driver).find_element("css selector", selector)
        except NoSuchElementException:
            raise errors.SelectorNotFound(f"portal control '{key}' not found", selector=str(selector)) from None

    def _check(self, page: str, expected: str) -> None:
        if page == "captcha":
            raise errors.CaptchaRequired("the portal asks for a captcha; solve it in the portal, then retry")
        if page == "login" and expected != "login":
            if "reason=expired" in self.driver.current_url:
                raise errors.SessionExpired("the portal session expired")
            raise errors.AuthRejected("the portal refused the login or password")
        if page != expected:
            raise errors.ContractChanged(f"portal showed page '{page}' where '{expected}' was expected")

    def _artifact(self, exc: Exception) -> None:
        if self.driver is None:
            return
        self.artifacts_dir.mkdir(parents=True, exist_ok=True)
        kind = getattr(exc, "kind", "error")
        stem = self.artifacts_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-{kind}-{len(self.artifacts)}"
        try:
            self.driver.save_screenshot(str(stem.with_suffix(".png")))
            stem.with_suffix(".html").write_text(self.driver.page_source, encoding="utf-8")
        except Exception:  # noqa: BLE001 - artifacts are best effort; the original error matters
            log.warning("portal artifact not saved", extra={"account": self.account.pk})
            return
        self.artifacts += [stem.with_suffix(".png"), stem.with_suffix(".html")]
        if isinstance(exc, (errors.CaptchaRequired, errors.SelectorNotFound)):
            exc.screenshot = str(stem.with_suffix(".png"))

    # ---- session ---------------------------------------------------------------------------
    def login(self) -> None:
        d = self._browser()
        d.get(f"{self.base_url}/login")
        self._check(self._wait_page("login"), "login")
        self._find("login").send_keys(self._creds["login"])
        self._find("password").send_keys(self._creds["password"])
        page = self._click("signin", "otp", "products")
        if page == "otp":
            code = self._code()
            fields = self._find("otp")
            for field, part in zip(fields, [code] if len(fields) == 1 else code):
                field.send_keys(part)
            page = self._click("otp_submit", "products")
        self._check(page, "products")
        self.logins += 1
        self._cookies_save()
        log.info("portal login", extra={"account": self.account.pk})

    def _code(self) -> str:
        if self._creds.get("totp_secret"):
            return totp_now(self._creds["totp_secret"])
        if self.code_provider is None:
            raise errors.AuthRejected("the portal asks for a 2FA code: ask the partner for it")
        return str(self.code_provider()).strip()

    def _cookies_save(self) -> None:
        from marketplaces.models import MarketplaceAccount
        self.account.portal_cookies = json.dumps(self.driver.get_cookies())
        MarketplaceAccount.objects.filter(pk=self.account.pk).update(portal_cookies=self.account.portal_cookies)

    def _session(self) -> None:
        """Reuse stored cookies when there are any, else log in."""
        d = self._browser()
        if self.logins:
            return
        if self.account.portal_cookies:
            d.get(f"{self.base_url}/login")
            for cookie in json.loads(self.account.portal_cookies):
                d.add_cookie({k: v for k, v in cookie.items() if k in ("name", "value", "path", "httpOnly", "secure")})
            d.get(f"{self.base_url}/products")
            page = self._wait_page("products")
            if page == "products":
                self.logins = -1  # a reused session counts as logged in without a new login
                return
        self.login()

    def _run(self, action: Callable[[], object]):
        """Run an action in a session; an expired session is re-logged exactly once."""
        try:
            self._session()
            try:
                return action()
            except errors.SessionExpired:
                log.info("portal session expired; logging in again", extra={"account": self.account.pk})
                self.login()
                return action()
        except errors.MarketplaceError as exc:
            self._artifact(exc)
            raise
        except Exception as exc:  # noqa: BLE001 - a browser failure becomes our error, with artifacts
            wrapped = errors.Unavailable(f"portal browser failure: {type(exc).__name__}")
            self._artifact(wrapped)
            raise wrapped from exc

    # ---- protocol ------------------------------------------------------------------------------
    def connection_check(self) -> ConnectionReport:
        self._run(lambda: None)
        return ConnectionReport(ok=True)

    def cards_upsert(self, cards: Sequence[ProductCard]) -> BatchResult:
        result = BatchResult()
        for card in cards:
            result.items.append(self._run(lambda card=card: self._card_create(card)))
            result.requests += 1
        return result

    def _card_create(self, card: ProductCard) -> ItemResult:
        from selenium.webdriver.support.ui import Select
        self.driver.get(f"{self.base_url}/products")
        self._check(self._wait_page("products"), "products")
        self._check(self._click("new_product", "product-form"), "product-form")
        for key, value in (("title", card.title), ("sku", card.sku), ("price", str(int(card.price or 0))),
                           ("description", card.description), ("stock", str(card.attributes.get("stock", 0)))):
            field = self._find(key)
            field.clear()
            field.send_keys(value)
        Select(self._find("category")).select_by_value(str(card.attributes.get("portal_category", "home")))
        page = self._click("save", "products", "product-form")
        if page == "product-form":
            return ItemResult(key=card.sku, ok=False, code="rejected", message=self._form_errors())
        self._check(page, "products")
        listed = self.driver.find_elements("css selector", self._sel("row").format(sku=card.sku))
        return ItemResult(key=card.sku, ok=bool(listed), message="" if listed else "not listed after saving")

    def _form_errors(self) -> str:
        found = self.driver.find_elements("css selector", ".errorlist li, .error, [data-error]")
        return "; ".join(e.text for e in found)[:300]

    def stocks_update(self, items: Sequence[StockUpdate]) -> BatchResult:
        result = BatchResult()
        for item in items:
            result.items.append(self._run(lambda item=item: self._stock_set(item)))
            result.requests += 1
        return result

    def _stock_set(self, item: StockUpdate) -> ItemResult:
        self.driver.get(f"{self.base_url}/products")
        self._check(self._wait_page("products"), "products")
        row = self._find("row", sku=item.sku)
        self._check(self._click("stock_link", "stock-form", within=row), "stock-form")
        field = self._find("stock_input")
        field.clear()
        field.send_keys(str(int(item.quantity)))
        self._check(self._click("stock_save", "products"), "products")
        shown = self._find("row_stock", within=self._find("row", sku=item.sku)).text.strip()
        return ItemResult(key=item.sku, ok=shown == str(int(item.quantity)), message="" if shown else "not shown")
