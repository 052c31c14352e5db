"""Sync tests against the sandbox marketplaces over real HTTP (threaded server on 127.0.0.1)."""
from __future__ import annotations

import pytest
from django_q.models import Schedule

from marketplaces.models import MarketplaceAccount
from marketplaces.sandbox.models import SandboxCard, SandboxStock
from marketplaces.sandbox.tests.conftest import Sandbox, sandbox, sandbox_url  # noqa: F401
from marketplaces.sync.models import VendorRef

VENDOR = {"wb": "wildberries", "ozon": "ozon", "ym": "yandex_market", "uzum": "uzum"}


@pytest.fixture(autouse=True)
def _close_pooled_sessions():
    yield
    from marketplaces.clients.http import sessions_close_all
    from marketplaces.sandbox.tests.conftest import _wait_idle
    sessions_close_all()
    _wait_idle()


def link(sb: Sandbox, vendor: str, partner, *, demo_cards: int = 3, cards: list | None = None, **extra):
    """A sandbox account, our MarketplaceAccount for `partner` pointing at it, and VendorRefs for its
    cards (what a card create or a catalogue read leaves behind). Returns (ours, theirs)."""
    acc = sb.account(vendor, demo_cards=demo_cards, seed=7, **extra)
    ids = {k: acc.data[k] for k in ("client_id", "business_id", "campaign_id", "shop_id") if acc.data.get(k)}
    ids["warehouse_ids"] = acc.data.get("warehouses") or []
    creds = {k: v for k, v in acc.creds.items() if k in ("token", "client_id", "api_key")}
    ours = MarketplaceAccount.objects.create(partner=partner, marketplace=VENDOR[vendor], credentials=creds,
                                             vendor_ids=ids, base_url=f"{sb.url}/sandbox/{vendor}", is_sandbox=True,
                                             status=MarketplaceAccount.Status.OK)
    refs_link(ours, cards if cards is not None else list(SandboxCard.objects.filter(account_id=acc.id)))
    return ours, acc


def refs_link(ours, cards) -> None:
    VendorRef.objects.bulk_create([VendorRef(account=ours, sku=c.offer_id, vendor_id=str(c.ext_id or ""),
                                             sku_id=str(c.sku_id or ""), barcode=c.barcode or "") for c in cards],
                                  batch_size=2000)


def sandbox_stock(acc_id: int, ours=None) -> dict[str, int]:
    """Stock per offer in the sandbox, in the warehouse we push to (the account's first one)."""
    rows = SandboxStock.objects.filter(card__account_id=acc_id)
    warehouses = (ours.vendor_ids or {}).get("warehouse_ids") if ours is not None else None
    if warehouses:
        rows = rows.filter(warehouse__ext_id=warehouses[0])
    return dict(rows.values_list("card__offer_id", "amount"))


def retries_due(account) -> list[Schedule]:
    return list(Schedule.objects.filter(func="marketplaces.sync.tasks.intents_push_task",
                                        args__startswith=f"({account.pk}, ").order_by("id"))


def run_retry(schedule: Schedule) -> dict:
    """What the django-q2 scheduler does when the retry is due (the test does not wait for it)."""
    import ast

    from marketplaces.sync.tasks import intents_push_task
    args = ast.literal_eval(schedule.args)
    schedule.delete()
    return intents_push_task(*args)
