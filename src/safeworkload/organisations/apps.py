from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "safeworkload.organisations"
    label = "organisations"
