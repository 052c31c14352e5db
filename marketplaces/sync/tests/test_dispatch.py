"""The dispatcher over real HTTP against the four sandbox marketplaces: coalescing, operations and
attempts, scheduled retries that heal and teach the knowledge base, escalation with a ticket, the
circuit breaker, and the other intent kinds (price, card, order status, review answer)."""
from __future__ import annotations

import itertools
import time

import pytest
from django_q.models import Schedule

from healing.models import CircuitBreaker, ErrorEvent, KnowledgeEntry, Ticket
from marketplaces.sandbox.models import SandboxCard, SandboxRequestLog
from marketplaces.sync.dispatch import intents_push, operation_retry
from marketplaces.sync.models import Attempt, Intent, Operation, Review, SentMark, VendorRef
from marketplaces.sync.outbox import intent_record
from marketplaces.sync.tests.conftest import link, retries_due, run_retry, sandbox_stock
from partners.models import Partner, User

_seq = itertools.count(1)


@pytest.fixture
def partner_a(sandbox):
    """Sandbox tests run unblocked and unflushed (see the sandbox conftest): fresh rows per test."""
    return Partner.objects.create(legal_name=f"Sync test {next(_seq)} {time.time_ns()} LLC",
                                  status=Partner.Status.ACTIVE)


@pytest.fixture
def staff_user(sandbox):
    return User.objects.create_user(email=f"staff{time.time_ns()}@bozor.test", password="x-long-pass-42",
                                    is_staff=True)


def test_stock_reaches_all_four_marketplaces_newest_value_only(sandbox, partner_a):
    linked = [link(sandbox, v, partner_a) for v in ("wb", "ozon", "ym", "uzum")]
    for ours, acc in linked:
        offer = SandboxCard.objects.filter(account_id=acc.id).order_by("pk").first().offer_id
        for amount in (9, 8, 7):
            intent_record(account=ours, kind="stock", key=offer, payload={"sku": offer, "available": amount})
        stats = intents_push(account_id=ours.pk, kind="stock", job_id="job-1")
        assert stats["sent"] == 1, (ours.marketplace, stats)
        assert sandbox_stock(acc.id, ours)[offer] == 7
        op = Operation.objects.get(account=ours, kind="stock")
        assert op.status == "succeeded" and op.job_id == "job-1"
        [attempt] = Attempt.objects.filter(operation=op)
        assert attempt.ok and attempt.job_id == "job-1" and attempt.duration_ms >= 0
        written = [r.summary for r in SandboxRequestLog.objects.filter(account_id=acc.id)
                   if r.summary.get("stocks") and r.status < 300]
        assert len(written) == 1, ours.marketplace  # coalesced: one value sent, the newest
        assert SentMark.objects.get(account=ours, kind="stock", key=offer).intent_id == \
            Intent.objects.filter(account=ours, key=offer).order_by("-id").first().pk
        assert intents_push(account_id=ours.pk, kind="stock")["sent"] == 0  # nothing sent twice


def test_5xx_retry_is_a_scheduled_job_that_heals_and_teaches(sandbox, partner_a):
    ours, acc = link(sandbox, "wb", partner_a)
    offer = SandboxCard.objects.filter(account_id=acc.id).first().offer_id
    sandbox.fault(account=acc.id, group="stocks", kind="error_5xx", params={"status": 502}, count=1)
    intent_record(account=ours, kind="stock", key=offer, payload={"sku": offer, "available": 4})
    intents_push(account_id=ours.pk, kind="stock")
    op = Operation.objects.get(account=ours)
    assert op.status == "waiting" and op.detail["tried"] == ["retry_backoff"]
    [retry] = retries_due(ours)
    assert retry.schedule_type == Schedule.ONCE and retry.next_run is not None  # no sleep in the worker
    run_retry(retry)
    op.refresh_from_db()
    assert op.status == "succeeded" and list(op.attempts.values_list("ok", flat=True)) == [False, True]
    assert op.attempts.first().http_status == 502 and op.attempts.first().error_kind == "Unavailable"
    assert sandbox_stock(acc.id, ours)[offer] == 4
    event = ErrorEvent.objects.get(account=ours)
    assert event.recovered is True and event.error_class == "server"
    entry = KnowledgeEntry.objects.get(signature=event.signature, action="retry_backoff")
    assert (entry.attempts, entry.successes) == (1, 1)


def test_revoked_token_is_escalated_with_a_ticket_and_retry_now_resends(sandbox, partner_a, staff_user):
    ours, acc = link(sandbox, "ozon", partner_a)
    offer = SandboxCard.objects.filter(account_id=acc.id).first().offer_id
    fault = sandbox.fault(account=acc.id, kind="token_revoked")
    intent_record(account=ours, kind="price", key=offer, payload={"sku": offer, "price": "15000"})
    intents_push(account_id=ours.pk, kind="price")
    op = Operation.objects.get(account=ours)
    assert op.status == "failed" and retries_due(ours) == []
    assert Intent.objects.get(account=ours).status == "failed"
    ticket = Ticket.objects.get(partner=partner_a)
    assert "Authentication" in ticket.title
    assert staff_user.notifications.filter(title=ticket.title).exists()
    sandbox.control("DELETE", f"faults/{fault['id']}")
    assert operation_retry(operation=op, actor=staff_user) == 1  # admin "retry now" (sync q2 runs it)
    # the push itself runs after commit in production; here the test runs it
    intents_push(account_id=ours.pk, kind="price")
    assert Intent.objects.get(account=ours).status == "sent"
    assert str(SandboxCard.objects.get(account_id=acc.id, offer_id=offer).price).startswith("15000")


def test_open_breaker_keeps_calls_away_and_schedules_a_retry(sandbox, partner_a):
    ours, acc = link(sandbox, "ym", partner_a)
    offer = SandboxCard.objects.filter(account_id=acc.id).first().offer_id
    CircuitBreaker.objects.create(account=ours, endpoint_group="stocks", state="open",
                                  consecutive_failures=5, opened_at=__import__("django.utils.timezone").utils.timezone.now())
    intent_record(account=ours, kind="stock", key=offer, payload={"sku": offer, "available": 3})
    before = SandboxRequestLog.objects.filter(account_id=acc.id).count()
    intents_push(account_id=ours.pk, kind="stock")
    assert SandboxRequestLog.objects.filter(account_id=acc.id).count() == before
    assert Intent.objects.get(account=ours).status == "pending" and len(retries_due(ours)) == 1


def test_card_create_once_then_update_with_vendor_id(sandbox, partner_a):
    ours, acc = link(sandbox, "ozon", partner_a, demo_cards=0)
    card = {"sku": "NEW-1", "title": "Green tea 100 g", "description": "Tea", "brand": "Bozor", "price": "12000",
            "category_id": 15678123, "weight_g": 120, "length_mm": 100, "width_mm": 60, "height_mm": 40,
            "attributes": {"description_category_id": 17028922, "type_id": 92842},
            "images": ["https://cdn.example/tea.jpg"]}
    intent_record(account=ours, kind="card", key="NEW-1", payload=card)
    assert intents_push(account_id=ours.pk, kind="card")["sent"] == 1
    ref = VendorRef.objects.get(account=ours, sku="NEW-1")
    assert ref.vendor_id and ref.create_started_at
    intent_record(account=ours, kind="card", key="NEW-1", payload={**card, "title": "Green tea 150 g"})
    assert intents_push(account_id=ours.pk, kind="card")["sent"] == 1
    assert SandboxCard.objects.filter(account_id=acc.id, offer_id="NEW-1").count() == 1


def test_wb_create_whose_result_was_lost_is_not_repeated(sandbox, partner_a):
    ours, acc = link(sandbox, "wb", partner_a, demo_cards=0)
    VendorRef.objects.create(account=ours, sku="LOST-1", create_started_at=__import__("django.utils.timezone")
                             .utils.timezone.now())
    intent_record(account=ours, kind="card", key="LOST-1", payload={"sku": "LOST-1", "title": "Mug"})
    intents_push(account_id=ours.pk, kind="card")
    assert not SandboxRequestLog.objects.filter(account_id=acc.id, group="cards").exists()
    assert Intent.objects.get(account=ours).status == "failed"
    assert Ticket.objects.filter(partner=partner_a).exists()


def test_review_answer_and_order_acknowledgement_are_sent(sandbox, partner_a):
    from marketplaces.sync.jobs import orders_pull, reviews_pull
    from marketplaces.sync.models import Order
    from marketplaces.sync.orders import order_status_set
    from marketplaces.sync.reviews import review_answer

    ours, acc = link(sandbox, "wb", partner_a)
    sandbox.control("POST", f"accounts/{acc.id}/generate", {"steps": 8}, expect=200)
    assert reviews_pull(account=ours)["created"] >= 1
    review = Review.objects.filter(account=ours).first()
    review_answer(review=review, text="Thank you!")
    intents_push(account_id=ours.pk, kind="review_answer")
    review.refresh_from_db()
    assert review.answer_status == "sent"
    orders_pull(account=ours)
    order = Order.objects.filter(account=ours).exclude(status="rejected").first()
    if order is None:
        pytest.skip("the seeded generator made no order that fits the stock")
    order_status_set(order=order, status="acknowledged")
    intents_push(account_id=ours.pk, kind="order_status")
    mark = SentMark.objects.get(account=ours, kind="order_status", key=order.external_id)
    assert mark.external_id  # WB supply id, kept for shipping
