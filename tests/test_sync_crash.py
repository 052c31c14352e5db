"""Crash test (issue 5 acceptance): a real `manage.py qcluster` on PostgreSQL + Redis pushes 10,000
stock changes (2,000 SKUs x 5 rounds) to all four sandbox marketplaces; the worker is SIGKILLed
mid-way (its whole process group) and restarted. Every sandbox must end with exactly our values,
no card is created (or created twice), and each sandbox's request log never shows a value of an
older round sent after a newer one for the same item.

Skipped without DATABASE_URL and REDIS_URL (CI sets them): the ORM broker on SQLite is covered by
the dispatcher tests, and SQLite cannot serve two processes writing this hard."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from marketplaces.sandbox.models import SandboxAccount, SandboxCard, SandboxRequestLog, SandboxStock
from marketplaces.sandbox.services import cards_bulk_create
from marketplaces.sandbox.tests.conftest import sandbox, sandbox_url  # noqa: F401
from marketplaces.sync.models import Intent
from marketplaces.sync.tests.conftest import link, refs_link
from partners.models import Partner

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
    reason="crash test needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (CI does)")]

ROOT = Path(__file__).resolve().parent.parent
SKUS, ROUNDS = 2000, 5
TASK = "marketplaces.sync.tasks.intents_push_task"


def _amount(rnd: int, i: int) -> int:
    return rnd * 1000 + i % 1000  # the round can be read back from any value: amount // 1000


def _worker_env() -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url,
            "SANDBOX_TIME_SCALE": "1000", "Q_WORKERS": "2", "LOG_LEVEL": "WARNING", "Q_SYNC": "false"}


def _worker_start(log: Path) -> subprocess.Popen:
    out = log.open("ab")
    return subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=_worker_env(), stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)


def _worker_kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the cluster and every worker process, no goodbye
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def _round_write(accounts, offers, rnd: int) -> None:
    Intent.objects.bulk_create([
        Intent(partner_id=ours.partner_id, account=ours, kind="stock", key=offer,
               payload={"sku": offer, "available": _amount(rnd, i)})
        for ours in accounts for i, offer in enumerate(offers[ours.pk])], batch_size=4000)
    from django_q.tasks import async_task
    for ours in accounts:  # to the Redis broker even though tests run q2 in sync mode
        async_task(TASK, ours.pk, "stock", None, f"crash-r{rnd}-{ours.pk}", sync=False)


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


def test_sigkill_mid_push_loses_nothing_repeats_nothing_sends_nothing_stale(sandbox, tmp_path):
    import redis
    redis.Redis.from_url(settings.REDIS_URL).delete(*[k for k in redis.Redis.from_url(settings.REDIS_URL)
                                                      .keys("django_q:*")] or ["-"])
    partner = Partner.objects.create(legal_name=f"Crash test {time.time_ns()} LLC", status=Partner.Status.ACTIVE)
    accounts, offers, sandbox_ids = [], {}, {}
    for vendor in ("wb", "ozon", "ym", "uzum"):
        ours, acc = link(sandbox, vendor, partner, demo_cards=0)
        cards = cards_bulk_create(account=SandboxAccount.objects.get(pk=acc.id), n=SKUS)
        refs_link(ours, cards)
        accounts.append(ours)
        offers[ours.pk] = [c.offer_id for c in cards]
        sandbox_ids[ours.pk] = acc.id
    cards_before = SandboxCard.objects.filter(account_id__in=sandbox_ids.values()).count()
    log = tmp_path / "qcluster.log"
    worker = _worker_start(log)
    try:
        for rnd in (1, 2, 3):
            _round_write(accounts, offers, rnd)
        assert _wait(lambda: Intent.objects.filter(account__partner=partner, status="sent").count() >= 1500, 60), \
            log.read_text()[-3000:]
        _worker_kill(worker)
        sent_at_kill = Intent.objects.filter(account__partner=partner, status="sent").count()
        for rnd in (4, 5):
            _round_write(accounts, offers, rnd)
        worker = _worker_start(log)

        def done() -> bool:
            return not Intent.objects.filter(account__partner=partner, status="pending").exists() and all(
                _final_ok(ours, sandbox_ids[ours.pk], offers[ours.pk]) for ours in accounts)

        assert _wait(done, 90), f"not converged; sent at kill: {sent_at_kill}\n{log.read_text()[-3000:]}"
    finally:
        _worker_kill(worker)
    assert 0 < sent_at_kill < SKUS * len(accounts) * 3  # the kill really came mid-way
    assert not Intent.objects.filter(account__partner=partner, status="failed").exists()
    assert SandboxCard.objects.filter(account_id__in=sandbox_ids.values()).count() == cards_before  # no create
    checked = sum(_assert_never_stale(sandbox_ids[ours.pk]) for ours in accounts)
    assert checked >= SKUS * len(accounts)  # every item's writes were walked
    print(f"crash test: sent at kill {sent_at_kill}, stock writes checked {checked}")


def _final_ok(ours, sandbox_id: int, offers: list[str]) -> bool:
    rows = SandboxStock.objects.filter(card__account_id=sandbox_id)
    warehouses = (ours.vendor_ids or {}).get("warehouse_ids")
    if warehouses:
        rows = rows.filter(warehouse__ext_id=warehouses[0])
    have = dict(rows.values_list("card__offer_id", "amount"))
    return all(have.get(offer) == _amount(ROUNDS, i) for i, offer in enumerate(offers))


def _assert_never_stale(sandbox_id: int) -> int:
    newest: dict[str, int] = defaultdict(int)
    checked = 0
    for seq, summary in SandboxRequestLog.objects.filter(account_id=sandbox_id).order_by("id").values_list(
            "id", "summary"):
        assert "cards" not in (summary or {}), "a card create was sent"
        for key, amount in ((summary or {}).get("stocks") or {}).items():
            rnd = int(amount) // 1000
            assert rnd >= newest[key], f"stale value for {key} at seq {seq}: round {rnd} after {newest[key]}"
            newest[key] = rnd
            checked += 1
    return checked
