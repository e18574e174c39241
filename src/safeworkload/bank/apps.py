from django.apps import AppConfig


class BankConfig(AppConfig):
    name = "safeworkload.bank"
    label = "bank"
