from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "safeworkload.supervision"
    label = "supervision"
