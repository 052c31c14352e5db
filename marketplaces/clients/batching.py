"""Split work into the vendor's largest allowed batch; a 429 waits exactly as long as its retry
header says and resends that batch (bounded, visible, never a hidden retry)."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from marketplaces.clients.errors import RateLimited
from marketplaces.clients.types import BatchResult

T = TypeVar("T")
MAX_RATE_WAITS = 3


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    if size < 1:
        raise ValueError("batch size must be positive")
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def send_batches(items: Sequence[T], size: int, send: Callable[[list[T]], BatchResult], *,
                 sleep: Callable[[float], None] = time.sleep) -> BatchResult:
    total = BatchResult()
    for chunk in chunks(items, size):
        for attempt in range(MAX_RATE_WAITS + 1):
            try:
                result = send(chunk)
                break
            except RateLimited as exc:
                if attempt == MAX_RATE_WAITS:
                    raise
                sleep(exc.retry_after)
        total.extend(result)
    return total
