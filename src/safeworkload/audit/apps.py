from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safeworkload.audit"
    label = "audit"
