from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "safeworkload.caseloads"
    label = "caseloads"
