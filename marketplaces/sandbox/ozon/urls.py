from django.urls import path, re_path

from marketplaces.sandbox.ozon import postings, products
from marketplaces.sandbox.ozon.vendor import OZON
from marketplaces.sandbox.urlutil import methods, unknown_path

urlpatterns = [
    path("v1/roles", methods(POST=products.roles)),
    path("v3/product/import", methods(POST=products.product_import)),
    path("v1/product/import/info", methods(POST=products.product_import_info)),
    path("v3/product/list", methods(POST=products.product_list)),
    path("v1/product/pictures/import", methods(POST=products.pictures_import)),
    path("v1/product/import/prices", methods(POST=products.import_prices)),
    path("v2/products/stocks", methods(POST=products.products_stocks)),
    path("v4/product/info/stocks", methods(POST=products.product_info_stocks)),
    path("v2/warehouse/list", methods(POST=products.warehouse_list)),
    path("v4/posting/fbs/unfulfilled/list", methods(POST=postings.unfulfilled_list)),
    path("v3/posting/fbs/get", methods(POST=postings.posting_get)),
    path("v4/posting/fbs/ship", methods(POST=postings.posting_ship)),
    path("v2/posting/fbs/cancel", methods(POST=postings.posting_cancel)),
    path("v1/review/list", methods(POST=postings.review_list)),
    path("v1/review/comment/create", methods(POST=postings.review_comment_create)),
    re_path(r"^(?P<rest>.*)$", unknown_path(OZON)),  # vendor-shaped 404 for unknown paths
]
