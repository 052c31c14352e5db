from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "marketplaces.sandbox"
    label = "sandbox"
    verbose_name = "Sandbox marketplaces"
    default_auto_field = "django.db.models.BigAutoField"
