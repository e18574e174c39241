from django.urls import path

from safeworkload.interop import views

app_name = "interop"
urlpatterns = [
    path("import/staff/", views.staff_import_upload, name="staff-import"),
]
