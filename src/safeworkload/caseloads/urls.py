from safeworkload.caseloads.views import allocation, breaches, reports

app_name = "caseloads"
urlpatterns = [*allocation.urlpatterns, *breaches.urlpatterns, *reports.urlpatterns]
