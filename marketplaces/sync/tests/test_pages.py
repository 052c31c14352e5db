"""Orders and reviews pages: listing, acting, answering, and tenant isolation."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from django.urls import reverse

from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Intent, Order, OrderLine, Review


def _order(partner, external_id, **kw):
    account, _ = MarketplaceAccount.objects.get_or_create(partner=partner, marketplace="ozon",
                                                          defaults={"credentials": {}})
    order = Order.objects.create(partner=partner, account=account, external_id=external_id,
                                 placed_at=datetime(2026, 11, 22, tzinfo=timezone.utc), **kw)
    OrderLine.objects.create(order=order, sku="X-1", title="Mystery box", quantity=1)
    return order


def _review(partner, external_id):
    account, _ = MarketplaceAccount.objects.get_or_create(partner=partner, marketplace="wildberries",
                                                          defaults={"credentials": {}})
    return Review.objects.create(partner=partner, account=account, external_id=external_id, text="Nice tea",
                                 rating=4, author="Aziz")


@pytest.fixture
def a_client(client, user_a):
    client.force_login(user_a)
    return client


def test_orders_list_shows_own_orders_and_unmapped_badge(a_client, partner_a, partner_b):
    _order(partner_a, "A-100", has_unmapped_lines=True)
    _order(partner_b, "B-200")
    html = a_client.get(reverse("order_list")).content.decode()
    assert "A-100" in html and "unmapped" in html and "B-200" not in html
    searched = a_client.get(reverse("order_list"), {"q": "B-200"}).content.decode()
    assert "B-200</a>" not in searched and "No orders here yet" in searched
    html = a_client.get(reverse("order_list"), {"status": "unmapped"}).content.decode()
    assert "A-100" in html


def test_empty_state(a_client):
    assert "No orders here yet" in a_client.get(reverse("order_list")).content.decode()
    assert "No reviews waiting" in a_client.get(reverse("review_list")).content.decode()


def test_order_detail_flags_unmapped_and_acts(a_client, partner_a):
    order = _order(partner_a, "A-1", has_unmapped_lines=True)
    html = a_client.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert "not matched" in html and "Mark as Acknowledged" in html
    response = a_client.post(reverse("order_act", args=[order.pk]), {"status": "acknowledged"}, follow=True)
    assert "is now Acknowledged" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == "acknowledged"
    assert Intent.objects.get(kind="order_status").payload["status"] == "acknowledged"
    a_client.post(reverse("order_act", args=[order.pk]), {"status": "delivered"})  # not a partner action
    assert Order.objects.get(pk=order.pk).status == "acknowledged"


def test_review_answer_by_hand_and_error_keeps_typing(a_client, partner_a):
    review = _review(partner_a, "R-1")
    url = reverse("review_reply", args=[review.pk])
    response = a_client.post(url, {"text": "x" * 1001}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "at most 1000" in response.content.decode()
    assert "x" * 1001 in response.content.decode()
    response = a_client.post(url, {"text": "Rahmat, Aziz!"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Rahmat, Aziz!" in response.content.decode()
    assert Review.objects.get(pk=review.pk).answer_status == "queued"


def test_other_partners_orders_and_reviews_are_404(a_client, partner_b):
    order, review = _order(partner_b, "B-1"), _review(partner_b, "RB-1")
    assert a_client.get(reverse("order_detail", args=[order.pk])).status_code == 404
    assert a_client.post(reverse("order_act", args=[order.pk]), {"status": "acknowledged"}).status_code == 404
    assert a_client.post(reverse("review_reply", args=[review.pk]), {"text": "hi"}).status_code == 404
    assert Order.objects.get(pk=order.pk).status == "new" and not Intent.objects.exists()
    assert "Nice tea" not in a_client.get(reverse("review_list"), {"filter": "all"}).content.decode()


def test_anonymous_is_sent_to_login(client):
    assert reverse("login") in client.get(reverse("order_list"))["Location"]
