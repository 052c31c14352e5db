"""Vendor error-body and rate-limit-answer assertions shared by the tests."""
from __future__ import annotations

import requests

PROBLEM = {"title", "detail", "code", "requestId", "origin", "status", "statusText", "timestamp"}


def assert_error(vendor: str, resp: requests.Response, path: str = "") -> None:
    body = resp.json()
    if vendor == "wb":
        if resp.status_code in (401, 429) or resp.status_code >= 500:
            assert PROBLEM <= set(body) and body["status"] == resp.status_code, body
        elif isinstance(body, list):  # marketplace 409: per-item errors
            assert {"code", "message", "data"} <= set(body[0]), body
        elif "/marketplace/" in path:
            assert {"code", "message", "data"} <= set(body), body
        else:
            assert body["error"] is True and body["errorText"] and "additionalErrors" in body, body
    elif vendor == "ozon":
        assert isinstance(body["code"], int) and body["message"] and isinstance(body["details"], list), body
    elif vendor == "ym":
        assert body["status"] == "ERROR" and body["errors"][0]["code"] and body["errors"][0]["message"], body
    else:
        assert body["payload"] is None and body["errors"][0]["code"] and "trace" in body and "timestamp" in body, body


def assert_limited(vendor: str, resp: requests.Response) -> None:
    if vendor == "ym":
        assert resp.status_code == 420, resp.text
        for name in ("X-RateLimit-Resource-Limit", "X-RateLimit-Resource-Remaining", "X-RateLimit-Resource-Until"):
            assert name in resp.headers
        assert resp.json()["errors"][0]["message"].startswith("Hit rate limit of ")
        return
    assert resp.status_code == 429, resp.text
    if vendor == "wb":
        assert {"X-Ratelimit-Retry", "X-Ratelimit-Limit", "X-Ratelimit-Reset"} <= set(resp.headers)
        assert "X-Ratelimit-Remaining" not in resp.headers
        assert float(resp.headers["X-Ratelimit-Retry"]) > 0
    elif vendor == "ozon":
        assert resp.json()["code"] == 8 and "rate limit" in resp.json()["message"]
        assert float(resp.headers["Retry-After"]) > 0
    assert_error(vendor, resp)
