"""Yandex Market Partner API paths (yandex_market.md; official OpenAPI), batch maxima, rate limits."""
from marketplaces.clients.pacing import Window

HOST = "https://api.partner.market.yandex.ru"
CAMPAIGNS = "/v2/campaigns"                                               # §2 "Campaigns" (auth check)
MAPPINGS_UPDATE = "/v2/businesses/{business}/offer-mappings/update"       # §3 "Add/update offers"
MAPPINGS = "/v2/businesses/{business}/offer-mappings"                     # §3 "Offers" (cardStatus)
PRICES = "/v2/businesses/{business}/offer-prices/updates"                 # §5 "Business prices"
STOCKS = "/v2/campaigns/{campaign}/offers/stocks"                         # §6 "Stocks" (PUT sets, POST reads)
WAREHOUSES = "/v2/businesses/{business}/warehouses"                       # §7 "Warehouses"
ORDERS = "/v1/businesses/{business}/orders"                               # §8 "Orders" (pageToken)
ORDER_STATUS = "/v2/campaigns/{campaign}/orders/{order}/status"           # §8 step 4 "Status"
FEEDBACK = "/v2/businesses/{business}/goods-feedback"                     # §9 "Goods feedback"
FEEDBACK_COMMENT = "/v2/businesses/{business}/goods-feedback/comments/update"  # §9 "Answer"

BATCH = {"cards": 500, "prices": 500, "stocks": 2000, "stocks_read": 500, "card_status": 100}
# §10: per-minute / per-hour windows; item-counted groups are paced by items (cost = items).
_HOUR = 3600
_window = Window


LIMITS = {
    "offer-mappings-update": _window(5000, 60), "offer-mappings": _window(100, 60),
    "business-prices": _window(10000, 60), "stocks": _window(100000, 60), "orders": _window(10000, _HOUR),
    "order-status": _window(10000, _HOUR), "goods-feedback": _window(5000, _HOUR),
    "goods-feedback-comments": _window(1000, _HOUR), "warehouses": _window(100, _HOUR),
    "campaigns": _window(1000, _HOUR),
}
