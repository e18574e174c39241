from django.urls import URLPattern

app_name = "entitlements"
urlpatterns: list[URLPattern] = []
