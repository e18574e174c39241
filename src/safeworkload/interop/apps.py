from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "safeworkload.interop"
    label = "interop"
