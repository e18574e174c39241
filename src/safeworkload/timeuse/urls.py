from safeworkload.timeuse.views import urlpatterns

app_name = "timeuse"
__all__ = ["app_name", "urlpatterns"]
