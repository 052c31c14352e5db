"""Yandex Market: Api-Key auth, {"status":"ERROR","errors":[...]} bodies, resource limits with
X-RateLimit-Resource-* headers and HTTP 420. Reference: yandex_market.md §1, §2, §10; error texts
from the vendor's "Types of errors" page (concepts/error-codes). The 420 error `code` is not
documented there: LIMIT_EXCEEDED is the sandbox's choice, the message is the documented one."""
from __future__ import annotations

import math
import time
from datetime import datetime, timezone as dt_timezone
from email.utils import format_datetime

from django.http import HttpRequest, HttpResponse, JsonResponse

from marketplaces.sandbox.limits import Decision, LimitSpec
from marketplaces.sandbox.models import SandboxAccount
from marketplaces.sandbox.pipeline import VendorError
from marketplaces.sandbox.services import secret_hash

HOUR, MINUTE = 3600, 60
# §10 default ("none" tier) resource limits; per_item = the limit counts offers/SKUs, not calls.
RESOURCES = {
    "offer-mappings-update": LimitSpec("offer-mappings-update", "window", 5000, MINUTE, True, "1 minute"),
    "offer-mappings": LimitSpec("offer-mappings", "window", 100, MINUTE, False, "1 minute"),
    "business-prices": LimitSpec("business-prices", "window", 10000, MINUTE, True, "1 minute"),
    "stocks": LimitSpec("stocks", "window", 100000, MINUTE, True, "1 minute"),
    "orders": LimitSpec("orders", "window", 10000, HOUR, False, "1 hour"),
    "order-status": LimitSpec("order-status", "window", 10000, HOUR, True, "1 hour"),
    "goods-feedback": LimitSpec("goods-feedback", "window", 5000, HOUR, False, "1 hour"),
    "goods-feedback-comments": LimitSpec("goods-feedback-comments", "window", 1000, HOUR, False, "1 hour"),
    "warehouses": LimitSpec("warehouses", "window", 100, HOUR, False, "1 hour"),
    "campaigns": LimitSpec("campaigns", "window", 1000, HOUR, False, "1 hour"),
}
CODES = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 420: "LIMIT_EXCEEDED",
         423: "LOCKED", 500: "INTERNAL_ERROR", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE", 504: "GATEWAY_TIMEOUT"}


def _until(seconds: float) -> str:
    # RFC 822 date, rounded up to the next whole second so waiting until it is always enough.
    return format_datetime(datetime.fromtimestamp(math.ceil(time.time() + seconds), dt_timezone.utc), usegmt=True)


class YandexMarketVendor:
    code = "ym"

    def authenticate(self, request: HttpRequest, group: str) -> SandboxAccount:
        key = request.headers.get("Api-Key", "")
        if not key:
            raise VendorError(401, "Credentials are not specified")
        if key.lower().startswith("bearer "):
            raise VendorError(401, "Api-Key token prefix invalid")
        account = SandboxAccount.objects.filter(vendor="ym", secret_hash=secret_hash(key)).first()
        if account is None:
            raise VendorError(401, "Api-Key token is invalid")
        return account

    def limits(self, account: SandboxAccount, group: str) -> list[tuple[str, LimitSpec]]:
        spec = RESOURCES.get(group)
        return [(f"ym:{account.pk}:{account.secret_hash[:8]}", spec)] if spec else []

    def ok_headers(self, decisions: list[Decision], group: str) -> dict[str, str]:
        if not decisions:
            return {}
        d = decisions[0]
        return {"X-RateLimit-Resource-Limit": str(d.spec.limit), "X-RateLimit-Resource-Remaining": str(d.remaining),
                "X-RateLimit-Resource-Until": _until(d.reset_after)}

    def penalty(self, account, group: str, status: int) -> int:
        return 0

    def limited(self, decision: Decision, group: str) -> HttpResponse:
        spec = decision.spec
        message = f"Hit rate limit of {spec.limit} {'items' if spec.per_item else 'requests'} per {spec.label or 'period'} for resource {spec.name}"
        response = JsonResponse({"status": "ERROR", "errors": [{"code": "LIMIT_EXCEEDED", "message": message}]},
                                status=420)
        response["X-RateLimit-Resource-Limit"] = str(spec.limit)
        response["X-RateLimit-Resource-Remaining"] = str(decision.remaining)
        response["X-RateLimit-Resource-Until"] = _until(decision.retry_after)
        return response

    def error(self, err: VendorError, group: str) -> HttpResponse:
        code = err.code if isinstance(err.code, str) and err.code.isupper() else CODES.get(err.status, "ERROR")
        return JsonResponse({"status": "ERROR", "errors": [{"code": code, "message": err.message}]}, status=err.status)

    def revoked_error(self, group: str) -> VendorError:
        return VendorError(401, "Api-Key token is revoked")

    def maintenance_error(self, group: str) -> VendorError:
        return VendorError(503, "Service temporarily unavailable. Please, try again later")

    def server_error(self, status: int, group: str) -> VendorError:
        return VendorError(status, "Internal error")


YM = YandexMarketVendor()


def business(account: SandboxAccount, business_id: int) -> None:
    if business_id != account.business_id:
        raise VendorError(404, f"Business not found: '{business_id}'", code="NOT_FOUND")


def campaign(account: SandboxAccount, campaign_id: int) -> None:
    if campaign_id != account.campaign_id:
        raise VendorError(404, f"Campaign not found: '{campaign_id}'", code="NOT_FOUND")
