from django.urls import path, re_path

from marketplaces.sandbox.wb import content, feedbacks, marketplace, prices
from marketplaces.sandbox.wb.vendor import CONTENT, FEEDBACKS, MARKETPLACE, PRICES
from marketplaces.sandbox.urlutil import methods, unknown_path

# One prefix per WB host: content-api, discounts-prices-api, marketplace-api, feedbacks-api.
urlpatterns = [
    path("content/ping", content.ping_view(CONTENT)),
    path("content/content/v2/cards/upload", methods(POST=content.cards_upload)),
    path("content/content/v2/cards/update", methods(POST=content.cards_update)),
    path("content/content/v2/get/cards/list", methods(POST=content.cards_list)),
    path("content/content/v2/cards/error/list", methods(POST=content.cards_error_list)),
    path("content/content/v3/media/save", methods(POST=content.media_save)),
    path("prices/ping", content.ping_view(PRICES)),
    path("prices/api/v2/upload/task", methods(POST=prices.upload_task)),
    path("prices/api/v2/buffer/tasks", methods(GET=prices.buffer_tasks)),
    path("prices/api/v2/history/tasks", methods(GET=prices.history_tasks)),
    path("prices/api/v2/history/goods/task", methods(GET=prices.history_goods)),
    path("marketplace/ping", content.ping_view(MARKETPLACE)),
    path("marketplace/api/v3/warehouses", methods(GET=marketplace.warehouses_list)),
    path("marketplace/api/v3/stocks/<int:warehouse_id>",
         methods(PUT=marketplace.stocks_put, POST=marketplace.stocks_read)),
    path("marketplace/api/v3/orders/new", methods(GET=marketplace.orders_new)),
    path("marketplace/api/v3/orders", methods(GET=marketplace.orders_history)),
    path("marketplace/api/v3/orders/status", methods(POST=marketplace.orders_status)),
    path("marketplace/api/v3/orders/<int:order_id>/cancel", methods(PATCH=marketplace.order_cancel)),
    path("marketplace/api/v3/supplies", methods(POST=marketplace.supplies_create)),
    path("marketplace/api/marketplace/v3/supplies/<str:supply_id>/orders",
         methods(PATCH=marketplace.supply_add_orders)),
    path("marketplace/api/v3/supplies/<str:supply_id>/deliver", methods(PATCH=marketplace.supply_deliver)),
    path("feedbacks/ping", content.ping_view(FEEDBACKS)),
    path("feedbacks/api/v1/feedbacks", methods(GET=feedbacks.feedbacks_list)),
    path("feedbacks/api/v1/feedbacks/count-unanswered", methods(GET=feedbacks.feedbacks_count)),
    path("feedbacks/api/v1/feedbacks/answer", methods(POST=feedbacks.feedbacks_answer)),
    re_path(r"^(?P<rest>.*)$", unknown_path(CONTENT)),  # vendor-shaped 404 for unknown paths
]
