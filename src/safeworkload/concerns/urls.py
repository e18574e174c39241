from safeworkload.concerns.views import urlpatterns

app_name = "concerns"
__all__ = ["app_name", "urlpatterns"]
