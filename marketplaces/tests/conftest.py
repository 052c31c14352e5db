"""Client tests run over real HTTP against the sandbox emulators (threaded server on 127.0.0.1,
free port), reusing the sandbox test server fixtures. Our MarketplaceAccount rows point at it."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from marketplaces.models import Marketplace, MarketplaceAccount
from marketplaces.sandbox.tests.conftest import Sandbox, sandbox, sandbox_url  # noqa: F401
from partners.models import Partner

FIXTURES = Path(__file__).parent / "fixtures"
VENDOR = {"wb": Marketplace.WILDBERRIES, "ozon": Marketplace.OZON, "ym": Marketplace.YANDEX_MARKET,
          "uzum": Marketplace.UZUM}
SCALE = 1000.0
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _close_pooled_sessions():
    """Pooled keep-alive sessions would keep sandbox server threads (and their DB connections) alive."""
    yield
    from marketplaces.clients.http import sessions_close_all
    from marketplaces.sandbox.tests.conftest import _wait_idle
    sessions_close_all()
    _wait_idle()


def fixture(name: str):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def connect(sb: Sandbox, vendor: str, *, demo_cards: int = 3, generate: int = 0, **extra):
    """A sandbox account plus our MarketplaceAccount pointing at it. Returns (ours, theirs)."""
    acc = sb.account(vendor, demo_cards=demo_cards, seed=7, **extra)
    if generate:
        sb.control("POST", f"accounts/{acc.id}/generate", {"steps": generate}, expect=200)
    ids = {k: acc.data[k] for k in ("client_id", "business_id", "campaign_id", "shop_id") if acc.data.get(k)}
    ids["warehouse_ids"] = acc.data.get("warehouses") or []
    creds = {k: v for k, v in acc.creds.items() if k in ("token", "client_id", "api_key")}
    partner = Partner.objects.create(legal_name=f"Client test {next(_seq)} LLC", status=Partner.Status.ACTIVE)
    ours = MarketplaceAccount.objects.create(partner=partner, marketplace=VENDOR[vendor], credentials=creds,
                                             vendor_ids=ids, base_url=f"{sb.url}/sandbox/{vendor}", is_sandbox=True)
    return ours, acc


def secret_of(acc) -> str:
    return acc.creds.get("token") or acc.creds.get("api_key")
