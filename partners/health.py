"""Liveness and readiness. /healthz: the process answers. /readyz: each dependency answers.

Readiness must never hang when a dependency is down or stuck: every check runs in its own
short-lived thread and is given READYZ_TIMEOUT seconds (drivers also carry their own connect
and socket timeouts, see config/settings.py). A check that does not answer in time is reported
as "timeout"; its thread is left to finish on its own (daemon), the response is not held up.
"""
from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _timeout() -> float:
    return float(getattr(settings, "READYZ_TIMEOUT", 5.0))


def check_database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # Runs in a throw-away thread: its connection must not outlive it.
        connection.close()


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def check_broker() -> None:
    if settings.Q_CLUSTER.get("redis"):
        import redis

        timeout = _timeout()
        client = redis.Redis.from_url(settings.Q_CLUSTER["redis"], socket_connect_timeout=timeout,
                                      socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    else:
        from django_q.models import OrmQ

        try:
            OrmQ.objects.exists()
        finally:
            connection.close()


def check_channel_layer() -> None:
    layer = get_channel_layer()

    async def roundtrip() -> None:
        name = await layer.new_channel()
        await layer.send(name, {"type": "readyz.ping"})
        await layer.receive(name)

    async def bounded() -> None:
        await asyncio.wait_for(roundtrip(), timeout=_timeout())

    async_to_sync(bounded)()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "channel_layer": check_channel_layer,
}


def run_checks(checks: dict[str, Callable[[], None]] | None = None, *, timeout: float | None = None
               ) -> dict[str, str]:
    """Run all checks at once, each in a daemon thread; "ok", "error: <Type>" or "timeout"."""
    checks = CHECKS if checks is None else checks
    timeout = _timeout() if timeout is None else timeout
    results: dict[str, str] = {}

    def run(name: str, check: Callable[[], None]) -> None:
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # readiness reports any failure, by name, never the message (secrets)
            results[name] = f"error: {type(exc).__name__}"

    threads = [threading.Thread(target=run, args=(name, check), name=f"readyz-{name}", daemon=True)
               for name, check in checks.items()]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout + 0.5
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return {name: results.get(name, "timeout") for name in checks}


@never_cache
def readyz(request):
    results = run_checks()
    failed = [name for name, state in results.items() if state != "ok"]
    body: dict[str, object] = {"status": "ok" if not failed else "unavailable", "checks": results}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
