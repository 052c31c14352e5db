"""Wildberries Seller API paths (wildberries.md; dev.wildberries.ru), batch maxima and rate limits.
WB splits the API per host category; the sandbox keeps the category as a path segment."""
from marketplaces.clients.pacing import Limit

HOSTS = {  # wildberries.md §1 "Hosts"
    "content": "https://content-api.wildberries.ru",
    "prices": "https://discounts-prices-api.wildberries.ru",
    "marketplace": "https://marketplace-api.wildberries.ru",
    "feedbacks": "https://feedbacks-api.wildberries.ru",
}
PING = "/ping"                                              # §2 "Connection check"
CARDS_UPLOAD = "/content/v2/cards/upload"                   # §4 "Create cards" (async)
CARDS_UPDATE = "/content/v2/cards/update"                   # §4 "Update cards"
CARDS_LIST = "/content/v2/get/cards/list"                   # §4 "Cards list" (cursor)
CARDS_ERRORS = "/content/v2/cards/error/list"               # §4 "Failed cards"
MEDIA_SAVE = "/content/v3/media/save"                       # §5 "Media by URL"
PRICES_UPLOAD = "/api/v2/upload/task"                       # §6 "Prices and discounts"
STOCKS = "/api/v3/stocks/{warehouse_id}"                    # §6 "Stocks" (PUT sets, POST reads)
WAREHOUSES = "/api/v3/warehouses"                           # §7 "Seller warehouses"
ORDERS_NEW = "/api/v3/orders/new"                           # §8 "New assembly orders"
SUPPLIES = "/api/v3/supplies"                               # §8 "Supplies"
SUPPLY_ORDERS = "/api/marketplace/v3/supplies/{supply_id}/orders"  # §8 "Add orders to supply"
SUPPLY_DELIVER = "/api/v3/supplies/{supply_id}/deliver"     # §8 "Hand supply over"
FEEDBACKS = "/api/v1/feedbacks"                             # §9 "Feedbacks"
FEEDBACK_ANSWER = "/api/v1/feedbacks/answer"                # §9 "Answer a feedback"

BATCH = {"cards": 100, "prices": 1000, "stocks": 1000, "supply_orders": 100}
LIMITS = {  # §3 "Rate limits" (Personal token): burst, one request per interval
    "content": Limit.every(0.6, burst=5), "media": Limit.every(0.6, burst=5), "prices": Limit.every(0.6, burst=5),
    "cards": Limit.every(6, burst=5), "marketplace": Limit.every(0.2, burst=20),
    "feedbacks": Limit.every(0.333, burst=6), "ping": Limit.every(10 / 99, burst=3),
}
