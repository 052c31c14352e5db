"""Each API client over real HTTP against the sandbox: every protocol operation, and every
failure kind mapped into the typed error tree."""
from __future__ import annotations

import pytest

from marketplaces.clients import errors
from marketplaces.clients.selector import client_for_account
from marketplaces.clients.types import Capability, PriceUpdate, ProductCard, StockUpdate
from marketplaces.sandbox.models import SandboxCard, SandboxStock
from marketplaces.tests.conftest import SCALE, connect

VENDORS = ["wb", "ozon", "ym", "uzum"]


def client(ours, **kw):
    return client_for_account(ours, time_scale=SCALE, **kw)


def card(sku: str, **kw) -> ProductCard:
    fields = dict(title="Ceramic mug", description="Glazed, 350 ml", brand="Acme", price=990, category_id=2001,
                  barcode="4600000099999", weight_g=450, length_mm=120, width_mm=90, height_mm=100,
                  images=["https://cdn.example/1.jpg"],
                  attributes={"description_category_id": 17028922, "type_id": 92842})
    return ProductCard(sku=sku, **(fields | kw))


def first_card(acc) -> SandboxCard:
    return SandboxCard.objects.filter(account_id=acc.id).order_by("pk").first()


def test_wildberries_every_operation(sandbox):
    ours, acc = connect(sandbox, "wb", generate=6)
    c = client(ours)
    assert c.connection_check().ok
    [wh] = c.warehouses_list()
    result = c.cards_upsert([card("MUG-1"), card("BAD-1", weight_g=0)])
    by_key = {i.key: i for i in result.items}
    assert by_key["MUG-1"].ok and by_key["MUG-1"].vendor_id
    assert not by_key["BAD-1"].ok and "dimensions" in by_key["BAD-1"].message
    nm = by_key["MUG-1"].vendor_id
    assert c.media_upload(sku="MUG-1", vendor_id=nm, urls=["https://cdn.example/2.jpg"]).ok
    demo = first_card(acc)
    assert c.prices_update([PriceUpdate(sku=demo.offer_id, price=900, old_price=1000, vendor_id=str(demo.ext_id))]).ok
    stock = StockUpdate(sku=demo.offer_id, quantity=7, warehouse_id=wh.id, vendor_id=str(demo.sku_id))
    assert c.stocks_update([stock]).ok
    assert SandboxStock.objects.get(card=demo).amount == 7
    orders = c.orders_list()
    assert orders and orders[0].lines[0].sku.startswith("DEMO-")
    supply = c.order_acknowledge(orders[0].id)
    c.order_ship(orders[0].id, ref=supply)
    reviews = c.reviews_list()
    assert reviews and not reviews[0].answered
    c.review_answer(reviews[0].id, "Thank you!")
    assert reviews[0].id not in {r.id for r in c.reviews_list()}


def test_ozon_every_operation(sandbox):
    ours, acc = connect(sandbox, "ozon", generate=6)
    c = client(ours)
    assert c.connection_check().ok
    warehouses = c.warehouses_list()
    assert len(warehouses) == 2
    result = c.cards_upsert([card("MUG-1"), card("BAD-1", weight_g=0)])
    by_key = {i.key: i for i in result.items}
    assert by_key["MUG-1"].ok and by_key["MUG-1"].vendor_id
    assert not by_key["BAD-1"].ok and by_key["BAD-1"].code
    assert c.media_upload(sku="MUG-1", vendor_id=by_key["MUG-1"].vendor_id, urls=["https://cdn.example/2.jpg"]).ok
    demo = first_card(acc)
    prices = c.prices_update([PriceUpdate(sku=demo.offer_id, price=900), PriceUpdate(sku="NOPE", price=1)])
    assert [i.ok for i in prices.items] == [True, False] and prices.failed[0].code == "offer_id_not_found"
    assert c.stocks_update([StockUpdate(sku=demo.offer_id, quantity=4, warehouse_id=warehouses[0].id)]).ok
    orders = c.orders_list()
    assert orders and orders[0].lines
    with pytest.raises(errors.NotSupported):
        c.order_acknowledge(orders[0].id)
    assert Capability.ORDER_ACK not in c.capabilities
    c.order_ship(orders[0].id)
    reviews = c.reviews_list()
    c.review_answer(reviews[0].id, "Thank you!")
    assert reviews[0].id not in {r.id for r in c.reviews_list()}


def test_yandex_market_every_operation(sandbox):
    ours, acc = connect(sandbox, "ym", generate=6)
    c = client(ours)
    assert c.connection_check().ok
    assert len(c.warehouses_list()) == 1
    result = c.cards_upsert([card("MUG-1", category_id=15678123)])
    assert result.ok and result.items[0].key == "MUG-1"
    bad = c.cards_upsert([card("OK-2", category_id=15678123), card("BAD-1", category_id=-1)])  # all-or-nothing
    assert {i.key: i.code for i in bad.items} == {"OK-2": "batch_rejected", "BAD-1": "UNKNOWN_CATEGORY"}
    demo = first_card(acc)
    assert c.prices_update([PriceUpdate(sku=demo.offer_id, price=900)]).ok
    assert c.stocks_update([StockUpdate(sku=demo.offer_id, quantity=3)]).ok
    orders = c.orders_list()
    assert orders and orders[0].status == "PROCESSING/STARTED"
    c.order_acknowledge(orders[0].id)
    c.order_ship(orders[0].id)
    assert orders[0].id not in {o.id for o in c.orders_list()}
    reviews = c.reviews_list()
    c.review_answer(reviews[0].id, "Thank you!")
    assert reviews[0].id not in {r.id for r in c.reviews_list()}


def test_uzum_every_operation_and_capabilities(sandbox):
    ours, acc = connect(sandbox, "uzum", generate=6)
    c = client(ours)
    assert c.connection_check().ok
    [p, *_] = c.products_list()
    assert c.prices_update([PriceUpdate(sku=p["sku"], price=9000, old_price=12000, vendor_id=p["product_id"],
                                        sku_id=p["sku_id"])]).ok
    assert c.stocks_update([StockUpdate(sku=p["sku"], quantity=9, vendor_id=p["sku_id"], barcode=p["barcode"])]).ok
    assert SandboxStock.objects.get(card__sku_id=int(p["sku_id"])).amount == 9
    orders = c.orders_list()
    assert orders and orders[0].status == "CREATED"
    c.order_acknowledge(orders[0].id)
    assert orders[0].id not in {o.id for o in c.orders_list()}
    assert not {Capability.CARDS, Capability.REVIEWS, Capability.WAREHOUSES} & c.capabilities
    for call in (lambda: c.cards_upsert([card("X")]), c.reviews_list, c.warehouses_list):
        with pytest.raises(errors.NotSupported):
            call()


def _ours_with_fault(sandbox, vendor, **fault):
    ours, acc = connect(sandbox, vendor, generate=2)
    sandbox.fault(account=acc.id, group="*", **fault)
    return ours, acc


@pytest.mark.parametrize("vendor", VENDORS)
def test_bad_token_is_auth_rejected(sandbox, vendor):
    ours, _ = connect(sandbox, vendor)
    ours.credentials = {**ours.credentials, ("api_key" if vendor in ("ozon", "ym") else "token"): "revoked-or-wrong"}
    with pytest.raises(errors.AuthRejected) as info:
        client(ours).connection_check()
    assert info.value.user_fixable and not info.value.retryable


@pytest.mark.parametrize("vendor", VENDORS)
def test_revoked_token_is_auth_rejected(sandbox, vendor):
    ours, _ = _ours_with_fault(sandbox, vendor, kind="token_revoked")
    with pytest.raises(errors.AuthRejected):
        client(ours).orders_list()


@pytest.mark.parametrize("vendor", VENDORS)
def test_429_or_420_is_rate_limited_with_retry_after(sandbox, vendor):
    ours, _ = _ours_with_fault(sandbox, vendor, kind="rate_limit", params={"retry_after": 2})
    with pytest.raises(errors.RateLimited) as info:
        client(ours).orders_list()
    exc = info.value
    assert exc.retryable and exc.status == (420 if vendor == "ym" else 429)
    expected = {"wb": 0.002, "ozon": 0.002, "uzum": 30 / SCALE}.get(vendor)
    if expected is None:  # YM: X-RateLimit-Resource-Until, an RFC 822 date rounded up to a second
        assert 0 <= exc.retry_after <= 1.01
    else:
        assert exc.retry_after == pytest.approx(expected, abs=0.002)


@pytest.mark.parametrize("vendor", VENDORS)
def test_5xx_is_unavailable_not_maintenance(sandbox, vendor):
    ours, _ = _ours_with_fault(sandbox, vendor, kind="error_5xx", params={"status": 502})
    with pytest.raises(errors.Unavailable) as info:
        client(ours).orders_list()
    assert type(info.value) is errors.Unavailable and info.value.status == 502 and info.value.retryable


@pytest.mark.parametrize("vendor", VENDORS)
def test_maintenance(sandbox, vendor):
    ours, _ = _ours_with_fault(sandbox, vendor, kind="maintenance")
    with pytest.raises(errors.Maintenance):
        client(ours).orders_list()


@pytest.mark.parametrize("vendor", VENDORS)
def test_hang_past_read_timeout_is_timeout(sandbox, vendor):
    ours, _ = _ours_with_fault(sandbox, vendor, kind="hang", params={"seconds": 1})
    with pytest.raises(errors.Timeout):
        client(ours, timeout=(1.0, 0.2)).orders_list()


@pytest.mark.parametrize("vendor", VENDORS)
def test_connection_reset_is_network_error(sandbox, vendor):
    ours, _ = _ours_with_fault(sandbox, vendor, kind="reset")
    with pytest.raises(errors.Unavailable):
        client(ours).orders_list()


@pytest.mark.parametrize("vendor", VENDORS)
def test_schema_drift_is_contract_changed(sandbox, vendor):
    ours, _ = _ours_with_fault(sandbox, vendor, kind="schema_drift")
    with pytest.raises(errors.ContractChanged):
        client(ours).orders_list()
