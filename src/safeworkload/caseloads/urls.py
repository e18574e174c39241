from safeworkload.caseloads.views import allocation, breaches, cases, reports, schemes

app_name = "caseloads"
urlpatterns = [
    *allocation.urlpatterns,
    *breaches.urlpatterns,
    *cases.urlpatterns,
    *reports.urlpatterns,
    *schemes.urlpatterns,
]
