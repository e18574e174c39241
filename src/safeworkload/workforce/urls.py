from django.urls import path

from safeworkload.workforce import views

app_name = "workforce"
urlpatterns = [path("vacancies/", views.vacancy_list_view, name="vacancy-list")]
