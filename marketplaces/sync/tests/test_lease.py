"""One sender per account and kind: the lease is refused to a second holder while held, taken over
after it expires or when its holder's process is gone, and a sender whose lease was taken over
stops instead of sending alongside the new holder."""
from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from marketplaces.models import MarketplaceAccount
from marketplaces.sync.lease import HOST, holder_new, lease_acquire, lease_release, lease_renew
from marketplaces.sync.models import PushLease

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(partner_a):
    return MarketplaceAccount.objects.create(partner=partner_a, marketplace="ozon",
                                             credentials={"client_id": "1", "api_key": "k"})


def test_second_holder_is_refused_until_release(account):
    first, second = holder_new(), holder_new()
    assert lease_acquire(account_id=account.pk, kind="stock", holder=first)
    assert not lease_acquire(account_id=account.pk, kind="stock", holder=second)
    assert lease_acquire(account_id=account.pk, kind="price", holder=second)  # another kind: its own lease
    lease_release(account_id=account.pk, kind="stock", holder=second)  # not the holder: no effect
    assert not lease_acquire(account_id=account.pk, kind="stock", holder=second)
    lease_release(account_id=account.pk, kind="stock", holder=first)
    assert lease_acquire(account_id=account.pk, kind="stock", holder=second)


def test_expired_lease_is_taken_over_and_the_old_holder_cannot_renew(account):
    old, new = holder_new(), holder_new()
    assert lease_acquire(account_id=account.pk, kind="stock", holder=old)
    later = timezone.now() + timedelta(seconds=301)
    with mock.patch("marketplaces.sync.lease.timezone.now", return_value=later):  # the clock only
        assert lease_acquire(account_id=account.pk, kind="stock", holder=new)
    assert not lease_renew(account_id=account.pk, kind="stock", holder=old)  # the dispatcher stops on this
    assert lease_renew(account_id=account.pk, kind="stock", holder=new)


def test_a_dead_holder_on_this_host_is_replaced_at_once(account):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a finished process: its pid no longer exists (a SIGKILLed worker)
    PushLease.objects.create(account=account, kind="stock", holder=f"{HOST}:{gone.pid}:dead0000",
                             expires_at=timezone.now() + timedelta(seconds=300))
    assert lease_acquire(account_id=account.pk, kind="stock", holder=holder_new())
    alive = f"{HOST}:1:alive000"  # pid 1 exists: a live holder keeps its lease
    PushLease.objects.filter(account=account, kind="stock").update(holder=alive)
    assert not lease_acquire(account_id=account.pk, kind="stock", holder=holder_new())
