"""The sandbox in real server processes: `manage.py sandbox` (threaded WSGI, standalone URLconf)
and daphne (ASGI, the embedded default), including the connection-reset fault under both."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


COMMANDS = {
    "daphne": lambda port: [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
    "manage.py sandbox": lambda port: [sys.executable, "manage.py", "sandbox", "--port", str(port)],
}


@pytest.fixture(params=list(COMMANDS))
def server_url(request, sandbox):
    db = connection.settings_dict
    url = (f"sqlite:///{db['NAME']}" if db["ENGINE"].endswith("sqlite3")
           else f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", "SANDBOX_ENABLED": "true"}
    proc = subprocess.Popen(COMMANDS[request.param](port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{base}/sandbox/", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail(f"{request.param} did not start")
        yield request.param, base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serves_every_vendor_and_resets_connections(server_url):
    kind, server_url = server_url
    if kind == "manage.py sandbox":  # standalone: the root map is also at "/"
        assert "hosts" in requests.get(f"{server_url}/", timeout=5).json()
    hosts = requests.get(f"{server_url}/sandbox/", timeout=5).json()["hosts"]
    assert hosts["https://api-seller.ozon.ru"] == f"{server_url}/sandbox/ozon"
    created = requests.post(f"{server_url}/_sandbox/accounts", json={"vendor": "uzum"}, timeout=5).json()
    headers = {"Authorization": created["credentials"]["token"]}
    requests.post(f"{server_url}/_sandbox/faults", json={"account": created["id"], "kind": "reset", "count": 1}, timeout=5)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"{server_url}/sandbox/uzum/v1/shops", headers=headers, timeout=3)
    assert requests.get(f"{server_url}/sandbox/uzum/v1/shops", headers=headers, timeout=5).status_code == 200
