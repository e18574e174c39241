from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.workforce.selectors import vacancy_figures, vacancy_list


@permission_required("can_view_org_measures")
def vacancy_list_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    figures = vacancy_figures(organisations=[organisation])[organisation.pk]
    return render(
        request,
        "workforce/vacancy_list.html",
        {
            "title": "Vacancies",
            "posts": vacancy_list(organisation=organisation),
            "figures": figures,
        },
    )
