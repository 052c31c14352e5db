"""Uzum Market seller OpenAPI: raw-token Authorization, {payload, errors, timestamp, trace}
envelope, an undocumented per-token limit. Reference: uzum.md §1, §2, §11."""
from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from marketplaces.sandbox.limits import Decision, LimitSpec
from marketplaces.sandbox.models import SandboxAccount
from marketplaces.sandbox.pipeline import VendorError
from marketplaces.sandbox.services import secret_hash

# §11: not documented; integrators see 429 above ~1-2 calls/s per token, then tens of seconds
# of throttling. Sandbox: 2 calls/s (burst 2) and a 30 s penalty after each refusal.
TOKEN_RATE = LimitSpec(name="token", kind="bucket", limit=2, period=0.5)
PENALTY_SECONDS = 30
CODES = {400: "bad-request-001", 401: "forbidden-001", 403: "forbidden-001", 404: "not-found-001",
         429: "too-many-requests", 500: "internal-error", 502: "bad-gateway", 503: "service-unavailable",
         504: "gateway-timeout"}


def envelope(payload) -> dict:
    return {"payload": payload, "errors": [], "timestamp": timezone.now().isoformat(),
            "trace": uuid.uuid4().hex[:16], "error": None}


class UzumVendor:
    code = "uzum"

    def authenticate(self, request: HttpRequest, group: str) -> SandboxAccount:
        token = request.headers.get("Authorization", "")
        # §1: the raw token, no "Bearer" prefix; a prefixed token is simply not found.
        account = SandboxAccount.objects.filter(vendor="uzum", secret_hash=secret_hash(token)).first() if token else None
        if account is None:
            raise VendorError(403, "Token not found", code="forbidden-001")
        return account

    def limits(self, account: SandboxAccount, group: str) -> list[tuple[str, LimitSpec]]:
        return [(f"uzum:{account.pk}:{account.secret_hash[:8]}", TOKEN_RATE)]

    def ok_headers(self, decisions: list[Decision], group: str) -> dict[str, str]:
        return {}  # §11: no rate-limit headers were identified

    def penalty(self, account, group: str, status: int) -> int:
        return int(PENALTY_SECONDS / TOKEN_RATE.period) if account and status == 429 else 0

    def limited(self, decision: Decision, group: str) -> HttpResponse:
        return self.error(VendorError(429, "Too many requests", code="too-many-requests"), group)

    def error(self, err: VendorError, group: str) -> HttpResponse:
        code = err.code if isinstance(err.code, str) and "-" in err.code else CODES.get(err.status, "error")
        body = envelope(None) | {"errors": [{"code": code, "message": err.message, "payload": err.data}]}
        return JsonResponse(body, status=err.status)

    def revoked_error(self, group: str) -> VendorError:
        return VendorError(403, "Token not found", code="forbidden-001")

    def maintenance_error(self, group: str) -> VendorError:
        return VendorError(503, "Service temporarily unavailable", code="service-unavailable")

    def server_error(self, status: int, group: str) -> VendorError:
        return VendorError(status, "Internal server error")


UZUM = UzumVendor()


def shop(account: SandboxAccount, shop_id: int) -> None:
    if shop_id != account.shop_id:
        raise VendorError(403, "Access denied", code="fbs-2-seller-access-denied")
