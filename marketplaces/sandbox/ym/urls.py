from django.urls import path, re_path

from marketplaces.sandbox.ym.vendor import YM
from marketplaces.sandbox.urlutil import methods, unknown_path
from marketplaces.sandbox.ym import offers, orders

urlpatterns = [
    path("v2/campaigns", methods(GET=offers.campaigns)),
    path("v2/businesses/<int:business_id>/offer-mappings/update", methods(POST=offers.offer_mappings_update)),
    path("v2/businesses/<int:business_id>/offer-mappings", methods(POST=offers.offer_mappings)),
    path("v2/businesses/<int:business_id>/offer-prices/updates", methods(POST=offers.business_prices)),
    path("v2/campaigns/<int:campaign_id>/offers/stocks", methods(PUT=offers.stocks_update, POST=offers.stocks_read)),
    path("v2/businesses/<int:business_id>/warehouses", methods(POST=offers.warehouses)),
    path("v1/businesses/<int:business_id>/orders", methods(POST=orders.orders_list)),
    path("v2/campaigns/<int:campaign_id>/orders/<int:order_id>/status", methods(PUT=orders.order_status)),
    path("v2/campaigns/<int:campaign_id>/orders/status-update", methods(POST=orders.orders_status_update)),
    path("v2/businesses/<int:business_id>/goods-feedback", methods(POST=orders.feedback_list)),
    path("v2/businesses/<int:business_id>/goods-feedback/comments/update", methods(POST=orders.feedback_comment)),
    re_path(r"^(?P<rest>.*)$", unknown_path(YM)),  # vendor-shaped 404 for unknown paths
]
