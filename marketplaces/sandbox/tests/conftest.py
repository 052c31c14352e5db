"""Sandbox tests run over real HTTP: Django's threaded WSGI server on 127.0.0.1 (free port), in a
thread for the whole session, serves the emulators; `requests` calls them like a vendor client.

Why not pytest-django's live_server: it flushes every table after each test (~0.5 s here). These
tests never share state (each creates its own sandbox accounts, and global faults are removed by
the test that sets them), so the database is only unblocked, not flushed."""
from __future__ import annotations

import json
import threading
import time

import pytest
import requests
from django.core.cache import cache
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import DEFAULT_DB_ALIAS, connection
from django.test.utils import setup_databases, teardown_databases

from marketplaces.sandbox import clock
from marketplaces.sandbox.models import SandboxAccount, SandboxOrder, SandboxReview

_CONFIGURED_DB_NAME = connection.settings_dict["NAME"]  # read before pytest-django swaps in the test DB

AUTH = {
    "wb": lambda c: {"Authorization": c["token"]},
    "ozon": lambda c: {"Client-Id": c["client_id"], "Api-Key": c["api_key"]},
    "ym": lambda c: {"Api-Key": c["api_key"]},
    "uzum": lambda c: {"Authorization": c["token"]},
}
BAD_AUTH = {
    "wb": {"Authorization": "eyJhbGciOiJFUzI1NiJ9.eyJzIjo5M30.c2ln"},
    "ozon": {"Client-Id": "1", "Api-Key": "00000000-0000-0000-0000-000000000000"},
    "ym": {"Api-Key": "ACMA:nope:nope"},
    "uzum": {"Authorization": "not-a-token"},
}


class Account:
    def __init__(self, sandbox: "Sandbox", data: dict):
        self.sandbox, self.data = sandbox, data
        self.id, self.vendor, self.creds = data["id"], data["vendor"], data["credentials"]
        self.model = SandboxAccount.objects.get(pk=self.id)

    def url(self, path: str) -> str:
        return f"{self.sandbox.url}/sandbox/{self.vendor}/{path.lstrip('/')}"

    def call(self, method: str, path: str, body=None, *, raw: bytes | None = None, headers: dict | None = None,
             timeout: float = 10) -> requests.Response:
        hdrs = {"Content-Type": "application/json", **(headers if headers is not None else AUTH[self.vendor](self.creds))}
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        return self.sandbox.http.request(method, self.url(path), data=data, headers=hdrs, timeout=timeout)


class Sandbox:
    def __init__(self, url: str):
        self.url, self.http = url, requests.Session()

    def control(self, method: str, path: str, body=None, expect: int | None = None) -> dict:
        resp = self.http.request(method, f"{self.url}/_sandbox/{path}", json=body, timeout=10)
        if expect is not None:
            assert resp.status_code == expect, resp.text
        return resp.json()

    def account(self, vendor: str, **kwargs) -> Account:
        return Account(self, self.control("POST", "accounts", {"vendor": vendor, **kwargs}, expect=201))

    def scale(self, value: float) -> None:
        self.control("POST", "time-scale", {"scale": value}, expect=200)

    def fault(self, **kwargs) -> dict:
        return self.control("POST", "faults", kwargs, expect=201)

    def drain(self, account: Account, resource: str, remaining: int = 0) -> None:
        self.control("POST", "limits/drain", {"account": account.id, "resource": resource, "remaining": remaining},
                     expect=200)

    def log(self, **params) -> list[dict]:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.control("GET", f"log?{query}")["requests"]


class _QuietHandler(WSGIRequestHandler):
    """Counts requests in flight so a test ends only after the server thread has finished
    (request_finished touches the DB, which pytest-django blocks again after the test)."""

    active = 0
    lock = threading.Lock()

    def log_message(self, *args) -> None:
        pass

    def parse_request(self) -> bool:
        ok = super().parse_request()
        if ok:
            with self.lock:
                _QuietHandler.active += 1
            self._counted = True
        return ok

    def handle_one_request(self) -> None:
        self._counted = False
        try:
            super().handle_one_request()
        finally:
            if self._counted:
                with self.lock:
                    _QuietHandler.active -= 1


def _wait_idle(timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while _QuietHandler.active and time.monotonic() < deadline:
        time.sleep(0.002)


@pytest.fixture(scope="session")
def sandbox_url(django_db_setup, django_db_blocker) -> str:
    own_db = None
    if connection.settings_dict["NAME"] == _CONFIGURED_DB_NAME:
        # pytest-django creates the test database only when some collected test is marked for
        # it; when these tests run alone, create it here so nothing touches the real database.
        with django_db_blocker.unblock():
            own_db = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    server = ThreadedWSGIServer(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    _wait_idle()
    if own_db is not None:
        with django_db_blocker.unblock():
            teardown_databases(own_db, verbosity=0)


@pytest.fixture
def sandbox(sandbox_url, django_db_blocker, settings) -> Sandbox:
    with django_db_blocker.unblock():
        settings.SANDBOX_ENABLED = True
        cache.delete("sandbox:time_scale")
        sb = Sandbox(sandbox_url)
        sb.scale(1000)  # documented periods run 1000x faster unless a test says otherwise
        yield sb
        sb.http.close()  # lets keep-alive server threads end and close their DB connections
        _wait_idle()
        clock.time_scale_set(scale=None)


def populated(sandbox: Sandbox, vendor: str) -> tuple[Account, dict]:
    """An account with 3 ready demo cards, generated orders and reviews, and their vendor ids."""
    acc = sandbox.account(vendor, demo_cards=3, seed=7)
    sandbox.control("POST", f"accounts/{acc.id}/generate", {"steps": 8}, expect=200)
    card = acc.model.cards.order_by("pk").first()
    order = SandboxOrder.objects.filter(account_id=acc.id).order_by("pk").first()
    review = SandboxReview.objects.filter(account_id=acc.id).order_by("pk").first()
    wh = acc.model.warehouses.order_by("pk").first()
    ids = {"nm": card.ext_id, "product": card.ext_id, "chrt": card.sku_id, "sku": card.sku_id,
           "barcode": card.barcode, "offer": card.offer_id, "wh": wh.ext_id if wh else None,
           "order": order.ext_id, "posting": order.number, "review": review.ext_id,
           "review_int": int(review.ext_id) if review.ext_id.isdigit() else None,
           "biz": acc.model.business_id, "camp": acc.model.campaign_id, "shop": acc.model.shop_id}
    return acc, ids


def fill(obj, ids: dict):
    """Replace "{name}" placeholders: a whole-string placeholder keeps the id's type."""
    if isinstance(obj, str):
        if obj.startswith("{") and obj.endswith("}") and obj[1:-1] in ids:
            return ids[obj[1:-1]]
        return obj.format(**ids) if "{" in obj else obj
    if isinstance(obj, list):
        return [fill(v, ids) for v in obj]
    if isinstance(obj, dict):
        return {k: fill(v, ids) for k, v in obj.items()}
    return obj
