"""Vendor rate limiters kept in the Django cache (Redis when REDIS_URL is set, so several
server processes share them). Two shapes the vendors document:

* ``bucket`` - a token bucket (GCRA): WB "limit / interval / burst", Ozon per-second limits,
  Uzum's observed per-token rate. ``period`` is the interval between tokens.
* ``window`` - a fixed window of ``limit`` units per ``period``: Yandex Market resource limits
  (some count items, not requests) and Ozon's 80 stock calls a minute.
Periods are documented seconds; they are divided by the time scale at use.
"""
from __future__ import annotations

import math
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache

from marketplaces.sandbox.clock import scaled


@dataclass(frozen=True)
class LimitSpec:
    name: str  # resource name, part of the key and of YM's message
    kind: str  # "bucket" | "window"
    limit: int  # burst (bucket) or units per window
    period: float  # documented seconds: token interval (bucket) or window length
    per_item: bool = False  # cost = items in the request (YM offers/SKUs)
    label: str = ""  # human period for messages, e.g. "1 minute"


@dataclass
class Decision:
    spec: LimitSpec
    allowed: bool
    remaining: int
    retry_after: float  # real seconds until the call would be accepted
    reset_after: float  # real seconds until the bucket is full / the window ends


@contextmanager
def _locked(key: str):
    # cache.add is atomic in Redis (SET NX) and locmem; a short spin keeps the check-and-set exact.
    lock = f"{key}:lock"
    for _ in range(500):
        if cache.add(lock, 1, timeout=2):
            break
        time.sleep(0.002)
    try:
        yield
    finally:
        cache.delete(lock)


def _bucket(key: str, spec: LimitSpec, cost: int, now: float, charge_only: bool) -> Decision:
    interval = scaled(spec.period)
    with _locked(key):
        tat = max(cache.get(key) or now, now)
        new_tat = tat + interval * cost
        allow_at = new_tat - spec.limit * interval
        if allow_at > now + 1e-9 and not charge_only:
            return Decision(spec, False, 0, allow_at - now, tat - now)
        cache.set(key, new_tat, timeout=int(new_tat - now) + 2)
    remaining = max(0, int(math.floor((now - allow_at) / interval + 1e-6))) if interval else spec.limit
    return Decision(spec, True, min(remaining, spec.limit), 0.0, new_tat - now)


def _window(key: str, spec: LimitSpec, cost: int, now: float, charge_only: bool) -> Decision:
    length = scaled(spec.period)
    index = int(now // length)
    end = (index + 1) * length
    wkey = f"{key}:{index}"
    with _locked(key):
        used = cache.get(wkey) or 0
        if used + cost > spec.limit and not charge_only:
            return Decision(spec, False, max(0, spec.limit - used), end - now, end - now)
        cache.set(wkey, used + cost, timeout=int(length) + 2)
    return Decision(spec, True, max(0, spec.limit - used - cost), 0.0, end - now)


def limit_take(*, scope: str, spec: LimitSpec, cost: int = 1, charge_only: bool = False) -> Decision:
    """Take `cost` units from the limiter `scope`/`spec.name`; `charge_only` always charges
    (penalties such as WB's 10 requests per 4xx) and never refuses."""
    key = f"sandbox:rl:{_generation()}:{scope}:{spec.name}"
    fn = _bucket if spec.kind == "bucket" else _window
    return fn(key, spec, max(cost, 0), time.time(), charge_only)


def limit_take_each(*, scopes: list[str], spec: LimitSpec, lock_scope: str) -> list[bool]:
    """One unit from each of many token buckets of `spec` (e.g. Ozon's one update per product and
    warehouse per 30 s), in order, under one lock: a request with 100 pairs costs a few cache round
    trips instead of five per pair. A scope named twice is charged twice. Every caller of these
    scopes must come through here (one lock per `lock_scope`)."""
    assert spec.kind == "bucket", "only token buckets are taken in bulk"
    prefix, now, interval = f"sandbox:rl:{_generation()}:", time.time(), scaled(spec.period)
    keys = [f"{prefix}{scope}:{spec.name}" for scope in scopes]
    allowed, changed = [], {}
    with _locked(f"{prefix}{lock_scope}:{spec.name}:many"):
        tats = cache.get_many(set(keys))
        for key in keys:
            tat = max(changed.get(key, tats.get(key)) or now, now)
            new_tat = tat + interval
            ok = new_tat - spec.limit * interval <= now + 1e-9
            if ok:
                changed[key] = new_tat
            allowed.append(ok)
        if changed:
            cache.set_many(changed, timeout=int(max(changed.values()) - now) + 2)
    return allowed


def limit_drain(*, scope: str, spec: LimitSpec, remaining: int = 0) -> None:
    """Leave only `remaining` units (control API): lets a test reach 10 000-per-hour limits
    without 10 000 calls, while the refusal itself is still computed from the documented limit."""
    used = max(spec.limit - remaining, 0)
    limit_take(scope=scope, spec=spec, cost=used, charge_only=True)


def _generation() -> int:
    return cache.get("sandbox:rl:gen") or 0


def limits_reset() -> None:
    """Forget every limiter (state reset): bump the generation that prefixes all keys."""
    cache.set("sandbox:rl:gen", time.time_ns(), timeout=None)


def seconds_header(value: float) -> str:
    """Header value in seconds: whole seconds (rounded up) at scale 1, else fractional."""
    if value <= 0:
        return "0"
    if value >= 1 and abs(scaled(1.0) - 1.0) < 1e-9:
        return str(math.ceil(value))
    return f"{value:.3f}"
