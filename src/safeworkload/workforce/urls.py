from safeworkload.workforce.views import urlpatterns

app_name = "workforce"
__all__ = ["app_name", "urlpatterns"]
