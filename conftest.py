"""Shared fixtures: partners, users and their API/browser clients."""
from __future__ import annotations

import itertools

import pytest

from partners.models import Partner, Product, User, Warehouse

_seq = itertools.count(1)


@pytest.fixture
def make_partner(db):
    def make(**kwargs) -> Partner:
        n = next(_seq)
        kwargs.setdefault("legal_name", f"Partner {n} LLC")
        kwargs.setdefault("status", Partner.Status.ACTIVE)
        return Partner.objects.create(**kwargs)

    return make


@pytest.fixture
def make_user(db):
    def make(*, partner: Partner | None = None, password: str = "correct-horse-42", **kwargs) -> User:
        n = next(_seq)
        kwargs.setdefault("email", f"user{n}@example.test")
        return User.objects.create_user(partner=partner, password=password, **kwargs)

    return make


@pytest.fixture
def partner_a(make_partner):
    return make_partner(legal_name="Alpha Trade LLC")


@pytest.fixture
def partner_b(make_partner):
    return make_partner(legal_name="Beta Goods LLC")


@pytest.fixture
def user_a(make_user, partner_a):
    return make_user(partner=partner_a, email="owner@alpha.test")


@pytest.fixture
def user_b(make_user, partner_b):
    return make_user(partner=partner_b, email="owner@beta.test")


@pytest.fixture
def staff_user(make_user):
    return make_user(email="admin@bozor.test", is_staff=True, is_superuser=True)


@pytest.fixture
def make_product(db):
    def make(*, partner: Partner, **kwargs) -> Product:
        n = next(_seq)
        kwargs.setdefault("sku", f"SKU-{n:05d}")
        kwargs.setdefault("title", f"Product {n}")
        return Product.objects.create(partner=partner, **kwargs)

    return make


@pytest.fixture
def make_warehouse(db):
    def make(*, partner: Partner, **kwargs) -> Warehouse:
        n = next(_seq)
        kwargs.setdefault("name", f"Warehouse {n}")
        return Warehouse.objects.create(partner=partner, **kwargs)

    return make


@pytest.fixture(scope="session", autouse=True)
def _fresh_rate_limit_state():
    """Rate-limit state lives in Redis when REDIS_URL is set and outlives a run, while the test
    database (and so every account and card id) starts again from 1: forget the sandbox limiters
    (a new generation prefixes their keys) and our pacing buckets, so one run never inherits the
    previous run's spent budget."""
    from django.conf import settings

    from marketplaces.sandbox.limits import limits_reset

    limits_reset()
    if getattr(settings, "REDIS_URL", ""):
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        for pattern in ("bozor:pace:*", "bozor:pacew:*"):
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                client.delete(*keys)
