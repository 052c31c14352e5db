"""Two ways into Uzum: its seller API (a token) and its seller portal (a browser with the
partner's login). A push goes the account's own way; when that way cannot do it (Uzum's API has
no card create) or keeps failing, healing may fall back to the other way, if the account holds
what that way needs and it can do the job (`capabilities` of each client). Other marketplaces
have one way, so no fallback.

Where each way lives: the account's `base_url` is its own way's; the other's is in `vendor_ids`
(`portal_url` for an API account, `api_url` for a portal one), else the vendor's public host.
"""
from __future__ import annotations

from marketplaces.clients.types import Capability as C
from marketplaces.models import Marketplace, MarketplaceAccount
from marketplaces.sync.models import IntentKind

API, BROWSER = "api", "browser"
KIND_CAPABILITY = {IntentKind.STOCK: C.STOCKS, IntentKind.PRICE: C.PRICES, IntentKind.CARD: C.CARDS,
                   IntentKind.ORDER_STATUS: C.ORDER_ACK, IntentKind.REVIEW_ANSWER: C.REVIEW_ANSWER}
PORTAL_HOST = "https://seller.uzum.uz"  # the portal's public address when vendor_ids has none


def route_default(account: MarketplaceAccount) -> str:
    return BROWSER if account.auth_mode == MarketplaceAccount.AuthMode.PORTAL else API


def routes_possible(account: MarketplaceAccount, kind: str) -> set[str]:
    """The ways this account can push `kind` (key presence only: no secret leaves the row)."""
    if account.marketplace != Marketplace.UZUM:
        return {API}
    from marketplaces.clients.uzum.client import UzumClient
    from marketplaces.clients.uzum_portal.client import UzumPortalClient

    creds, need = account.credentials or {}, KIND_CAPABILITY.get(kind)
    possible = set()
    if creds.get("token") and (account.vendor_ids or {}).get("shop_id") and need in UzumClient.capabilities:
        possible.add(API)
    if creds.get("login") and creds.get("password") and need in UzumPortalClient.capabilities:
        possible.add(BROWSER)
    return possible


def fallback_capabilities(account: MarketplaceAccount, kind: str, route: str) -> frozenset[str]:
    """What healing may use from `route`: the other ways ("api" / "browser"), and "selectors"
    (alternative selectors) while in a browser."""
    other = routes_possible(account, kind) - {route}
    return frozenset(other | ({"selectors"} if route == BROWSER else set()))


def route_base_url(account: MarketplaceAccount, route: str) -> str:
    if route == route_default(account):
        return account.base_url
    ids = account.vendor_ids or {}
    if route == BROWSER:
        return ids.get("portal_url") or PORTAL_HOST
    return ids.get("api_url") or ""  # the API client's own default host
