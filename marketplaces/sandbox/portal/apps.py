from django.apps import AppConfig


class SandboxPortalConfig(AppConfig):
    name = "marketplaces.sandbox.portal"
    label = "sandbox_portal"
    verbose_name = "Sandbox Uzum seller portal"
    default_auto_field = "django.db.models.BigAutoField"
