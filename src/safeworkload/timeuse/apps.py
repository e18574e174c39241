from django.apps import AppConfig


class TimeuseConfig(AppConfig):
    name = "safeworkload.timeuse"
    label = "timeuse"
