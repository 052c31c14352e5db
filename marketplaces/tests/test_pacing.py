"""Token buckets: reservation arithmetic with a frozen clock, shared state across pacer instances
(as two processes would share it), on the database, in flock-guarded files and on Redis when REDIS_URL is set."""
from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from marketplaces.clients import pacing
from marketplaces.clients.batching import chunks, send_batches
from marketplaces.clients.errors import RateLimited
from marketplaces.clients.pacing import DatabaseBuckets, Limit, Pacer
from marketplaces.clients.types import BatchResult, ItemResult

BACKENDS = ["db", "file"] + (["redis"] if getattr(settings, "REDIS_URL", "") else [])


def backend(kind: str):
    if kind == "file":
        return pacing.FileBuckets(folder=FILE_DIR)
    return DatabaseBuckets() if kind == "db" else pacing.RedisBuckets(settings.REDIS_URL)


FILE_DIR = Path(tempfile.mkdtemp(prefix="bozor-pacing-"))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BACKENDS)
def test_bucket_burst_then_waits_at_the_rate_shared_between_instances(kind, monkeypatch, request):
    monkeypatch.setattr(pacing.time, "time", lambda: 5000.0)  # frozen clock: no refill between calls
    monkeypatch.setattr(pacing, "SAFETY", 0.0)
    slept: list[float] = []
    key = f"test:{kind}:{uuid.uuid4().hex}"
    limits = {"stocks": Limit.every(0.5, burst=2)}  # burst 2, then one per 0.5 s
    first = Pacer(key, limits, backend=backend(kind), sleep=slept.append)
    second = Pacer(key, limits, backend=backend(kind), sleep=slept.append)  # another process, same bucket
    margin = 0.05  # a waiting call keeps 50 ms (or a tenth of one token's interval) for network skew
    assert [first.acquire("stocks"), first.acquire("stocks")] == [0.0, 0.0]
    assert second.acquire("stocks") == pytest.approx(0.5 + margin)
    assert first.acquire("stocks") == pytest.approx(1.0 + margin)
    assert slept == pytest.approx([0.5 + margin, 1.0 + margin])
    assert first.acquire("other-group") == 0.0  # unknown groups are not paced


@pytest.mark.django_db
def test_time_scale_and_item_cost(monkeypatch):
    monkeypatch.setattr(pacing, "SAFETY", 0.0)
    monkeypatch.setattr(pacing.time, "time", lambda: 6000.0)
    slept = []
    p = Pacer(f"test:scale:{uuid.uuid4().hex}", {"stocks": Limit.per_minute(1000, burst=100)}, time_scale=100,
              backend=DatabaseBuckets(), sleep=slept.append)
    p.acquire("stocks", cost=100)
    wait = p.acquire("stocks", cost=50)
    assert wait == pytest.approx(50 / (1000 / 60 * 100), rel=0.05)
    assert p.bound("stocks", 3, cost_each=100) == pytest.approx(200 / (1000 / 60 * 100))


def test_chunks_and_rate_limited_batch_waits_the_retry_header():
    assert [len(c) for c in chunks(list(range(2500)), 1000)] == [1000, 1000, 500]
    calls, slept = [], []

    def send(chunk):
        calls.append(len(chunk))
        if len(calls) == 2:
            raise RateLimited("slow down", retry_after=0.25)
        return BatchResult(items=[ItemResult(key=str(i), ok=True) for i in chunk], requests=1)

    result = send_batches(list(range(1500)), 1000, send, sleep=slept.append)
    assert calls == [1000, 500, 500] and slept == [0.25] and len(result.items) == 1500 and result.requests == 2


def test_window_reserve_is_fifo_and_never_exceeds_the_window():
    from marketplaces.clients.pacing import window_reserve
    entries, waits = [], []
    for _ in range(5):
        entries, wait = window_reserve(entries, 100.0, count=2, seconds=10, cost=1)
        waits.append(wait)
    assert waits == [0, 0, 10, 10, 20]
    times = sorted(e[0] for e in entries)
    assert all(sum(1 for t in times if s <= t < s + 10) <= 2 for s in times)
    entries, wait = window_reserve([[95.0, 3]], 100.0, count=5, seconds=10, cost=3)  # items: 3 + 3 > 5
    assert wait == pytest.approx(5.0)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BACKENDS)
def test_window_backend_shared_between_instances(kind, monkeypatch, request):
    from marketplaces.clients.pacing import Window
    monkeypatch.setattr(pacing.time, "time", lambda: 7000.0)
    monkeypatch.setattr(pacing, "JITTER_S", 0.0)
    monkeypatch.setattr(pacing, "SAFETY", 0.0)
    key, limits = f"testw:{kind}:{uuid.uuid4().hex}", {"stocks": Window(3, 60)}
    a = Pacer(key, limits, backend=backend(kind), sleep=lambda s: None)
    b = Pacer(key, limits, backend=backend(kind), sleep=lambda s: None)
    assert [a.acquire("stocks"), b.acquire("stocks"), a.acquire("stocks")] == [0, 0, 0]
    assert b.acquire("stocks") == pytest.approx(60.0)
    assert a.bound("stocks", 7) == pytest.approx(120.0)


@pytest.mark.django_db
def test_skew_margin_is_a_tenth_of_the_interval_when_the_vendor_is_fast(monkeypatch):
    """At 1000 rps (or a time-scaled sandbox) 50 ms would cut the rate; the margin shrinks with it."""
    monkeypatch.setattr(pacing.time, "time", lambda: 9000.0)
    monkeypatch.setattr(pacing, "SAFETY", 0.0)
    pacer = Pacer(f"fast:{uuid.uuid4().hex}", {"stocks": Limit.every(0.001, burst=1)}, sleep=lambda s: None)
    assert pacer.acquire("stocks") == 0.0
    assert pacer.acquire("stocks") == pytest.approx(0.001 + 0.0001)


@pytest.mark.django_db
def test_window_margin_is_capped_for_long_windows_and_proportional_for_short(monkeypatch):
    """Ozon's 80 calls a minute: the 81st waits 60 s + at most 0.25 s + jitter, not 61.8 s (3 %);
    a scaled 6 s window keeps its 3 % (0.18 s)."""
    from marketplaces.clients.pacing import Window
    monkeypatch.setattr(pacing.time, "time", lambda: 8000.0)
    for scale, expected in ((1.0, 60 + 0.25 + pacing.JITTER_S), (10.0, 6 * 1.03 + pacing.JITTER_S)):
        pacer = Pacer(f"cap:{scale}:{uuid.uuid4().hex}", {"stocks": Window(2, 60)}, time_scale=scale,
                      backend=DatabaseBuckets(), sleep=lambda s: None)
        assert [pacer.acquire("stocks"), pacer.acquire("stocks")] == [0, 0]
        assert pacer.acquire("stocks") == pytest.approx(expected)
