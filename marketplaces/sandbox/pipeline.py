"""One request pipeline for every emulator endpoint:
authenticate -> faults -> rate limits -> parse body -> handler -> drift -> headers -> log.

A handler is ``fn(ctx, **url_kwargs)`` returning ``(status, data)`` (data None => empty body)
or raising ``VendorError``; each vendor formats errors, 429/420 answers and headers itself.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, Callable, Protocol

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from marketplaces.sandbox.faults import (
    Kind,
    connection_reset,
    faults_triggered,
    rename_field,
    tcp_nodelay,
    transport_delay,
)
from marketplaces.sandbox.limits import Decision, LimitSpec, limit_take
from marketplaces.sandbox.models import SandboxAccount, SandboxRequestLog


logger = logging.getLogger(__name__)


class VendorError(Exception):
    def __init__(self, status: int, message: str, *, code: str | int | None = None, data: Any = None):
        super().__init__(message)
        self.status, self.message, self.code, self.data = status, message, code, data


@dataclass
class Ctx:
    request: HttpRequest
    account: SandboxAccount
    group: str
    body: Any = None
    summary: dict = field(default_factory=dict)  # write summary for the request log
    items: int = 1  # units for item-counted limits (YM offers/SKUs)


class Vendor(Protocol):
    code: str

    def authenticate(self, request: HttpRequest, group: str) -> SandboxAccount: ...
    def error(self, err: VendorError, group: str) -> HttpResponse: ...
    def limits(self, account: SandboxAccount, group: str) -> list[tuple[str, LimitSpec]]: ...
    def limited(self, decision: Decision, group: str) -> HttpResponse: ...
    def ok_headers(self, decisions: list[Decision], group: str) -> dict[str, str]: ...
    def penalty(self, account: SandboxAccount, group: str, status: int) -> int: ...


def endpoint(vendor: Vendor, group: str, *, resource: str | None = None, body: bool = False,
             items: Callable[[Any], int] | None = None):
    """Wrap a handler. `group`: the neutral endpoint group faults target (cards, media, prices,
    stocks, warehouses, orders, reviews, auth). `resource`: the vendor's limit group when it is
    finer than `group`. `body`: parse a JSON body (malformed -> vendor's 400). `items`: units the
    request costs on item-counted limits (checked after parsing)."""

    def deco(fn):
        @csrf_exempt
        @wraps(fn)
        def view(request: HttpRequest, **kwargs):
            started = time.monotonic()
            tcp_nodelay(request)
            log = {"account": None, "fault": "", "summary": {}}
            response = _run(vendor, group, resource or group, fn, request, kwargs, body, items, log)
            SandboxRequestLog.objects.create(
                account=log["account"], vendor=vendor.code, group=group, method=request.method,
                path=request.path[:300],
                status=0 if getattr(response, "sandbox_reset", False) else response.status_code,
                duration_ms=int((time.monotonic() - started) * 1000), fault=log["fault"],
                summary=log["summary"],
            )
            return response

        return view

    return deco


def _run(vendor, group, resource, fn, request, kwargs, has_body, items, log) -> HttpResponse:
    account, auth_error = None, None
    try:
        account = vendor.authenticate(request, group)
        log["account"] = account
    except VendorError as err:
        auth_error = err
    faults = faults_triggered(account=account, vendor=vendor.code, group=group)
    if faults:
        log["fault"] = ",".join(f.kind for f in faults)[:16]
    transport_delay(faults)
    early = _fault_response(vendor, group, request, faults)
    if early is not None:
        return early
    if auth_error is not None:
        return vendor.error(auth_error, group)
    ctx = Ctx(request=request, account=account, group=group)
    decisions: list[Decision] = []
    try:
        if has_body:
            ctx.body = _parse(request)
        if items is not None and ctx.body is not None:
            try:
                ctx.items = max(int(items(ctx.body)), 1)
            except (TypeError, ValueError, AttributeError):
                ctx.items = 1  # the handler rejects the shape itself
        refused = None
        for scope, spec in vendor.limits(account, resource):
            decision = limit_take(scope=scope, spec=spec, cost=ctx.items if spec.per_item else 1)
            if not decision.allowed:
                refused = decision
                break
            decisions.append(decision)
        if refused is not None:
            response = vendor.limited(refused, resource)
        else:
            status, data = fn(ctx, **kwargs)
            response = _json(status, _drift(data, faults))
    except VendorError as err:
        response = vendor.error(err, group)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # Input of a shape the handler did not expect (a string where a number belongs, a list
        # instead of an object...): the vendors answer 400, so does the sandbox, in their body.
        logger.warning("sandbox %s %s: rejected malformed input: %r", vendor.code, request.path, exc)
        response = vendor.error(VendorError(400, f"invalid request: {exc}", code="malformed"), group)
    if response.status_code not in (420, 429):
        for name, value in vendor.ok_headers(decisions, resource).items():
            response[name] = value
    cost = vendor.penalty(account, resource, response.status_code)
    if cost:
        for scope, spec in vendor.limits(account, resource):
            limit_take(scope=scope, spec=spec, cost=cost, charge_only=True)
    log["summary"] = ctx.summary
    return response


def _fault_response(vendor, group, request, faults) -> HttpResponse | None:
    for fault in faults:
        if fault.kind == Kind.RESET:
            return connection_reset(request)
        if fault.kind == Kind.TOKEN_REVOKED:
            return vendor.error(vendor.revoked_error(group), group)
        if fault.kind == Kind.MAINTENANCE:
            return vendor.error(vendor.maintenance_error(group), group)
        if fault.kind == Kind.ERROR_5XX:
            status = int(fault.params.get("status", 500))
            return vendor.error(vendor.server_error(status, group), group)
        if fault.kind == Kind.RATE_LIMIT:
            retry = float(fault.params.get("retry_after", 1.0))
            spec = LimitSpec(name=f"storm:{group}", kind="bucket", limit=int(fault.params.get("limit", 1)),
                             period=retry, label="1 second")
            from marketplaces.sandbox.clock import scaled

            return vendor.limited(Decision(spec, False, 0, scaled(retry), scaled(retry)), group)
    return None


def _drift(data, faults):
    for fault in faults:
        if fault.kind == Kind.SCHEMA_DRIFT:
            data = rename_field(data, old=fault.params.get("from"), new=fault.params.get("to"))
    return data


def _parse(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError) as exc:
        raise VendorError(400, f"invalid JSON: {exc}", code="malformed") from exc


def _json(status: int, data: Any) -> HttpResponse:
    if data is None:
        return HttpResponse(status=status)
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def require(body: Any, *keys: str, kind: type | tuple = object) -> None:
    """Raise the vendor's 400 for a body that is not an object or lacks a required key."""
    if not isinstance(body, dict):
        raise VendorError(400, "request body must be a JSON object", code="malformed")
    for key in keys:
        if key not in body or body[key] is None:
            raise VendorError(400, f"field '{key}' is required", code="required")
        if not isinstance(body[key], kind):
            raise VendorError(400, f"field '{key}' has a wrong type", code="malformed")
