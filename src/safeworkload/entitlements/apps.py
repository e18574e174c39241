from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "safeworkload.entitlements"
    label = "entitlements"
