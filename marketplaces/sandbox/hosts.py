"""Real vendor API hosts and their sandbox base paths (one server serves every host)."""
from __future__ import annotations

HOSTS = {
    "https://content-api.wildberries.ru": "/sandbox/wb/content",
    "https://discounts-prices-api.wildberries.ru": "/sandbox/wb/prices",
    "https://marketplace-api.wildberries.ru": "/sandbox/wb/marketplace",
    "https://feedbacks-api.wildberries.ru": "/sandbox/wb/feedbacks",
    "https://api-seller.ozon.ru": "/sandbox/ozon",
    "https://api.partner.market.yandex.ru": "/sandbox/ym",
    "https://api.partner.market.yandex.net": "/sandbox/ym",
    "https://api-seller.uzum.uz/api/seller-openapi": "/sandbox/uzum",
}
VENDOR_BASES = {
    "wb": {"content": "/sandbox/wb/content", "prices": "/sandbox/wb/prices",
           "marketplace": "/sandbox/wb/marketplace", "feedbacks": "/sandbox/wb/feedbacks"},
    "ozon": {"api": "/sandbox/ozon"},
    "ym": {"api": "/sandbox/ym"},
    "uzum": {"api": "/sandbox/uzum"},
}


def absolute(base: str, root: str) -> str:
    return root.rstrip("/") + base
