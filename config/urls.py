from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from partners import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/content/", include("content.api.urls")),
    path("api/v1/", include("partners.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[]), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema", permission_classes=[]),
         name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("onboarding/", include("onboarding.urls")),
    path("remote/", include("remote.urls")),
    path("content/", include("content.urls")),
    path("", include("marketplaces.sync.urls")),
    path("", include("partners.urls")),
]
if settings.SANDBOX_ENABLED:
    urlpatterns.insert(0, path("", include("marketplaces.sandbox.urls")))

handler403 = "partners.views.errors.forbidden"
handler404 = "partners.views.errors.not_found"
handler500 = "partners.views.errors.server_error"
