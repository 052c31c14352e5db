from django.urls import path, re_path

from marketplaces.sandbox.uzum.vendor import UZUM
from marketplaces.sandbox.urlutil import methods, unknown_path
from marketplaces.sandbox.uzum import views

urlpatterns = [
    path("v1/shops", methods(GET=views.shops)),
    path("v1/product/shop/<int:shop_id>", methods(GET=views.products)),
    path("v1/product/<int:shop_id>/sendPriceData", methods(POST=views.send_price_data)),
    path("v3/fbs/sku/stocks", methods(GET=views.stocks_read)),
    path("v2/fbs/sku/stocks", methods(POST=views.stocks_update)),
    path("v2/fbs/orders", methods(GET=views.orders_list)),
    path("v2/fbs/orders/count", methods(GET=views.orders_count)),
    path("v1/fbs/order/<int:order_id>", methods(GET=views.order_get)),
    path("v1/fbs/order/<int:order_id>/confirm", methods(POST=views.order_confirm)),
    path("v1/fbs/order/<int:order_id>/cancel", methods(POST=views.order_cancel)),
    path("v1/fbs/invoice", methods(POST=views.invoice_create)),
    re_path(r"^(?P<rest>v[0-9]+/.*)$", unknown_path(UZUM)),  # vendor-shaped 404 for unknown paths
]
