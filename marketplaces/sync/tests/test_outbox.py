"""Outbox: coalescing to the newest value, no stale value after a newer one, redelivery-safe."""
from __future__ import annotations

import pytest

from marketplaces.models import MarketplaceAccount
from marketplaces.sync.models import Intent, SentMark
from marketplaces.sync.outbox import (external_id_get, intent_record, intents_claim, intents_mark_sent,
                                      intents_record_for_partner)


@pytest.fixture
def account(partner_a):
    return MarketplaceAccount.objects.create(partner=partner_a, marketplace="ozon", credentials={})


def values(intents):
    return {i.key: i.payload["amount"] for i in intents}


def test_claim_coalesces_to_latest_value_per_key(account):
    for amount in (5, 4, 3):
        intent_record(account=account, kind="stock", key="SKU-1", payload={"amount": amount})
    intent_record(account=account, kind="stock", key="SKU-2", payload={"amount": 9})
    intent_record(account=account, kind="price", key="SKU-1", payload={"amount": 100})
    claimed = intents_claim(account=account, kind="stock")
    assert values(claimed) == {"SKU-1": 3, "SKU-2": 9}
    assert Intent.objects.filter(kind="stock", status="superseded").count() == 2
    assert Intent.objects.filter(kind="price", status="pending").count() == 1  # other kinds untouched


def test_redelivery_after_crash_claims_same_values_and_never_older(account):
    intent_record(account=account, kind="stock", key="SKU-1", payload={"amount": 5})
    first = intents_claim(account=account, kind="stock")
    # the worker dies before the marketplace answered: nothing marked sent
    again = intents_claim(account=account, kind="stock")
    assert [i.id for i in again] == [i.id for i in first]
    intents_mark_sent(account=account, kind="stock", intents=again)
    assert intents_claim(account=account, kind="stock") == []


def test_older_value_marked_sent_late_never_moves_mark_back(account):
    old = intent_record(account=account, kind="stock", key="SKU-1", payload={"amount": 5})
    new = intent_record(account=account, kind="stock", key="SKU-1", payload={"amount": 2})
    intents_mark_sent(account=account, kind="stock", intents=[new])
    intents_mark_sent(account=account, kind="stock", intents=[old])  # a slow, stale job finishing late
    assert SentMark.objects.get(key="SKU-1").intent_id == new.id
    # and a value older than the mark is never claimed again
    Intent.objects.filter(pk=old.pk).update(status="pending")
    assert intents_claim(account=account, kind="stock") == []


def test_create_remembers_vendor_id(account):
    card = intent_record(account=account, kind="card", key="SKU-1", payload={"amount": 0})
    intents_mark_sent(account=account, kind="card", intents=[card], external_ids={"SKU-1": "ozon-777"})
    assert external_id_get(account=account, kind="card", key="SKU-1") == "ozon-777"
    assert external_id_get(account=account, kind="card", key="SKU-2") == ""


def test_record_for_partner_skips_source_and_disabled_accounts(partner_a, partner_b, account):
    wb = MarketplaceAccount.objects.create(partner=partner_a, marketplace="wildberries", credentials={})
    MarketplaceAccount.objects.create(partner=partner_a, marketplace="uzum", credentials={}, status="disabled")
    MarketplaceAccount.objects.create(partner=partner_b, marketplace="ozon", credentials={})
    created = intents_record_for_partner(partner_id=partner_a.pk, kind="stock", key="SKU-1",
                                         payload={"amount": 0}, exclude_account_id=account.pk)
    assert [i.account_id for i in created] == [wb.pk]
