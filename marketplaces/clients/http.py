"""The one HTTP base of every API client: a pooled requests.Session per account, mandatory
(connect, read) timeouts, no hidden retries, structured logs without credentials, pacing per
account + endpoint group, and the single place where transport/HTTP failures become our errors."""
from __future__ import annotations

import logging
import threading
import time
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from marketplaces.clients import errors
from marketplaces.clients.pacing import Pacer

log = logging.getLogger("marketplaces.http")
SECRET_HEADERS = {"authorization", "api-key", "client-id", "cookie", "set-cookie", "x-api-key"}
DEFAULT_TIMEOUT = (3.05, 20.0)
_SESSIONS: dict[tuple[str, str], requests.Session] = {}
_LOCK = threading.Lock()


def redact_headers(headers: dict) -> dict:
    return {k: ("***" if k.lower() in SECRET_HEADERS else v) for k, v in headers.items()}


def session_for(vendor: str, account_key: str) -> requests.Session:
    """One pooled session per account; max_retries=0 so urllib3 never retries behind our back."""
    with _LOCK:
        session = _SESSIONS.get((vendor, account_key))
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=8, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            _SESSIONS[(vendor, account_key)] = session
        return session


def sessions_close_all() -> None:
    """Close every pooled session (tests and shutdown): keep-alive sockets are released."""
    with _LOCK:
        for session in _SESSIONS.values():
            session.close()
        _SESSIONS.clear()


class HttpBase:
    vendor = ""
    default_retry_after = 1.0          # seconds at time scale 1 when the vendor sends no header
    maintenance_markers: tuple[str, ...] = ()

    def __init__(self, *, account_key: str, base_url: str, auth_headers: dict[str, str],
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT, pacer: Pacer | None = None, time_scale: float = 1.0):
        if not timeout or len(timeout) != 2:
            raise ValueError("timeout must be (connect, read)")
        self.account_key, self.base_url = str(account_key), base_url.rstrip("/")
        self._auth = dict(auth_headers)
        self.timeout, self.time_scale = timeout, time_scale
        self.pacer = pacer
        self.session = session_for(self.vendor, f"{self.account_key}:{self.base_url}")
        self.requests_made = 0

    # ---- one request -------------------------------------------------------------------
    def request(self, method: str, path: str, *, group: str, json: Any = None, params: dict | None = None,
                base: str | None = None, cost: int = 1) -> Any:
        if self.pacer is not None:
            self.pacer.acquire(group, cost=cost)
        url = (base or self.base_url).rstrip("/") + path
        started = time.monotonic()
        status = 0
        try:
            self.requests_made += 1
            resp = self.session.request(method, url, json=json, params=params, timeout=self.timeout,
                                        headers={**self._auth, "Accept": "application/json"})
            status = resp.status_code
        except requests.Timeout as exc:
            self._log(method, path, group, status, started, "timeout")
            raise errors.Timeout(f"{self.vendor} {group}: no answer within {self.timeout[1]} s",
                                 group=group) from _scrub(exc)
        except requests.ConnectionError as exc:
            self._log(method, path, group, status, started, "network")
            raise errors.NetworkError(f"{self.vendor} {group}: cannot reach {_host(url)}", group=group) from _scrub(exc)
        self._log(method, path, group, status, started, "")
        self.raise_for(resp, group)
        if not resp.content:
            return None
        try:
            return resp.json()
        except ValueError:
            raise errors.ContractChanged(f"{self.vendor} {group}: answer is not JSON", status=status, group=group)

    def _log(self, method, path, group, status, started, failure):
        fields = {"vendor": self.vendor, "account": self.account_key, "group": group, "method": method, "path": path,
                  "status": status, "ms": round((time.monotonic() - started) * 1000, 1), "failure": failure}
        log.info("marketplace call vendor=%(vendor)s account=%(account)s group=%(group)s %(method)s %(path)s "
                 "status=%(status)s ms=%(ms)s %(failure)s", fields, extra={"marketplace": fields})

    # ---- mapping HTTP answers into the error tree ------------------------------------------
    def raise_for(self, resp: requests.Response, group: str) -> None:
        status = resp.status_code
        if status < 400:
            return
        body = _json_or_none(resp)
        message, code = self.error_message(body, resp)
        text = f"{self.vendor} {group}: HTTP {status}: {message}"[:500]
        kwargs = {"status": status, "group": group, "vendor_code": code}
        if status in (420, 429):
            raise errors.RateLimited(text, retry_after=self.retry_after(resp), **kwargs)
        if status in (401, 403):
            raise errors.AuthRejected(text, **kwargs)
        if status == 404:
            raise errors.NotFound(text, items=self.item_errors(body), **kwargs)
        if 400 <= status < 500:
            raise errors.Rejected(text, items=self.item_errors(body), **kwargs)
        if status == 503 and any(m in (message + code).lower() for m in self.maintenance_markers):
            raise errors.Maintenance(text, **kwargs)
        raise errors.Unavailable(text, **kwargs)

    def retry_after(self, resp: requests.Response) -> float:
        return self.default_retry_after / self.time_scale

    def error_message(self, body: Any, resp: requests.Response) -> tuple[str, str]:
        return (resp.reason or ""), ""

    def item_errors(self, body: Any) -> list[errors.ItemError]:
        return []


def header_seconds(resp: requests.Response, name: str) -> float | None:
    value = resp.headers.get(name)
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def header_until(resp: requests.Response, name: str) -> float | None:
    value = resp.headers.get(name)
    if not value:
        return None
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _json_or_none(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def _host(url: str) -> str:
    return url.split("/")[2] if "//" in url else url


def _scrub(exc: Exception) -> Exception:
    """Chained transport errors carry the URL only (never headers); drop the request object anyway."""
    exc.request = None
    return exc
