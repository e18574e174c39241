from safeworkload.healthcheck.views import answer, assessment, plan, report, survey

app_name = "healthcheck"
urlpatterns = [
    *survey.urlpatterns,
    *answer.urlpatterns,
    *assessment.urlpatterns,
    *report.urlpatterns,
    *plan.urlpatterns,
]
