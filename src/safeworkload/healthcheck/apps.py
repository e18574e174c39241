from django.apps import AppConfig


class HealthcheckConfig(AppConfig):
    name = "safeworkload.healthcheck"
    label = "healthcheck"
