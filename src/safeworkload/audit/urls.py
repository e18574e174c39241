from django.urls import path

from safeworkload.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.entry_list, name="entry-list"),
    path("audit/export.csv", views.entry_export, name="entry-export"),
]
