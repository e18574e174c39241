from django.urls import path

from safeworkload.interop import supervision_views, views

app_name = "interop"
urlpatterns = [
    path("import/staff/", views.staff_import_upload_view, name="staff-import"),
    path(
        "import/staff/template.csv", views.staff_import_template_view, name="staff-import-template"
    ),
    path("import/staff/<int:pk>/", views.staff_import_check_view, name="staff-import-check"),
    path("import/staff/<int:pk>/done/", views.staff_import_done_view, name="staff-import-done"),
]
urlpatterns += [
    path("import/cases/", views.case_import_upload_view, name="case-import"),
    path("import/cases/template.csv", views.case_import_template_view, name="case-import-template"),
    path("import/cases/<int:pk>/", views.case_import_check_view, name="case-import-check"),
    path("import/cases/<int:pk>/done/", views.case_import_done_view, name="case-import-done"),
]
urlpatterns += [
    path(
        "import/supervision/",
        supervision_views.supervision_import_upload_view,
        name="supervision-import",
    ),
    path(
        "import/supervision/template.csv",
        supervision_views.supervision_import_template_view,
        name="supervision-import-template",
    ),
    path(
        "import/supervision/<int:pk>/",
        supervision_views.supervision_import_check_view,
        name="supervision-import-check",
    ),
    path(
        "import/supervision/<int:pk>/done/",
        supervision_views.supervision_import_done_view,
        name="supervision-import-done",
    ),
]
