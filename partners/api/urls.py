from django.urls import path

from partners.api import auth, views

app_name = "partners_api"
urlpatterns = [
    path("auth/token/", auth.TokenObtainView.as_view(), name="token_obtain"),
    path("auth/token/refresh/", auth.TokenRefreshView.as_view(), name="token_refresh"),
    path("auth/token/verify/", auth.TokenVerifyView.as_view(), name="token_verify"),
    path("auth/token/blacklist/", auth.TokenBlacklistView.as_view(), name="token_blacklist"),
    path("partner/", views.PartnerView.as_view(), name="partner"),
    path("warehouses/", views.WarehouseListView.as_view(), name="warehouses"),
    path("warehouses/<int:pk>/", views.WarehouseDetailView.as_view(), name="warehouse"),
    path("products/", views.ProductListView.as_view(), name="products"),
    path("products/bulk-upsert/", views.ProductBulkUpsertView.as_view(), name="products_bulk_upsert"),
    path("products/<int:pk>/", views.ProductDetailView.as_view(), name="product"),
    path("stock/", views.StockListView.as_view(), name="stock"),
    path("stock/<int:pk>/", views.StockDetailView.as_view(), name="stock_level"),
]
