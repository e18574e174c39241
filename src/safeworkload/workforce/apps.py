from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "safeworkload.workforce"
    label = "workforce"
