"""What the workforce pages share: the establishment, vacancies, their cover and
costs, the plans to fill them, and the DfE measures (``posts``, ``plans`` and
``measures`` beside this module).

Leads and union representatives read (``can_view_org_measures``); leads and
administrators change (``can_manage_vacancies``). Who holds a post is shown
by name only to those who may see staff records (``can_view_people``): a
union representative sees that a post is filled, not by whom.
"""

from datetime import date
from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeworkload.calc import money
from safeworkload.organisations.access import organisation_of, require_permission, tenancy_of
from safeworkload.workforce import services
from safeworkload.workforce.models import ActionPlan, Post

READ = "can_view_org_measures"
WRITE = "can_manage_vacancies"


def post_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Post:
    """One of the acting organisation's posts: 404 for another's, 403 for a role
    that may not read (or, with ``write``, change) the establishment."""
    posts = Post.objects.filter(organisation=organisation_of(request))
    post = get_object_or_404(posts.select_related("team", "holder", "organisation"), pk=pk)
    require_permission(request, WRITE if write else READ)
    return post


def plan_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> ActionPlan:
    plans = ActionPlan.objects.filter(organisation=organisation_of(request))
    plan = get_object_or_404(plans.select_related("owner", "organisation"), pk=pk)
    require_permission(request, WRITE if write else READ)
    return plan


def local_today() -> date:
    return timezone.localdate()


def shows_names(request: HttpRequest) -> bool:
    return tenancy_of(request).has("can_view_people")


def pounds(pence: int | None) -> str:
    return "–" if pence is None else money.pounds(pence)


def failed(form: Form, error: services.WorkforceError) -> None:
    form.add_error(None, str(error))


def context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "can_manage": tenancy_of(request).has(WRITE),
        "shows_names": shows_names(request),
        "pounds": pounds,
        "today": local_today(),
        **extra,
    }


def csv_response(filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
