from django.apps import AppConfig


class MarketplacesConfig(AppConfig):
    name = "marketplaces"
