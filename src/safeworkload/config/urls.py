from django.urls import include, path

from safeworkload.config.api import api

urlpatterns = [
    path("", include("safeworkload.core.urls")),
    path("", include("safeworkload.organisations.urls")),
    path("", include("safeworkload.workforce.urls")),
    path("", include("safeworkload.audit.urls")),
    path("", include("safeworkload.interop.urls")),
    path("caseloads/", include("safeworkload.caseloads.urls")),
    path("supervision/", include("safeworkload.supervision.urls")),
    path("time-use/", include("safeworkload.timeuse.urls")),
    path("hours/", include("safeworkload.entitlements.urls")),
    path("concerns/", include("safeworkload.concerns.urls")),
    path("health-check/", include("safeworkload.healthcheck.urls")),
    path("staffing/", include("safeworkload.staffing.urls")),
    path("bank/", include("safeworkload.bank.urls")),
    path("api/v1/", api.urls),
]

handler403 = "safeworkload.core.views.permission_denied"
handler404 = "safeworkload.core.views.page_not_found"
handler500 = "safeworkload.core.views.server_error"
