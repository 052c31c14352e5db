"""Vendor objects by code (for the control API's limiter drain)."""
from __future__ import annotations

from marketplaces.sandbox.limits import LimitSpec
from marketplaces.sandbox.models import SandboxAccount


def vendor_limits(account: SandboxAccount, resource: str) -> list[tuple[str, LimitSpec]]:
    from marketplaces.sandbox.ozon.vendor import OZON
    from marketplaces.sandbox.uzum.vendor import UZUM
    from marketplaces.sandbox.wb import vendor as wb
    from marketplaces.sandbox.ym.vendor import YM

    if account.vendor == "wb":
        host = {"marketplace": wb.MARKETPLACE, "prices": wb.PRICES, "feedbacks": wb.FEEDBACKS}.get(resource, wb.CONTENT)
        if resource not in wb.LIMITS[account.token_type]:
            return []
        return host.limits(account, resource)
    vendor = {"ozon": OZON, "ym": YM, "uzum": UZUM}[account.vendor]
    if account.vendor == "ozon":
        return [p for p in vendor.limits(account, "stocks") if p[1].name == resource]
    return vendor.limits(account, resource)
