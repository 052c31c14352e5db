"""Staff see breakers and operations; "retry now" puts failed items back through the dispatcher;
partner users cannot reach any of it."""
from __future__ import annotations

import pytest
from django.urls import reverse

from healing.models import CircuitBreaker
from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Intent, Operation

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_op(partner_a):
    account = MarketplaceAccount.objects.create(partner=partner_a, marketplace="ozon", credentials={})
    op = Operation.objects.create(account=account, kind="stock", status="failed", items=1, items_failed=1)
    Intent.objects.create(partner=partner_a, account=account, kind="stock", key="TEA", payload={"sku": "TEA"},
                          status="failed", operation=op)
    CircuitBreaker.objects.create(account=account, endpoint_group="stocks", state="open", consecutive_failures=5)
    return op


def test_staff_see_breaker_state_and_retry_now_requeues(client, staff_user, failed_op):
    client.force_login(staff_user)
    html = client.get(reverse("admin:healing_circuitbreaker_changelist")).content.decode()
    assert "stocks" in html and "Open" in html
    resp = client.post(reverse("admin:sync_operation_changelist"),
                       {"action": "retry_now", "_selected_action": [failed_op.pk]})
    assert resp.status_code == 302
    # pending again; the push job ran (q2 sync in tests) and the open breaker kept the call away
    assert Intent.objects.get(operation=failed_op).status == "pending"


def test_intent_retry_now_action(client, staff_user, failed_op):
    client.force_login(staff_user)
    intent = Intent.objects.get(operation=failed_op)
    client.post(reverse("admin:sync_intent_changelist"), {"action": "retry_now", "_selected_action": [intent.pk]})
    intent.refresh_from_db()
    assert intent.status == "pending"


def test_partner_users_cannot_open_sync_admin(client, user_a, failed_op):
    client.force_login(user_a)
    for name in ("admin:sync_operation_changelist", "admin:healing_circuitbreaker_changelist"):
        assert client.get(reverse(name)).status_code == 302  # to the admin login
