"""The breach register: list, timeline, plan, escalation, resolution, CSV and PDF.

No page here shows case detail (no case reference, type or person the case is
about), because union representatives read the whole register. The worker's
name is shown: see ``caseloads.selectors.breaches``.
"""

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.caseloads.forms_breaches import BreachFilterForm, BreachNoteForm, BreachPlanForm
from safeworkload.caseloads.models import Breach
from safeworkload.caseloads.selectors.breaches import (
    breach_list,
    breach_teams,
    breach_timeline,
    visible_breaches,
)
from safeworkload.caseloads.services.breaches import (
    BreachError,
    breach_escalate,
    breach_record_plan,
    breach_resolve,
    escalation_ladder,
    next_level,
    plan_actions,
)
from safeworkload.core.pdf import pdf_response
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required

PAGE_SIZE = 50


def breach_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Breach:
    """A breach of the acting organisation that the acting roles may see.

    404 for another organisation's breach (or none), and for a team manager
    asking about a team they do not manage; 403 for a role without the
    register; ``write`` also needs ``can_manage_breaches`` (a union
    representative may look, not change).
    """
    organisation = organisation_of(request)
    get_object_or_404(Breach.objects.filter(organisation=organisation), pk=pk)
    tenancy = tenancy_of(request)
    if not tenancy.has("can_view_breaches"):
        raise PermissionDenied
    breach = get_object_or_404(
        visible_breaches(tenancy=tenancy).select_related("person", "team", "level", "organisation"),
        pk=pk,
    )
    if write and not tenancy.has("can_manage_breaches"):
        raise PermissionDenied
    return breach


def _filter_form(request: HttpRequest) -> BreachFilterForm:
    teams = breach_teams(organisation=organisation_of(request)).values_list("pk", "name")
    return BreachFilterForm(request.GET or None, teams=list(teams))


def _filtered(request: HttpRequest) -> tuple[BreachFilterForm, Any]:
    form = _filter_form(request)
    breaches = breach_list(tenancy=tenancy_of(request), **form.filters())  # type: ignore[arg-type]
    return form, breaches


@permission_required("can_view_breaches")
def breach_list_view(request: HttpRequest) -> HttpResponse:
    filters, breaches = _filtered(request)
    page = Paginator(breaches, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "caseloads/breach_list.html",
        {
            "title": "Breach register",
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _detail(
    request: HttpRequest, breach: Breach, *, failed: Form | None = None, status: int = 200
) -> HttpResponse:
    ladder = escalation_ladder(organisation=breach.organisation)
    plan_form = (
        failed
        if isinstance(failed, BreachPlanForm)
        else BreachPlanForm(initial={"plan": breach.plan, "actions": plan_actions(breach)})
    )
    context: dict[str, Any] = {
        "title": f"Breach: {breach.person.full_name}",
        "breach": breach,
        "events": breach_timeline(breach=breach),
        "ladder": ladder,
        "next_level": next_level(ladder, breach.level),
        "plan_form": plan_form,
        "escalate_form": BreachNoteForm(prefix="escalate"),
        "resolve_form": BreachNoteForm(prefix="resolve"),
        "today": timezone.localdate(),
        "localtime": timezone.localtime,
    }
    if failed is not None:
        context["form"] = failed  # the base template's error summary
    return render(request, "caseloads/breach_detail.html", context, status=status)


def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, breach_for_request(request, pk))


def _refused(form: Form, error: BreachError) -> Form:
    form.add_error(None, str(error))
    return form


@require_POST
def breach_plan(request: HttpRequest, pk: int) -> HttpResponse:
    breach = breach_for_request(request, pk, write=True)
    form = BreachPlanForm(request.POST)
    if form.is_valid():
        try:
            breach_record_plan(
                breach=breach, actor=request.user, plan=form.cleaned_data["plan"], **form.flags()
            )
        except BreachError as error:
            return _detail(request, breach, failed=_refused(form, error))
        messages.success(request, "Plan recorded")
        return redirect("caseloads:breach-detail", pk=breach.pk)
    return _detail(request, breach, failed=form)


@require_POST
def breach_escalate_view(request: HttpRequest, pk: int) -> HttpResponse:
    breach = breach_for_request(request, pk, write=True)
    form = BreachNoteForm(request.POST, prefix="escalate")
    if form.is_valid():
        try:
            breach_escalate(breach=breach, actor=request.user, note=form.cleaned_data["note"])
        except BreachError as error:
            return _detail(request, breach, failed=_refused(form, error))
        assert breach.level is not None
        messages.success(request, f"Escalated to {breach.level.title}")
        return redirect("caseloads:breach-detail", pk=breach.pk)
    return _detail(request, breach, failed=form)


@require_POST
def breach_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    breach = breach_for_request(request, pk, write=True)
    form = BreachNoteForm(request.POST, prefix="resolve")
    if form.is_valid():
        try:
            breach_resolve(breach=breach, actor=request.user, note=form.cleaned_data["note"])
        except BreachError as error:
            return _detail(request, breach, failed=_refused(form, error))
        messages.success(request, "Breach resolved")
        return redirect("caseloads:breach-detail", pk=breach.pk)
    return _detail(request, breach, failed=form)


CSV_HEADER = [
    "breach_id",
    "staff_number",
    "worker",
    "team",
    "kind",
    "status",
    "percent_when_opened",
    "opened_on",
    "due_on",
    "overdue",
    "escalation_rank",
    "escalation_level",
    "escalations",
    "work_removed",
    "co_worker_added",
    "case_reallocated",
    "plan",
    "resolved_on",
]


@permission_required("can_view_breaches")
def breach_export_csv(request: HttpRequest) -> HttpResponse:
    _, breaches = _filtered(request)
    organisation = organisation_of(request)
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="breaches-{organisation.code}-{today:%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for b in breaches:
        writer.writerow(
            [
                b.pk,
                b.person.staff_number,
                b.person.full_name,
                b.team.name if b.team else "",
                b.get_kind_display(),
                b.get_status_display(),
                "" if b.percent_when_opened is None else b.percent_when_opened,
                b.opened_on.isoformat(),
                b.due_on.isoformat(),
                "yes" if b.status == Breach.Status.OPEN and b.due_on < today else "no",
                b.level.rank if b.level else "",
                b.level.title if b.level else "",
                b.escalations,
                "yes" if b.work_removed else "no",
                "yes" if b.co_worker_added else "no",
                "yes" if b.case_reallocated else "no",
                b.plan,
                b.resolved_on.isoformat() if b.resolved_on else "",
            ]
        )
    return response


@permission_required("can_view_breaches")
def breach_export_pdf(request: HttpRequest) -> HttpResponse:
    filters, breaches = _filtered(request)
    organisation = organisation_of(request)
    today = timezone.localdate()
    html = render_to_string(
        "caseloads/breach_register_pdf.html",
        {
            "organisation": organisation,
            "breaches": list(breaches),
            "filter_text": filters.description(),
            "today": today,
            "generated_at": timezone.localtime(),
        },
        request=request,
    )
    return pdf_response(
        request,
        html,
        filename=f"breaches-{organisation.code}-{today:%Y-%m-%d}.pdf",
        instead="the register as CSV",
    )


urlpatterns: list[URLPattern] = [
    path("breaches/", breach_list_view, name="breach-list"),
    path("breaches/export.csv", breach_export_csv, name="breach-export-csv"),
    path("breaches/export.pdf", breach_export_pdf, name="breach-export-pdf"),
    path("breaches/<int:pk>/", breach_detail, name="breach-detail"),
    path("breaches/<int:pk>/plan/", breach_plan, name="breach-plan"),
    path("breaches/<int:pk>/escalate/", breach_escalate_view, name="breach-escalate"),
    path("breaches/<int:pk>/resolve/", breach_resolve_view, name="breach-resolve"),
]
