"""Pages at /sandbox/uzum-portal/..., control API at /_sandbox/uzum-portal/... Included once, at the
root, by marketplaces/sandbox/urls.py (itself mounted only when settings.SANDBOX_ENABLED)."""
from django.urls import include, path

from marketplaces.sandbox.portal import control, views

app_name = "sandbox-portal"

pages = [
    path("", views.login),
    path("login", views.login, name="login"),
    path("captcha", views.captcha, name="captcha"),
    path("2fa", views.otp, name="otp"),
    path("logout", views.logout, name="logout"),
    path("products", views.products, name="products"),
    path("products/new", views.product_new, name="product-new"),
    path("products/<int:product_id>/stock", views.product_stock, name="product-stock"),
]

controls = [
    path("accounts", control.accounts),
    path("accounts/<int:account_id>/products", control.account_products),
    path("config", control.config),
    path("ui-version", control.ui_version),
    path("captcha", control.captcha),
    path("session-lifetime", control.session_lifetime),
    path("sessions/expire", control.sessions_expire),
    path("reset", control.reset),
]

urlpatterns = [
    path("sandbox/uzum-portal/", include(pages)),
    path("_sandbox/uzum-portal/", include(controls)),
]
