"""Jobs over real HTTP: pulls twice without duplicates (unmapped lines visible to the partner),
the partner's own pull schedule, code-declared schedules, reconciliation of drift, outbox sweep."""
from __future__ import annotations

import itertools
import time

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_q.models import Schedule

from marketplaces.models import MarketplaceAccount
from marketplaces.sandbox.models import SandboxCard, SandboxOrder, SandboxStock
from marketplaces.sync import jobs, reconcile
from marketplaces.sync.dispatch import intents_push
from marketplaces.sync.models import Intent, JobProgress, Operation, Order, Review
from marketplaces.sync.tests.conftest import link, sandbox_stock
from partners.models import Partner, Product, StockLevel, User, Warehouse

_seq = itertools.count(1)


@pytest.fixture
def partner(sandbox):
    return Partner.objects.create(legal_name=f"Jobs test {next(_seq)} {time.time_ns()} LLC",
                                  status=Partner.Status.ACTIVE)


def test_orders_and_reviews_pulled_twice_make_no_duplicates_and_unmapped_line_is_shown(sandbox, partner):
    linked = [link(sandbox, v, partner) for v in ("wb", "ozon", "ym", "uzum")]
    for _, acc in linked:
        sandbox.control("POST", f"accounts/{acc.id}/generate", {"steps": 8}, expect=200)
    first = jobs.partner_pull(partner_id=partner.pk)
    orders, reviews = Order.objects.filter(partner=partner).count(), Review.objects.filter(partner=partner).count()
    sandbox_orders = SandboxOrder.objects.filter(account_id__in=[a.id for _, a in linked]).count()
    assert orders >= 1 and reviews >= 1 and sandbox_orders >= 1, first
    again = jobs.partner_pull(partner_id=partner.pk)
    assert Order.objects.filter(partner=partner).count() == orders
    assert Review.objects.filter(partner=partner).count() == reviews
    assert all(v["orders"].get("created", 0) == 0 for v in again.values() if "created" in v["orders"])
    assert Operation.objects.filter(account__partner=partner, kind="orders_pull", status="succeeded").count() == 8
    # the partner has no products: every line is unmapped, kept and shown on the order page
    order = Order.objects.filter(partner=partner).first()
    assert order.has_unmapped_lines and order.lines.count() >= 1
    user = User.objects.create_user(email=f"owner{time.time_ns()}@jobs.test", password="x-long-pass-42",
                                    partner=partner)
    client = Client()
    client.force_login(user)
    resp = client.get(reverse("order_detail", args=[order.pk]))
    html = resp.content.decode()
    line = order.lines.first()
    assert resp.status_code == 200 and order.external_id in html
    assert "not matched" in html and line.sku in html  # the unmapped line is shown, flagged


def test_partner_schedules_start_creates_then_updates_one_schedule(sandbox, partner):
    from marketplaces.sync.services import partner_schedules_start

    partner_schedules_start(partner)
    schedule = partner_schedules_start(partner)
    assert Schedule.objects.filter(name=f"partner-{partner.pk}-pull").count() == 1
    assert (schedule.func, schedule.minutes, schedule.schedule_type) == (
        "marketplaces.sync.tasks.partner_pull", 5, Schedule.MINUTES)
    assert schedule.args == repr(partner.pk)


def test_code_declared_sync_schedules_are_upserted(sandbox):
    call_command("schedules_upsert", verbosity=0)
    names = set(Schedule.objects.filter(name__startswith="code:sync.").values_list("name", flat=True))
    assert names == {"code:sync.outbox_sweep", "code:sync.pulls_all", "code:sync.reconcile"}


@pytest.mark.parametrize("vendor", ["wb", "ozon", "ym", "uzum"])
def test_reconciliation_detects_drift_on_both_sides_and_repairs_it(sandbox, partner, vendor):
    ours, acc = link(sandbox, vendor, partner)
    wh = ours.vendor_ids.get("warehouse_ids")
    if wh:  # the seller keeps these goods in the one warehouse we set (Ozon then reads them exactly)
        SandboxStock.objects.filter(card__account_id=acc.id).exclude(warehouse__ext_id=wh[0]).update(amount=0)
    warehouse = Warehouse.objects.create(partner=partner, name="Main")
    cards = list(SandboxCard.objects.filter(account_id=acc.id).order_by("pk"))
    for i, card in enumerate(cards):
        product = Product.objects.create(partner=partner, sku=card.offer_id, title=card.title or "P", price=1000 + i)
        StockLevel.objects.create(product=product, warehouse=warehouse, quantity=5 + i)
    counts = reconcile.account_reconcile(account=ours)
    assert counts["stock_drift"] == len(cards) and counts["price_drift"] == len(cards)  # never sent: drift
    assert counts["read_back"] == "ok"
    intents_push(account_id=ours.pk, kind="stock")
    intents_push(account_id=ours.pk, kind="price")
    assert sandbox_stock(acc.id, ours) == {c.offer_id: 5 + i for i, c in enumerate(cards)}
    counts = reconcile.account_reconcile(account=ours)  # in step on both sides: nothing to send
    assert (counts["stock_drift"], counts["stock_drift_marketplace"], counts["queued"]) == (0, 0, 0)
    StockLevel.objects.filter(product__sku=cards[0].offer_id).update(quantity=42)  # changed behind our back
    counts = reconcile.account_reconcile(account=ours)
    assert counts["stock_drift"] == 1 and counts["queued"] == 1
    intents_push(account_id=ours.pk, kind="stock")
    assert sandbox_stock(acc.id, ours)[cards[0].offer_id] == 42
    # The seller changes stock in the marketplace's own cabinet: read back, found, put right.
    theirs = SandboxStock.objects.filter(card=cards[1])
    (theirs.filter(warehouse__ext_id=wh[0]) if wh else theirs).update(amount=99)
    counts = reconcile.account_reconcile(account=ours)
    assert (counts["stock_drift"], counts["stock_drift_marketplace"], counts["queued"]) == (0, 1, 1)
    assert Intent.objects.filter(account=ours, kind="stock", status="pending").get().key == cards[1].offer_id
    intents_push(account_id=ours.pk, kind="stock")
    assert sandbox_stock(acc.id, ours)[cards[1].offer_id] == 6
    full = reconcile.reconcile_all(full=True)
    assert full[ours.pk]["queued"] == 2 * len(cards) and full[ours.pk]["read_back"] == ""  # all re-pushed
    progress = JobProgress.objects.filter(name="reconcile").order_by("-id").first()
    assert progress.finished and progress.done >= 2 * len(cards)


def test_reconciliation_resends_all_stock_when_the_marketplace_cannot_be_read(sandbox, partner):
    ours, acc = link(sandbox, "wb", partner)
    warehouse = Warehouse.objects.create(partner=partner, name="Main")
    for card in SandboxCard.objects.filter(account_id=acc.id):
        StockLevel.objects.create(product=Product.objects.create(partner=partner, sku=card.offer_id, title="P",
                                                                 price=10), warehouse=warehouse, quantity=3)
    reconcile.account_reconcile(account=ours, kinds=("stock",))
    intents_push(account_id=ours.pk, kind="stock")
    fault = sandbox.fault(account=acc.id, kind="token_revoked")
    try:
        counts = reconcile.account_reconcile(account=ours, kinds=("stock",))
    finally:
        sandbox.control("DELETE", f"faults/{fault['id']}")
    assert counts["read_back"] == "AuthRejected" and counts["queued"] == 3  # cannot tell: repair all
    portal = Partner.objects.create(legal_name=f"Portal only {time.time_ns()}", status=Partner.Status.ACTIVE)
    StockLevel.objects.create(product=Product.objects.create(partner=portal, sku="P-1", title="P", price=10),
                              warehouse=Warehouse.objects.create(partner=portal, name="W"), quantity=2)
    portal_account = MarketplaceAccount.objects.create(
        partner=portal, marketplace="uzum", auth_mode="portal", credentials={"login": "l", "password": "p"},
        base_url=f"{sandbox.url}/sandbox/uzum-portal", is_sandbox=True)
    counts = reconcile.account_reconcile(account=portal_account, kinds=("stock",))
    assert counts["read_back"] == "unsupported" and counts["queued"] == 1
    ozon, acc = link(sandbox, "ozon", partner)  # demo stock in both its warehouses; we set the first
    counts = reconcile.account_reconcile(account=ozon, kinds=("stock",))
    assert counts["read_back"] == "ok" and counts["stock_unverified"] == 3 and counts["queued"] == 3


def test_outbox_sweep_enqueues_pending_work(sandbox, partner, settings):
    ours, acc = link(sandbox, "wb", partner)
    offer = SandboxCard.objects.filter(account_id=acc.id).first().offer_id
    Intent.objects.create(partner=partner, account=ours, kind="stock", key=offer, payload={"sku": offer, "available": 3})
    assert jobs.outbox_sweep() >= 1  # q2 runs in sync mode in tests: the push ran
    assert Intent.objects.get(account=ours).status == "sent"
    assert sandbox_stock(acc.id, ours)[offer] == 3
