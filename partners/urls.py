from django.contrib.auth import views as auth_views
from django.urls import path

from partners.forms import LoginForm
from partners.views import accounts, dashboard, products, warehouses

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # Accounts
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(
        authentication_form=LoginForm, redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # Warehouses
    path("warehouses/", warehouses.warehouse_list, name="warehouse_list"),
    path("warehouses/new/", warehouses.warehouse_create, name="warehouse_create"),
    path("warehouses/<int:pk>/edit/", warehouses.warehouse_edit, name="warehouse_edit"),
    path("warehouses/<int:pk>/delete/", warehouses.warehouse_delete, name="warehouse_delete"),
    # Products
    path("products/", products.product_list, name="product_list"),
    path("products/new/", products.product_create, name="product_create"),
    path("products/import/", products.product_import, name="product_import"),
    path("products/import/template.csv", products.product_import_template, name="product_import_template"),
    path("products/<int:pk>/", products.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", products.product_edit, name="product_edit"),
    path("products/<int:pk>/delete/", products.product_delete, name="product_delete"),
    path("products/<int:pk>/stock/", products.product_stock, name="product_stock"),
]
