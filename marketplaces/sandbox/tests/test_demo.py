"""demo_seed hook: the demo partner's marketplace accounts point at the sandbox, idempotently."""
from __future__ import annotations

import pytest

from marketplaces.models import MarketplaceAccount
from marketplaces.sandbox.demo import demo_accounts_connect
from marketplaces.sandbox.models import SandboxAccount, SandboxCard


@pytest.mark.django_db
def test_demo_accounts_point_at_the_sandbox_and_survive_a_rerun(partner_a, make_product):
    make_product(partner=partner_a, sku="DEMO-SKU-1", title="Tea cup")
    lines = demo_accounts_connect(partner=partner_a, base_url="http://127.0.0.1:8000/")
    assert len(lines) == 4 and any("/sandbox/uzum/" in line for line in lines)
    accounts = {a.marketplace: a for a in MarketplaceAccount.objects.filter(partner=partner_a, is_sandbox=True)}
    assert set(accounts) == {"wildberries", "ozon", "yandex_market", "uzum"}
    assert accounts["ozon"].credentials["client_id"] and accounts["ozon"].credentials["api_key"]
    assert accounts["yandex_market"].vendor_ids["campaign_id"] and accounts["uzum"].vendor_ids["shop_id"]
    assert accounts["wildberries"].base_url == "http://127.0.0.1:8000/sandbox/wb"
    assert SandboxCard.objects.filter(offer_id="DEMO-SKU-1", status="ready").count() == 4
    demo_accounts_connect(partner=partner_a, base_url="http://127.0.0.1:8000")
    assert SandboxAccount.objects.count() == 4  # credentials still valid: nothing new
    SandboxAccount.objects.filter(vendor="ym").delete()  # e.g. after a sandbox reset
    demo_accounts_connect(partner=partner_a, base_url="http://127.0.0.1:8000")
    fresh = MarketplaceAccount.objects.get(partner=partner_a, marketplace="yandex_market", is_sandbox=True)
    assert fresh.pk == accounts["yandex_market"].pk and fresh.credentials != accounts["yandex_market"].credentials
