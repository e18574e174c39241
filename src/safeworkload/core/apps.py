from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safeworkload.core"
    label = "core"
