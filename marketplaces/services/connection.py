"""Connection test used by onboarding: network, authentication, data fetch, upload test. Each
step has a status, a duration and a plain message with a fix hint; the first failure stops the
run and names the step. On a live marketplace only read-only calls are made."""
from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from urllib.parse import urlparse

from django.utils.translation import gettext as _

from marketplaces.clients import errors
from marketplaces.clients.selector import client_for_account
from marketplaces.clients.types import Capability, PriceUpdate, ProductCard, StockUpdate
from marketplaces.clients.wildberries.endpoints import HOSTS as WB_HOSTS
from marketplaces.models import Marketplace, MarketplaceAccount
from marketplaces.services.accounts import account_check_record

STEPS = ("network", "authentication", "data_fetch", "upload_test")
REAL_HOSTS = {Marketplace.WILDBERRIES: WB_HOSTS["content"], Marketplace.OZON: "https://api-seller.ozon.ru",
              Marketplace.YANDEX_MARKET: "https://api.partner.market.yandex.ru",
              Marketplace.UZUM: "https://api-seller.uzum.uz"}


@dataclass
class StepResult:
    name: str
    status: str = "skipped"  # ok / failed / skipped
    duration_ms: float = 0.0
    message: str = ""
    hint: str = ""
    error_kind: str = ""


@dataclass
class ConnectionTestReport:
    account_id: int
    ok: bool = False
    steps: list[StepResult] = field(default_factory=list)

    @property
    def failed_step(self) -> str:
        return next((s.name for s in self.steps if s.status == "failed"), "")

    def as_dict(self) -> dict:
        return {"account_id": self.account_id, "ok": self.ok, "failed_step": self.failed_step,
                "steps": [asdict(s) for s in self.steps]}


def _explain(exc: Exception, account: MarketplaceAccount) -> tuple[str, str]:
    name = account.get_marketplace_display()
    if isinstance(exc, errors.Maintenance):
        return _("%(m)s is under maintenance.") % {"m": name}, _("Wait a few minutes and retry.")
    if isinstance(exc, errors.Timeout):
        return (_("%(m)s did not answer in time.") % {"m": name},
                _("Retry in a minute; if it persists, contact support."))
    if isinstance(exc, (errors.NetworkError, OSError)):
        return _("We could not reach %(m)s at %(h)s.") % {"m": name, "h": _host(account)}, \
            _("Check the marketplace address and that the server can reach the internet.")
    if isinstance(exc, errors.AuthRejected):
        return _("%(m)s rejected the API key.") % {"m": name}, \
            _("Create a new API key in the seller cabinet and paste it again; check that it has the needed scopes.")
    if isinstance(exc, errors.NotFound):
        return _("The key works, but the shop or campaign id is not available to it.") , \
            _("Check the shop (campaign, business) id in the seller cabinet and correct it.")
    if isinstance(exc, errors.RateLimited):
        return (_("%(m)s asked us to slow down.") % {"m": name},
                _("Retry in %(s)d seconds.") % {"s": int(exc.retry_after) + 1})
    if isinstance(exc, errors.Rejected):
        return _("%(m)s refused the test data.") % {"m": name}, _("Check the account's settings; details: %(d)s") % {
            "d": exc.message[:200]}
    if isinstance(exc, errors.ContractChanged):
        return (_("%(m)s answered in a format we do not know.") % {"m": name},
                _("Contact support; we will update Bozor."))
    if isinstance(exc, errors.Unavailable):
        return _("%(m)s is having problems right now.") % {"m": name}, _("Retry in a few minutes.")
    return _("Unexpected error.") , _("Contact support.")


def _host(account: MarketplaceAccount) -> str:
    return urlparse(account.base_url or REAL_HOSTS.get(account.marketplace, "")).netloc


def _reach(account: MarketplaceAccount, timeout: float) -> None:
    url = urlparse(account.base_url or REAL_HOSTS[account.marketplace])
    port = url.port or (443 if url.scheme == "https" else 80)
    with socket.create_connection((url.hostname, port), timeout=timeout):
        pass


def _data_fetch(client, account):
    if Capability.WAREHOUSES in client.capabilities:
        return _("%(n)d warehouse(s) found.") % {"n": len(client.warehouses_list())}
    return _("%(n)d new order(s) found.") % {"n": len(client.orders_list())}


def _upload_test(client, account):
    if not account.is_sandbox:
        if Capability.WAREHOUSES in client.capabilities:
            client.warehouses_list()
        else:
            client.orders_list()
        return _("Live marketplace: checked read-only, nothing was uploaded.")
    if Capability.CARDS in client.capabilities:
        result = client.cards_upsert([ProductCard(
            sku=f"BOZOR-TEST-{account.pk}", title="Bozor connection test", description="Test product", brand="Bozor",
            category_id=2001 if account.marketplace == Marketplace.WILDBERRIES else 15678123,
            attributes={"description_category_id": 17028922, "type_id": 92842}, price=10000, weight_g=450,
            length_mm=120, width_mm=90, height_mm=100, images=["https://cdn.example/bozor-test.jpg"])])
        if not result.ok:
            raise errors.Rejected("; ".join(f"{i.code}: {i.message}" for i in result.failed))
        return _("A test product was created in the sandbox.")
    products = client.products_list(size=1)
    if products:
        p = products[0]
        client.stocks_update([StockUpdate(sku=p["sku"], quantity=1, vendor_id=p["sku_id"], barcode=p["barcode"])])
        client.prices_update([PriceUpdate(sku=p["sku"], price=10000, vendor_id=p["product_id"], sku_id=p["sku_id"])])
    return _("A test stock and price were sent to the sandbox.")


def connection_test_run(*, account: MarketplaceAccount, actor=None, timeout: float = 5.0,
                        on_step: Callable[[ConnectionTestReport], None] | None = None) -> ConnectionTestReport:
    """`on_step(report)` is called when a step starts (status "running") and when it ends, so a
    caller can show live progress (onboarding stores it for the page to poll)."""
    report = ConnectionTestReport(account_id=account.pk, steps=[StepResult(name=n) for n in STEPS])
    client = client_for_account(account, purpose="connection_test", actor=actor, timeout=(timeout, timeout * 2))
    actions = {
        "network": lambda: (_reach(account, timeout), _("%(h)s is reachable.") % {"h": _host(account)})[1],
        "authentication": lambda: (client.connection_check(), _("The key was accepted."))[1],
        "data_fetch": lambda: _data_fetch(client, account),
        "upload_test": lambda: _upload_test(client, account),
    }
    for step in report.steps:
        started = time.monotonic()
        step.status = "running"
        if on_step:
            on_step(report)
        try:
            step.message = str(actions[step.name]())
            step.status = "ok"
        except (errors.MarketplaceError, OSError) as exc:
            step.status, step.error_kind = "failed", getattr(exc, "kind", "network")
            step.message, step.hint = (str(x) for x in _explain(exc, account))
        step.duration_ms = round((time.monotonic() - started) * 1000, 1)
        if on_step:
            on_step(report)
        if step.status == "failed":
            break
    report.ok = all(s.status == "ok" for s in report.steps)
    account_check_record(account=account, ok=report.ok)
    return report
