"""Ozon Seller API paths (ozon.md; docs.ozon.ru), batch maxima and rate limits."""
from marketplaces.clients.pacing import Limit, Window

HOST = "https://api-seller.ozon.ru"
ROLES = "/v1/roles"                                  # §2 "Key roles" (auth check)
IMPORT = "/v3/product/import"                        # §4 "Create or update products" -> task_id
IMPORT_INFO = "/v1/product/import/info"              # §4 "Import status"
PRODUCT_LIST = "/v3/product/list"                    # §4 "Product list"
PICTURES = "/v1/product/pictures/import"             # §4 "Images"
PRICES = "/v1/product/import/prices"                 # §5 "Prices"
STOCKS = "/v2/products/stocks"                       # §6 "Stocks"
STOCKS_READ = "/v4/product/info/stocks"              # §6 "Read all stock" (filter.offer_id, cursor)
WAREHOUSES = "/v2/warehouse/list"                    # §7 "Warehouses"
UNFULFILLED = "/v4/posting/fbs/unfulfilled/list"     # §8 "Unprocessed postings"
SHIP = "/v4/posting/fbs/ship"                        # §8 "Assemble (ship) a posting"
POSTING_GET = "/v3/posting/fbs/get"                  # §8 "Posting details"
REVIEWS = "/v1/review/list"                          # §9 "Reviews"
REVIEW_COMMENT = "/v1/review/comment/create"         # §9 "Answer a review"

BATCH = {"cards": 100, "prices": 1000, "stocks": 100, "stocks_read": 1000}  # read: limit 1..1000
# §10: 50 requests a second per Client-Id (bucket); §6: 80 stock calls a minute (window) for the
# update only: the stock read counts against `all`.
LIMITS = {"all": Limit(capacity=50, per_second=50), "stocks": Window(80, 60)}
