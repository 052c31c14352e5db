"""Ozon: Client-Id + Api-Key, rpcStatus errors {code, message, details}, 50 rps per Client-Id.
Reference: ozon.md §1 (auth), §2 (errors), §10 (limits).
HTTP <-> code follows the gRPC gateway mapping Ozon's rpcStatus comes from (3 invalid argument,
5 not found, 7 permission denied, 8 rate limit, 16 unauthenticated, 13 internal, 14 unavailable)."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from marketplaces.sandbox.limits import Decision, LimitSpec, seconds_header
from marketplaces.sandbox.models import SandboxAccount
from marketplaces.sandbox.pipeline import VendorError
from marketplaces.sandbox.services import secret_hash

RPC_CODE = {400: 3, 401: 16, 403: 7, 404: 5, 409: 10, 429: 8, 500: 13, 502: 14, 503: 14, 504: 4}
GLOBAL = LimitSpec(name="all", kind="bucket", limit=50, period=1 / 50)  # §10: 50 req/s per Client-Id
STOCKS = LimitSpec(name="stocks", kind="window", limit=80, period=60, label="1 minute")  # §6: 80/min


class OzonVendor:
    code = "ozon"

    def authenticate(self, request: HttpRequest, group: str) -> SandboxAccount:
        client_id, key = request.headers.get("Client-Id", ""), request.headers.get("Api-Key", "")
        if not client_id or not key:
            raise VendorError(401, "Client-Id and Api-Key headers are required")
        account = SandboxAccount.objects.filter(vendor="ozon", secret_hash=secret_hash(key), client_id=client_id).first()
        if account is None:
            raise VendorError(401, "Invalid Api-Key, please check the key and try again")
        return account

    def limits(self, account: SandboxAccount, group: str) -> list[tuple[str, LimitSpec]]:
        scope = f"ozon:{account.client_id}:{account.secret_hash[:8]}"
        return [(scope, GLOBAL)] + ([(scope, STOCKS)] if group == "stocks" else [])

    def ok_headers(self, decisions: list[Decision], group: str) -> dict[str, str]:
        return {}

    def penalty(self, account, group: str, status: int) -> int:
        return 0

    def limited(self, decision: Decision, group: str) -> HttpResponse:
        # Body [code]; header names are unconfirmed: send the standard Retry-After.
        response = JsonResponse({"code": 8, "message": "You have reached request rate limit per second",
                                 "details": []}, status=429)
        response["Retry-After"] = seconds_header(decision.retry_after)
        return response

    def error(self, err: VendorError, group: str) -> HttpResponse:
        code = RPC_CODE.get(err.status, 2)
        return JsonResponse({"code": code, "message": err.message, "details": err.data or []}, status=err.status)

    def revoked_error(self, group: str) -> VendorError:
        return VendorError(401, "Api-key is deactivated, use another one or generate a new one")

    def maintenance_error(self, group: str) -> VendorError:
        return VendorError(503, "Circle is open")

    def server_error(self, status: int, group: str) -> VendorError:
        return VendorError(status, "Internal error")


OZON = OzonVendor()
