from django.urls import URLPattern

app_name = "timeuse"
urlpatterns: list[URLPattern] = []
