"""Sandbox marketplaces: emulators under /sandbox/<vendor>/..., control API under /_sandbox/.
config/urls.py includes this module only when settings.SANDBOX_ENABLED."""
from django.urls import include, path

from marketplaces.sandbox import control

urlpatterns = [
    path("sandbox/", control.root, name="sandbox-root"),
    path("sandbox/wb/", include("marketplaces.sandbox.wb.urls")),
    path("sandbox/ozon/", include("marketplaces.sandbox.ozon.urls")),
    path("sandbox/ym/", include("marketplaces.sandbox.ym.urls")),
    path("sandbox/uzum/", include("marketplaces.sandbox.uzum.urls")),
    path("_sandbox/accounts", control.accounts),
    path("_sandbox/accounts/<int:account_id>/cards", control.account_cards),
    path("_sandbox/accounts/<int:account_id>/cards/bulk", control.account_cards_bulk),
    path("_sandbox/accounts/<int:account_id>/stocks", control.account_stocks),
    path("_sandbox/accounts/<int:account_id>/generate", control.account_generate),
    path("_sandbox/faults", control.faults),
    path("_sandbox/faults/<int:fault_id>", control.fault_delete),
    path("_sandbox/time-scale", control.time_scale),
    path("_sandbox/limits/drain", control.limits_drain),
    path("_sandbox/reset", control.reset),
    path("_sandbox/log", control.log),
    path("", include("marketplaces.sandbox.portal.urls")),  # Uzum seller portal: /sandbox/uzum-portal/ + /_sandbox/uzum-portal/
]
