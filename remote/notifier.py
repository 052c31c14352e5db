"""Pushes to WebSocket groups after the surrounding transaction commits (STYLE §2, §8).
Services call these; consumers never get called directly.

Inside a Channels server the services run in worker threads next to the server's event loop.
Blocking such a thread until the channel layer has sent (async_to_sync) would hold a database
thread for a Redis round trip per event, so there the push is handed to the loop instead: a few
sender lanes, chosen by group name, keep each group's messages in order without making groups
wait for each other. Anywhere else (tests, management commands, WSGI) it sends synchronously."""
from __future__ import annotations

import asyncio
import logging
import threading
import zlib
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)
LANES = 8
_loop: asyncio.AbstractEventLoop | None = None
_loop_thread: int | None = None
_queues: list[asyncio.Queue] = []


def session_group(session_id: int) -> str:
    return f"remote-s-{session_id}"


def partner_group(partner_id: int) -> str:
    return f"remote-p-{partner_id}"


def loop_bind() -> None:
    """Called by consumers (on the server's loop) so pushes from worker threads can use it."""
    global _loop, _loop_thread, _queues
    loop = asyncio.get_running_loop()
    if loop is not _loop:
        _loop, _loop_thread = loop, threading.get_ident()
        _queues = [asyncio.Queue() for _ in range(LANES)]
        for queue in _queues:
            loop.create_task(_lane(queue))


async def _lane(queue: asyncio.Queue) -> None:
    while True:
        group, payload = await queue.get()
        try:
            await get_channel_layer().group_send(group, {"type": "remote.push", "payload": payload})
        except Exception:  # a lost push must not kill the lane; the recording is already stored
            log.exception("remote push to %s failed", group)


def _send(group: str, payload: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _loop
    if loop is not None and loop.is_running() and threading.get_ident() != _loop_thread:
        queue = _queues[zlib.crc32(group.encode()) % LANES]
        loop.call_soon_threadsafe(queue.put_nowait, (group, payload))
        return
    async_to_sync(layer.group_send)(group, {"type": "remote.push", "payload": payload})


def push_session(session_id: int, payload: dict[str, Any]) -> None:
    """To every admin console watching the session."""
    transaction.on_commit(lambda: _send(session_group(session_id), payload))


def push_partner(partner_id: int, payload: dict[str, Any]) -> None:
    """To every open page of the partner."""
    transaction.on_commit(lambda: _send(partner_group(partner_id), payload))
