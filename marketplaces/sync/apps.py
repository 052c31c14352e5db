from django.apps import AppConfig


class SyncConfig(AppConfig):
    """Autopilot sync: the outbox, operations and attempts, orders and reviews."""

    name = "marketplaces.sync"
    label = "sync"
    verbose_name = "Autopilot sync"
    default_auto_field = "django.db.models.BigAutoField"
