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
