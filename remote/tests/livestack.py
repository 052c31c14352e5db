"""A real ASGI server (daphne in a subprocess) on the pytest test database, and headless Chromium.

Why a subprocess instead of ChannelsLiveServerTestCase: that forks Daphne after pytest-asyncio and
sync_to_async have run in this process, and the forked child's handshake hangs (FACTS.md)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import Client
from marketplaces.clients.uzum_portal.browser import chrome_start

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_database_url() -> str:
    d = connection.settings_dict
    if d["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{d['NAME']}"
    auth = quote(d["USER"] or "") + (f":{quote(d['PASSWORD'])}" if d.get("PASSWORD") else "")
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def daphne_start() -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": live_database_url(),
           "BOZOR_VAR_DIR": str(settings.VAR_DIR), "DB_CONN_MAX_AGE": "0"}
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("daphne")), "-b", "127.0.0.1", "-p", str(port),
                             "config.asgi:application"], cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.time() + 20
    while time.time() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"daphne exited: {log.read().decode()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("daphne did not start")


def chromium():
    """A headless Chromium (its throwaway profile dir is left to the OS temp cleaner)."""
    return chrome_start()[0]


def login(driver, base: str, user) -> None:
    """Sign the browser in with a real session row in the shared test database."""
    client = Client()
    client.force_login(user)
    driver.get(f"{base}/healthz")
    name = settings.SESSION_COOKIE_NAME
    driver.add_cookie({"name": name, "value": client.cookies[name].value, "path": "/"})
