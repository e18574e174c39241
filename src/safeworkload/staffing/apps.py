from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "safeworkload.staffing"
    label = "staffing"
