"""Split work (writes and reads) into the vendor's largest allowed batch; a 429 waits exactly as
long as its retry header says and resends that batch (bounded, visible, never a hidden retry)."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from marketplaces.clients.errors import RateLimited
from marketplaces.clients.types import BatchResult

T = TypeVar("T")
R = TypeVar("R")
MAX_RATE_WAITS = 3


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    if size < 1:
        raise ValueError("batch size must be positive")
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def rate_waited(call: Callable[[], R], *, sleep: Callable[[float], None] = time.sleep) -> R:
    """`call()`; a 429 waits its `retry_after` and asks again, at most MAX_RATE_WAITS times."""
    for attempt in range(MAX_RATE_WAITS + 1):
        try:
            return call()
        except RateLimited as exc:
            if attempt == MAX_RATE_WAITS:
                raise
            sleep(exc.retry_after)
    raise AssertionError("unreachable")


def send_batches(items: Sequence[T], size: int, send: Callable[[list[T]], BatchResult], *,
                 sleep: Callable[[float], None] = time.sleep) -> BatchResult:
    total = BatchResult()
    for chunk in chunks(items, size):
        total.extend(rate_waited(lambda: send(chunk), sleep=sleep))
    return total


def read_batches(items: Sequence[T], size: int, read: Callable[[list[T]], list[R]], *,
                 sleep: Callable[[float], None] = time.sleep) -> list[R]:
    """`read(chunk)` for each chunk of at most `size` items; a 429 re-reads that chunk."""
    out: list[R] = []
    for chunk in chunks(items, size):
        out.extend(rate_waited(lambda: read(chunk), sleep=sleep))
    return out
