"""`client_for_account`: the right client for a MarketplaceAccount. Services call this, never a
vendor module. Decrypting credentials for a call is audited (without the value)."""
from __future__ import annotations

from django.conf import settings

from marketplaces.clients.base import MarketplaceClient
from marketplaces.clients.pacing import Pacer
from marketplaces.models import Marketplace, MarketplaceAccount


def _time_scale(account: MarketplaceAccount) -> float:
    return float(getattr(settings, "SANDBOX_TIME_SCALE", 1.0) or 1.0) if account.is_sandbox else 1.0


def client_for_account(account: MarketplaceAccount, *, purpose: str = "call", portal: bool = False,
                       time_scale: float | None = None, timeout: tuple[float, float] | None = None,
                       actor=None, route: str | None = None, **portal_kwargs) -> MarketplaceClient:
    """`route` ("api" / "browser", see marketplaces/sync/routes.py) picks the other way into a
    marketplace than the account's own (Uzum: API token or seller portal)."""
    from marketplaces.services.accounts import account_credentials_use
    from marketplaces.sync.routes import API, BROWSER, route_base_url

    creds = account_credentials_use(account=account, purpose=purpose, actor=actor)
    scale = time_scale if time_scale is not None else _time_scale(account)
    is_portal = account.auth_mode == MarketplaceAccount.AuthMode.PORTAL
    if route == BROWSER or (portal or is_portal) and route != API:
        from marketplaces.clients.uzum_portal.client import UzumPortalClient
        portal_kwargs.setdefault("base_url", route_base_url(account, BROWSER))
        return UzumPortalClient(account=account, credentials=creds, **portal_kwargs)
    ids = account.vendor_ids or {}
    common = {"account_key": str(account.pk), "base_url": route_base_url(account, API), "time_scale": scale}
    if timeout:
        common["timeout"] = timeout
    if account.marketplace == Marketplace.WILDBERRIES:
        from marketplaces.clients.wildberries import endpoints as ep
        from marketplaces.clients.wildberries.client import WildberriesClient
        return WildberriesClient(token=creds.get("token", ""), pacer=_pacer(account, ep.LIMITS, scale), **common)
    if account.marketplace == Marketplace.OZON:
        from marketplaces.clients.ozon import endpoints as ep
        from marketplaces.clients.ozon.client import OzonClient
        return OzonClient(client_id=creds.get("client_id") or ids.get("client_id", ""),
                          api_key=creds.get("api_key", ""),
                          pacer=_pacer(account, ep.LIMITS, scale), **common)
    if account.marketplace == Marketplace.YANDEX_MARKET:
        from marketplaces.clients.yandex_market import endpoints as ep
        from marketplaces.clients.yandex_market.client import YandexMarketClient
        return YandexMarketClient(api_key=creds.get("api_key", ""), business_id=ids.get("business_id", ""),
                                  campaign_id=ids.get("campaign_id", ""), pacer=_pacer(account, ep.LIMITS, scale),
                                  **common)
    from marketplaces.clients.uzum import endpoints as ep
    from marketplaces.clients.uzum.client import UzumClient
    return UzumClient(token=creds.get("token", ""), shop_id=ids.get("shop_id", ""),
                      pacer=_pacer(account, ep.LIMITS, scale), **common)


def _pacer(account: MarketplaceAccount, limits, scale: float) -> Pacer:
    return Pacer(f"{account.marketplace}:{account.pk}", limits, time_scale=scale)
