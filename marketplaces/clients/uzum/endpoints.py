"""Uzum Market seller OpenAPI paths (uzum.md; api-seller.uzum.uz swagger), batch maxima, limits."""
from marketplaces.clients.pacing import Limit

HOST = "https://api-seller.uzum.uz/api/seller-openapi"
SHOPS = "/v1/shops"                                   # §1 "Shops" (auth check)
PRODUCTS = "/v1/product/shop/{shop}"                  # §4 "Catalogue" (page/size)
PRICES = "/v1/product/{shop}/sendPriceData"           # §5 "Prices" (one product per call)
STOCKS = "/v2/fbs/sku/stocks"                         # §6 "Update stocks" (no warehouse dimension)
STOCKS_READ = "/v3/fbs/sku/stocks"                    # §6 "Read stocks"
ORDERS = "/v2/fbs/orders"                             # §8 "Orders" (page 0-based, size <= 50)
ORDER = "/v1/fbs/order/{order}"                       # §8 "Order"
ORDER_CONFIRM = "/v1/fbs/order/{order}/confirm"       # §8 "Confirm"
INVOICE = "/v1/fbs/invoice"                           # §8 "Invoice (hand over)"

BATCH = {"stocks": 1000, "stocks_page": 100, "orders_page": 50}  # §6 batch limit [unconfirmed]
# §11: undocumented; observed ~2 requests a second per token, then 30 s of throttling.
LIMITS = {"token": Limit.every(0.5, burst=2)}
THROTTLE_S = 30.0
