"""Wildberries: token auth per host category, the three error shapes, token-bucket limits.
Reference: /work/shared/marketplaces/wildberries.md sections 1 (auth), 2 (errors), 9 (limits)."""
from __future__ import annotations

import base64
import json
import time
import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from marketplaces.sandbox.limits import Decision, LimitSpec, seconds_header
from marketplaces.sandbox.models import SandboxAccount
from marketplaces.sandbox.pipeline import VendorError
from marketplaces.sandbox.services import WB_CATEGORY_BITS, secret_hash

# §9: Personal/Service token values; Base tokens get the reduced ones. (burst, interval seconds)
LIMITS = {
    "personal": {"content": (5, 0.6), "cards": (5, 6.0), "media": (5, 0.6), "prices": (5, 0.6),
                 "marketplace": (20, 0.2), "cancel": (20, 0.6), "feedbacks": (6, 1 / 3), "ping": (99, 10.0)},
    "base": {"content": (5, 0.6), "cards": (5, 6.0), "media": (1, 1800.0), "prices": (1, 900.0),
             "marketplace": (10, 0.4), "cancel": (20, 0.6), "feedbacks": (1, 720.0), "ping": (99, 10.0)},
}
STATUS_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
               429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
               503: "Service Unavailable", 504: "Gateway Timeout"}


class WildberriesVendor:
    code = "wb"

    def __init__(self, category: str):
        self.category = category  # host category: content, prices, marketplace, feedbacks

    def authenticate(self, request: HttpRequest, group: str) -> SandboxAccount:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not token:
            raise VendorError(401, "empty Authorization header", code="auth")
        account = SandboxAccount.objects.filter(secret_hash=secret_hash(token), vendor="wb").first()
        claims = _claims(token)
        if account is None or claims is None:
            raise VendorError(401, "token is invalid or revoked", code="auth")
        if claims.get("exp", 0) < time.time():
            raise VendorError(401, "token expired", code="auth")
        if not claims.get("s", 0) & (1 << (WB_CATEGORY_BITS[self.category] - 1)):
            raise VendorError(401, f"token scope not allowed for category {self.category}", code="auth")
        return account

    def limit_group(self, group: str) -> str:
        if group in ("cards", "media", "cancel", "ping"):
            return group
        return {"content": "content", "prices": "prices", "marketplace": "marketplace",
                "feedbacks": "feedbacks"}[self.category]

    def limits(self, account: SandboxAccount, group: str) -> list[tuple[str, LimitSpec]]:
        name = self.limit_group(group)
        burst, interval = LIMITS[account.token_type][name]
        scope = f"wb:{account.pk}:{account.secret_hash[:8]}"
        return [(scope, LimitSpec(name=name, kind="bucket", limit=burst, period=interval))]

    def ok_headers(self, decisions: list[Decision], group: str) -> dict[str, str]:
        return {"X-Ratelimit-Remaining": str(decisions[0].remaining)} if decisions else {}

    def penalty(self, account: SandboxAccount | None, group: str, status: int) -> int:
        # §9: in Marketplace each 4xx response costs 10 requests (the call itself already paid 1).
        if account and self.category == "marketplace" and 400 <= status < 500 and status != 429:
            return 9
        return 0

    def limited(self, decision: Decision, group: str) -> HttpResponse:
        body = self._problem(429, f"limited by {decision.spec.name}")
        response = JsonResponse(body, status=429)
        response["X-Ratelimit-Retry"] = seconds_header(decision.retry_after)
        response["X-Ratelimit-Limit"] = str(decision.spec.limit)
        response["X-Ratelimit-Reset"] = seconds_header(decision.reset_after)
        return response

    def error(self, err: VendorError, group: str) -> HttpResponse:
        if err.status in (401, 429) or err.status >= 500 or err.code == "path":
            return JsonResponse(self._problem(err.status, err.message), status=err.status)
        if self.category == "marketplace":
            body = {"code": str(err.code or STATUS_TEXT.get(err.status, "Error")), "message": err.message,
                    "data": err.data}
        else:
            body = {"data": None, "error": True, "errorText": err.message, "additionalErrors": err.data}
        return JsonResponse(body, status=err.status)

    def revoked_error(self, group: str) -> VendorError:
        return VendorError(401, "token is invalid or revoked", code="auth")

    def maintenance_error(self, group: str) -> VendorError:
        return VendorError(503, "technical maintenance, try again later")

    def server_error(self, status: int, group: str) -> VendorError:
        return VendorError(status, STATUS_TEXT.get(status, "server error").lower())

    def _problem(self, status: int, detail: str) -> dict:
        return {"title": STATUS_TEXT.get(status, "error").lower(), "detail": detail,
                "code": str(uuid.uuid4())[:13], "requestId": uuid.uuid4().hex,
                "origin": f"s2s-api-auth-{self.category}", "status": status,
                "statusText": STATUS_TEXT.get(status, ""), "timestamp": timezone.now().isoformat()}


def _claims(token: str) -> dict | None:
    try:
        part = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (IndexError, ValueError):
        return None


CONTENT = WildberriesVendor("content")
PRICES = WildberriesVendor("prices")
MARKETPLACE = WildberriesVendor("marketplace")
FEEDBACKS = WildberriesVendor("feedbacks")
