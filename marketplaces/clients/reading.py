"""Reads in the vendor's largest batch, with the same bounded 429 waits as `send_batches`
(batching.py): a refused call waits `retry_after` and is asked again, at most MAX_RATE_WAITS times."""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from marketplaces.clients.batching import MAX_RATE_WAITS, chunks
from marketplaces.clients.errors import RateLimited

T = TypeVar("T")
R = TypeVar("R")


def rate_waited(call: Callable[[], R], *, sleep: Callable[[float], None] = time.sleep) -> R:
    for attempt in range(MAX_RATE_WAITS + 1):
        try:
            return call()
        except RateLimited as exc:
            if attempt == MAX_RATE_WAITS:
                raise
            sleep(exc.retry_after)
    raise AssertionError("unreachable")


def read_batches(items: Sequence[T], size: int, read: Callable[[list[T]], list[R]], *,
                 sleep: Callable[[float], None] = time.sleep) -> list[R]:
    """`read(chunk)` for each chunk of at most `size` items; a 429 re-reads that chunk."""
    out: list[R] = []
    for chunk in chunks(items, size):
        out.extend(rate_waited(lambda: read(chunk), sleep=sleep))
    return out
