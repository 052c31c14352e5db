"""Read one card back from a marketplace after an upload, as neutral fields (title, description,
brand, vendor id), so a caller can show "what we sent" next to "what the marketplace now holds".
The protocol has no card read (the sync never needs one); the vendor knowledge stays here, next
to the clients, and each branch uses the client's own HTTP base (pacing, errors, timeouts)."""
from __future__ import annotations

from marketplaces.clients import errors
from marketplaces.clients.selector import client_for_account
from marketplaces.models import Marketplace, MarketplaceAccount

READABLE = (Marketplace.WILDBERRIES, Marketplace.YANDEX_MARKET)


def card_read_back(*, account: MarketplaceAccount, sku: str, actor=None) -> dict | None:
    """The card with this seller SKU as the marketplace stores it, or None when it is not there."""
    client = client_for_account(account, purpose="card_read_back", actor=actor)
    if account.marketplace == Marketplace.WILDBERRIES:
        from marketplaces.clients.wildberries import endpoints as ep, mappers as m
        body = client.call("POST", "content", ep.CARDS_LIST, group="content", json={
            "settings": {"cursor": {"limit": 100}, "filter": {"textSearch": "", "withPhoto": -1}}})
        card = m.cards_from_list(body).get(sku)
        if card is None:
            return None
        return {"title": card.get("title", ""), "description": card.get("description", ""),
                "brand": card.get("brand", ""), "vendor_id": str(card.get("nmID", ""))}
    if account.marketplace == Marketplace.YANDEX_MARKET:
        from marketplaces.clients.yandex_market import endpoints as ep
        body = client.request("POST", client.path(ep.MAPPINGS), group="offer-mappings", json={"offerIds": [sku]})
        try:
            offers = [m["offer"] for m in body["result"]["offerMappings"] if m["offer"].get("offerId") == sku]
        except (KeyError, TypeError):
            raise errors.ContractChanged("yandex market offer-mappings: unexpected shape") from None
        if not offers:
            return None
        offer = offers[0]
        return {"title": offer.get("name", ""), "description": offer.get("description", ""),
                "brand": offer.get("vendor", ""), "vendor_id": str(offer.get("marketSku", "") or "")}
    raise errors.Rejected(f"reading cards back is not supported for {account.get_marketplace_display()}")
