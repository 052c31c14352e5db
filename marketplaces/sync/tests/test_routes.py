"""Browser <-> API fallback in the dispatcher (Uzum: its API token or its seller portal), over
real HTTP against the sandbox and in a real headless Chromium against the portal emulator: a card
the API cannot create goes through the portal; a stock push whose API keeps failing falls back to
the portal after the backoff retries; the knowledge base learns that the fallback healed it."""
from __future__ import annotations

import itertools
import time

import pytest

from healing.models import ErrorEvent, KnowledgeEntry, Ticket
from marketplaces.models import MarketplaceAccount
from marketplaces.sync.dispatch import intents_push
from marketplaces.sync.models import Intent, Operation
from marketplaces.sync.outbox import intent_record
from marketplaces.sync.routes import API, BROWSER, fallback_capabilities, routes_possible
from marketplaces.sync.tests.conftest import link, retries_due, run_retry
from partners.models import Partner

_seq = itertools.count(1)


def uzum_with_portal(sandbox, *, portal: bool = True):
    """Our Uzum account on the API sandbox, holding the seller portal's login as well (or not)."""
    partner = Partner.objects.create(legal_name=f"Route test {next(_seq)} {time.time_ns()} LLC",
                                     status=Partner.Status.ACTIVE)
    ours, acc = link(sandbox, "uzum", partner)
    ours.sandbox_id = acc.id
    data = None
    if portal:
        data = sandbox.control("POST", "uzum-portal/accounts", {}, expect=201)
        creds = data["credentials"]
        ours.credentials = {**ours.credentials, "login": creds["login"], "password": creds["password"],
                            "totp_secret": creds["totp_secret"]}
        ours.vendor_ids = {**ours.vendor_ids, "portal_url": f"{sandbox.url}/sandbox/uzum-portal"}
        ours.save()
    return ours, data


def portal_products(sandbox, data) -> dict:
    return {p["sku"]: p for p in sandbox.control("GET", f"uzum-portal/accounts/{data['id']}/products")["products"]}


@pytest.mark.django_db
def test_ways_in_follow_credentials_and_client_capabilities():
    partner = Partner.objects.create(legal_name="Ways LLC")
    api_only = MarketplaceAccount(partner=partner, marketplace="uzum", credentials={"token": "t"},
                                  vendor_ids={"shop_id": 7})
    both = MarketplaceAccount(partner=partner, marketplace="uzum", vendor_ids={"shop_id": 7},
                              credentials={"token": "t", "login": "l", "password": "p"})
    portal_only = MarketplaceAccount(partner=partner, marketplace="uzum", auth_mode="portal",
                                     credentials={"login": "l", "password": "p"})
    assert routes_possible(api_only, "card") == set() and routes_possible(api_only, "stock") == {API}
    assert routes_possible(both, "card") == {BROWSER} and routes_possible(both, "stock") == {API, BROWSER}
    assert routes_possible(both, "price") == {API}  # the portal client sets no prices
    assert fallback_capabilities(both, "stock", API) == {BROWSER}
    assert fallback_capabilities(portal_only, "stock", BROWSER) == {"selectors"}  # no token: no API way
    ozon = MarketplaceAccount(partner=partner, marketplace="ozon", credentials={"client_id": "1", "api_key": "k"})
    assert fallback_capabilities(ozon, "stock", API) == frozenset()


@pytest.mark.browser
def test_card_the_api_cannot_create_goes_through_the_portal_and_teaches(sandbox):
    ours, data = uzum_with_portal(sandbox)
    intent_record(account=ours, kind="card", key="MUG-R1", payload={"sku": "MUG-R1", "title": "Route mug",
                                                                   "price": "39000"})
    intents_push(account_id=ours.pk, kind="card")
    op = Operation.objects.get(account=ours, kind="card")
    assert op.status == "waiting" and op.detail["tried"] == ["fallback_browser"] and op.detail["route"] == BROWSER
    assert not Ticket.objects.filter(partner=ours.partner).exists()
    [retry] = retries_due(ours)
    run_retry(retry)  # what the scheduler runs at once (delay 0)
    op.refresh_from_db()
    assert op.status == "succeeded", (op.detail, list(Ticket.objects.filter(partner=ours.partner).values_list("body")))
    assert portal_products(sandbox, data)["MUG-R1"]["title"] == "Route mug"
    assert Intent.objects.get(account=ours, kind="card").status == "sent"
    event = ErrorEvent.objects.get(account=ours)
    assert event.recovered is True and event.action_taken == "fallback_browser"
    entry = KnowledgeEntry.objects.get(signature=event.signature, action="fallback_browser")
    assert (entry.attempts, entry.successes) == (1, 1)


@pytest.mark.browser
def test_stock_falls_back_to_the_portal_after_the_api_backoff_is_used_up(sandbox):
    from marketplaces.sandbox.models import SandboxCard
    from marketplaces.sandbox.portal.models import PortalProduct

    ours, data = uzum_with_portal(sandbox)
    offer = SandboxCard.objects.filter(account_id=ours.sandbox_id).order_by("pk").first().offer_id
    PortalProduct.objects.create(account_id=data["id"], product_id=7_000_000 + data["id"], title="Listed twice",
                                 sku=offer, price=25000, category="home")  # the same product, seen in the portal
    sandbox.fault(account=ours.sandbox_id, group="stocks", kind="error_5xx", params={"status": 502}, count=20)
    try:
        intent_record(account=ours, kind="stock", key=offer, payload={"sku": offer, "available": 4})
        intents_push(account_id=ours.pk, kind="stock")
        op = Operation.objects.get(account=ours, kind="stock")
        while op.detail["route"] == API and len(op.detail["tried"]) < 4:  # backoff: scheduled jobs, run at once
            run_retry(retries_due(ours)[0])
            op.refresh_from_db()
    finally:
        sandbox.control("DELETE", f"faults?account={ours.sandbox_id}")
    # Backoff first; once a backoff failed for this signature the knowledge base may rank the
    # untried fallback above a second backoff (learned rate 1/3 < prior 1/2), so 1 to 3 of them.
    tried = op.detail["tried"]
    assert op.status == "waiting" and tried[0] == "retry_backoff" and tried[-1] == "fallback_browser", tried
    assert set(tried[:-1]) == {"retry_backoff"} and 2 <= len(tried) <= 4
    run_retry(retries_due(ours)[0])
    op.refresh_from_db()
    assert op.status == "succeeded" and op.detail["route"] == BROWSER, op.detail
    assert list(op.attempts.values_list("ok", flat=True)) == [False] * len(tried) + [True]
    assert portal_products(sandbox, data)[offer]["stock"] == 4
    assert retries_due(ours) == [] and Intent.objects.get(account=ours, kind="stock").status == "sent"


def test_without_the_portal_login_a_card_is_escalated_as_before(sandbox):
    ours, _ = uzum_with_portal(sandbox, portal=False)
    intent_record(account=ours, kind="card", key="MUG-R3", payload={"sku": "MUG-R3", "title": "Mug three"})
    intents_push(account_id=ours.pk, kind="card")
    op = Operation.objects.get(account=ours, kind="card")
    assert op.status == "failed" and retries_due(ours) == []
    ticket = Ticket.objects.get(partner=ours.partner)
    assert "portal" in ticket.body.lower(), ticket.body
