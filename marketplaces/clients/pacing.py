"""Token buckets per account + endpoint group at the vendor's published limit. Shared across
processes through Redis when settings.REDIS_URL is set, through a database row on PostgreSQL
without Redis, and through flock-guarded files on the embedded default (SQLite, one host).
Reservation style: a caller takes its tokens at once (the balance may go negative) and sleeps
for the deficit, so concurrent callers queue fairly without polling."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.db import transaction


@dataclass(frozen=True)
class Limit:
    capacity: float      # burst
    per_second: float    # refill rate at time scale 1

    @classmethod
    def every(cls, seconds: float, burst: float = 1) -> "Limit":
        return cls(capacity=burst, per_second=1 / seconds)

    @classmethod
    def per_minute(cls, count: float, burst: float | None = None) -> "Limit":
        return cls(capacity=burst or count, per_second=count / 60)

    @classmethod
    def per_hour(cls, count: float, burst: float | None = None) -> "Limit":
        return cls(capacity=burst or count, per_second=count / 3600)


@dataclass(frozen=True)
class Window:
    """At most `count` units in any `seconds`-long interval (vendors with fixed windows: safe for any
    window alignment). Reservations queue in FIFO order."""
    count: float
    seconds: float

    @property
    def capacity(self) -> float:
        return self.count


def window_reserve(entries: list, now: float, count: float, seconds: float, cost: float) -> tuple[list, float]:
    """Pure sliding-window step: returns (new entries, wait). Entries are [time, cost], sorted."""
    entries = [e for e in entries if e[0] > now - seconds]
    start = max([now] + [e[0] for e in entries])
    live = [e for e in entries if e[0] > start - seconds]
    used = sum(e[1] for e in live)
    for ts, c in live:
        if used + cost <= count:
            break
        start, used = max(start, ts + seconds), used - c
    entries.append([start, cost])
    return entries, max(0.0, start - now)


_WINDOW_LUA = """
local raw = redis.call('GET', KEYS[1])
local entries = raw and cjson.decode(raw) or {}
local count, seconds, cost, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local kept, start = {}, now
for _, e in ipairs(entries) do
  if e[1] > now - seconds then table.insert(kept, e); if e[1] > start then start = e[1] end end
end
local used = 0
for _, e in ipairs(kept) do if e[1] > start - seconds then used = used + e[2] end end
for _, e in ipairs(kept) do
  if used + cost <= count then break end
  if e[1] > start - seconds then
    if e[1] + seconds > start then start = e[1] + seconds end
    used = used - e[2]
  end
end
table.insert(kept, {start, cost})
redis.call('SET', KEYS[1], cjson.encode(kept), 'EX', math.ceil(seconds + start - now) + 60)
return tostring(math.max(0, start - now))
"""

_LUA = """
local t = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local cap, rate, cost, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local tokens, at = tonumber(t[1]) or cap, tonumber(t[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate) - cost
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(cap / rate) + 60)
if tokens >= 0 then return '0' end
return tostring(-tokens / rate)
"""


class RedisBuckets:
    def __init__(self, url: str):
        import redis
        self.client = redis.Redis.from_url(url)
        self.script = self.client.register_script(_LUA)
        self.window_script = self.client.register_script(_WINDOW_LUA)

    def take_window(self, key: str, count: float, seconds: float, cost: float) -> float:
        return float(self.window_script(keys=[f"bozor:pacew:{key}"], args=[count, seconds, cost, time.time()]))

    def take(self, key: str, capacity: float, rate: float, cost: float) -> float:
        return float(self.script(keys=[f"bozor:pace:{key}"], args=[capacity, rate, cost, time.time()]))


class DatabaseBuckets:
    def take(self, key: str, capacity: float, rate: float, cost: float) -> float:
        from marketplaces.models import PacingBucket
        now = time.time()
        with transaction.atomic():
            PacingBucket.objects.get_or_create(key=key, defaults={"tokens": capacity, "at": now})
            row = PacingBucket.objects.select_for_update().get(key=key)
            tokens = min(capacity, row.tokens + max(0.0, now - row.at) * rate) - cost
            PacingBucket.objects.filter(pk=row.pk).update(tokens=tokens, at=now)
        return 0.0 if tokens >= 0 else -tokens / rate

    def take_window(self, key: str, count: float, seconds: float, cost: float) -> float:
        from marketplaces.models import PacingBucket
        now = time.time()
        with transaction.atomic():
            PacingBucket.objects.get_or_create(key=key, defaults={"tokens": 0, "at": now})
            row = PacingBucket.objects.select_for_update().get(key=key)
            entries, wait = window_reserve(list(row.log or []), now, count, seconds, cost)
            PacingBucket.objects.filter(pk=row.pk).update(log=entries, at=now)
        return wait


class FileBuckets:
    """One host (the embedded default: SQLite, so web and workers share a machine): state in small
    files under VAR_DIR guarded by flock, so pacing never waits on SQLite's single writer lock."""

    def __init__(self, folder=None):
        from pathlib import Path
        self.folder = Path(folder or Path(settings.VAR_DIR) / "pacing")
        self.folder.mkdir(parents=True, exist_ok=True)

    def _update(self, key: str, step: Callable[[dict], tuple[dict, float]]) -> float:
        import fcntl
        import hashlib
        import json
        path = self.folder / hashlib.sha256(key.encode()).hexdigest()[:32]
        with open(path, "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            raw = handle.read()
            state, wait = step(json.loads(raw) if raw else {})
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(state))
        return wait

    def take(self, key: str, capacity: float, rate: float, cost: float) -> float:
        now = time.time()

        def step(state: dict) -> tuple[dict, float]:
            tokens = min(capacity, state.get("tokens", capacity) + max(0.0, now - state.get("at", now)) * rate) - cost
            return {"tokens": tokens, "at": now}, 0.0 if tokens >= 0 else -tokens / rate
        return self._update(key, step)

    def take_window(self, key: str, count: float, seconds: float, cost: float) -> float:
        now = time.time()

        def step(state: dict) -> tuple[dict, float]:
            entries, wait = window_reserve(state.get("log", []), now, count, seconds, cost)
            return {"log": entries}, wait
        return self._update(key, step)


def default_backend():
    url = getattr(settings, "REDIS_URL", "") or ""
    if url:
        return RedisBuckets(url)
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return FileBuckets()
    return DatabaseBuckets()  # PostgreSQL without Redis: several hosts may share the account


SAFETY = 0.03    # pace 3 % under the published rate: our clock and the vendor's are not one
JITTER_S = 0.02  # a window's first call may reach the vendor later than its last one (latency jitter)
# A window's margin is for latency, not clock rate (two clocks drift by ppm, not %): 3 % of a long
# window (1.8 s of Ozon's minute) would only delay the next window's calls, so it is capped.
WINDOW_MARGIN_MAX_S = 0.25


class Pacer:
    def __init__(self, key: str, limits: dict[str, "Limit | Window"], *, time_scale: float = 1.0, backend=None,
                 sleep: Callable[[float], None] = time.sleep):
        self.key, self.limits, self.time_scale = key, limits, time_scale
        self.backend = backend or default_backend()
        self.sleep = sleep
        self.waited = 0.0

    def acquire(self, group: str, cost: float = 1) -> float:
        limit = self.limits.get(group)
        if limit is None:
            return 0.0
        cost = min(cost, limit.capacity)
        if isinstance(limit, Window):
            seconds = limit.seconds / self.time_scale
            seconds += min(seconds * SAFETY, WINDOW_MARGIN_MAX_S) + JITTER_S
            wait = self.backend.take_window(f"{self.key}:{group}", limit.count, seconds, cost)
        else:
            rate = limit.per_second * self.time_scale * (1 - SAFETY)
            wait = self.backend.take(f"{self.key}:{group}", limit.capacity, rate, cost)
            if wait > 0:  # the burst before us may reach the vendor late: keep a margin for that skew
                wait += min(JITTER_S * 2.5, 0.1 / rate)  # 50 ms, or a tenth of a token's interval if smaller
        if wait > 0:
            self.sleep(wait)
            self.waited += wait
        return wait

    def bound(self, group: str, requests: int, cost_each: float = 1) -> float:
        """Shortest time the vendor's limit allows for `requests` calls from a full bucket."""
        limit = self.limits[group]
        if isinstance(limit, Window):  # safe for any window alignment: whole windows between batches
            per_window = max(1, int(limit.count // min(cost_each, limit.count)))
            return (math.ceil(requests / per_window) - 1) * limit.seconds / self.time_scale
        need = requests * min(cost_each, limit.capacity) - limit.capacity
        return max(0.0, need / (limit.per_second * self.time_scale))
