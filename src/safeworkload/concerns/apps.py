from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "safeworkload.concerns"
    label = "concerns"
