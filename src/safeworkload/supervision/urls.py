from safeworkload.supervision.views import urlpatterns

app_name = "supervision"
__all__ = ["app_name", "urlpatterns"]
