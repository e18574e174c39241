"""Setting the organisation's caseload standard (issue 4, part 2).

Case types, versions of the weighting scheme with their settings and
weights, the escalation ladder, and workers' reductions. Every page needs
``can_manage_schemes`` (service leads and organisation admins).

Team managers do not add reductions for their own teams' people here, for
now: a reduction changes a worker's capacity and so what the allocation
guard allows, and the standard's owners set it.

A page naming one of the organisation's records answers 404 for another
organisation's record (as if it did not exist) and 403 to a role of the
organisation without the permission; the checks are in that order, as in
``organisations.access``.
"""

from decimal import Decimal
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.caseloads.forms_schemes import (
    PROFILE_LABELS,
    PROFILE_SOURCES,
    CaseTypeForm,
    EscalationLevelForm,
    ReductionEndForm,
    ReductionForm,
    SchemeSettingsForm,
    SchemeVersionForm,
    SchemeWeightsForm,
    weight_field_name,
)
from safeworkload.caseloads.models import CaseType, EscalationLevel, Reduction, WeightingScheme
from safeworkload.caseloads.selectors.schemes import (
    area_label,
    case_types_by_area,
    escalation_ladder,
    people_for_reductions,
    reduction_rows,
    schemes_by_area,
    version_status,
    weight_rows,
)
from safeworkload.caseloads.services import schemes as services
from safeworkload.caseloads.services.schemes import SCHEME_SETTINGS, SchemeError
from safeworkload.core.forms import posted
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Person, Team

PERMISSION = "can_manage_schemes"
SEARCH_LIMIT = 50

M = TypeVar("M", bound=Model)


def _owned(request: HttpRequest, queryset: QuerySet[M], pk: int) -> M:
    """One of the acting organisation's records: 404 otherwise, then 403 without the permission."""
    found = get_object_or_404(queryset.filter(organisation=organisation_of(request)), pk=pk)
    if not tenancy_of(request).has(PERMISSION):
        raise PermissionDenied
    return found


def _plain(value: object) -> object:
    """A stored decimal as someone would type it: 37.0 as 37, 7.50 as 7.5."""
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value


def _refused(form: BaseForm, error: SchemeError) -> None:
    form.add_error(None, str(error))


# ---------------------------------------------------------------------------
# The standard's home page and the scheme versions


@permission_required(PERMISSION)
def scheme_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    organisation = organisation_of(request)
    return render(
        request,
        "caseloads/scheme_list.html",
        {
            "title": "Caseload standard",
            "areas": schemes_by_area(organisation=organisation, on=today),
            "today": today,
        },
    )


def _area_or_404(service_area: str) -> str:
    if service_area not in Team.ServiceArea.values:
        raise Http404
    return service_area


@permission_required(PERMISSION)
def scheme_create(request: HttpRequest, service_area: str) -> HttpResponse:
    """The first version of an area's scheme, or a new version copied from the latest."""
    area = _area_or_404(service_area)
    organisation = organisation_of(request)
    today = timezone.localdate()
    latest = (
        WeightingScheme.objects.filter(organisation=organisation, service_area=area)
        .order_by("-effective_from")
        .first()
    )
    initial = {"name": latest.name if latest else f"{area_label(area)} workload scheme"}
    form = SchemeVersionForm(
        posted(request),
        initial=initial,
        latest=latest.effective_from if latest else None,
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_version_create(
                organisation=organisation,
                actor=request.user,
                service_area=area,
                effective_from=form.cleaned_data["effective_from"],
                name=form.cleaned_data["name"],
            )
        except SchemeError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                f"New version created. Check its settings and weights before it takes effect "
                f"on {scheme.effective_from:%-d %B %Y}.",
            )
            return redirect("caseloads:scheme-detail", pk=scheme.pk)
    title = (
        f"Create a new version of the {area_label(area).lower()} scheme"
        if latest
        else f"Set up the {area_label(area).lower()} scheme"
    )
    return render(
        request,
        "caseloads/scheme_create.html",
        {"title": title, "form": form, "latest": latest, "area_label": area_label(area)},
    )


def _scheme_context(scheme: WeightingScheme) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "scheme": scheme,
        "status": version_status(scheme, on=today),
        "area_label": area_label(scheme.service_area),
        "profile_label": PROFILE_LABELS.get(scheme.profile, scheme.profile),
        "today": today,
    }


def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _owned(request, WeightingScheme.objects.all(), pk)
    rows = weight_rows(scheme=scheme)
    return render(
        request,
        "caseloads/scheme_detail.html",
        {
            **_scheme_context(scheme),
            "title": str(scheme),
            "rows": rows,
            "missing": sum(1 for row in rows if not row.complete),
        },
    )


def _locked(request: HttpRequest, scheme: WeightingScheme) -> HttpResponse:
    """The refusal for a version already in force: history is never rewritten."""
    return render(
        request,
        "caseloads/scheme_locked.html",
        {**_scheme_context(scheme), "title": "This version cannot be changed"},
        status=403,
    )


def _editable_scheme(request: HttpRequest, pk: int) -> WeightingScheme:
    return _owned(request, WeightingScheme.objects.all(), pk)


def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    if not services.is_editable(scheme):
        return _locked(request, scheme)
    initial = {name: _plain(getattr(scheme, name)) for name in SCHEME_SETTINGS}
    form = SchemeSettingsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.scheme_update(scheme=scheme, actor=request.user, **form.cleaned_data)
        except SchemeError as error:
            _refused(form, error)
        else:
            messages.success(request, "Settings saved" if changed else "Nothing was changed")
            return redirect("caseloads:scheme-detail", pk=scheme.pk)
    return render(
        request,
        "caseloads/scheme_edit.html",
        {
            **_scheme_context(scheme),
            "title": "Change the settings",
            "form": form,
            "profile_sources": PROFILE_SOURCES,
        },
    )


def scheme_weights(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _editable_scheme(request, pk)
    if not services.is_editable(scheme):
        return _locked(request, scheme)
    rows = weight_rows(scheme=scheme)
    initial = {
        weight_field_name(row.case_type.pk, tier): _plain(points)
        for row in rows
        for tier, points in zip((1, 2, 3), row.points, strict=True)
        if points is not None
    }
    form = SchemeWeightsForm(
        posted(request), initial=initial, case_types=[row.case_type for row in rows]
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.scheme_weights_update(
                scheme=scheme, actor=request.user, points=form.points()
            )
        except SchemeError as error:
            _refused(form, error)
        else:
            count = len(changed)
            messages.success(
                request,
                f"{count} weight{'' if count == 1 else 's'} changed"
                if count
                else "No weights changed",
            )
            return redirect("caseloads:scheme-detail", pk=scheme.pk)
    grid = [
        (row.case_type, [form[weight_field_name(row.case_type.pk, tier)] for tier in (1, 2, 3)])
        for row in rows
    ]
    return render(
        request,
        "caseloads/scheme_weights.html",
        {**_scheme_context(scheme), "title": "Change the weights", "form": form, "grid": grid},
    )


# ---------------------------------------------------------------------------
# Case types


@permission_required(PERMISSION)
def case_type_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "caseloads/scheme_case_type_list.html",
        {
            "title": "Case types",
            "areas": case_types_by_area(organisation=organisation_of(request)),
        },
    )


@permission_required(PERMISSION)
def case_type_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    area = request.GET.get("area", "")
    initial = {"service_area": area} if area in Team.ServiceArea.values else {}
    form = CaseTypeForm(posted(request), initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        case_type = services.case_type_create(
            organisation=organisation, actor=request.user, **form.values()
        )
        messages.success(
            request,
            f"Case type {case_type.name} added. Give it weights in the next version of the scheme.",
        )
        return redirect("caseloads:case-type-list")
    return render(
        request,
        "caseloads/scheme_case_type_form.html",
        {"title": "Add a case type", "form": form},
    )


def case_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case_type = _owned(request, CaseType.objects.all(), pk)
    initial = {
        "name": case_type.name,
        "code": case_type.code,
        "reserved": "yes" if case_type.reserved else "no",
    }
    form = CaseTypeForm(
        posted(request),
        initial=initial,
        organisation=case_type.organisation,
        case_type=case_type,
    )
    if request.method == "POST" and form.is_valid():
        changed = services.case_type_update(
            case_type=case_type, actor=request.user, **form.values()
        )
        messages.success(request, "Case type saved" if changed else "Nothing was changed")
        return redirect("caseloads:case-type-list")
    return render(
        request,
        "caseloads/scheme_case_type_form.html",
        {
            "title": f"Change {case_type.name}",
            "form": form,
            "case_type": case_type,
            "area_label": area_label(case_type.service_area),
        },
    )


# ---------------------------------------------------------------------------
# The escalation ladder


@permission_required(PERMISSION)
def escalation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "caseloads/scheme_escalation_list.html",
        {
            "title": "Escalation ladder",
            "ladder": escalation_ladder(organisation=organisation_of(request)),
        },
    )


@permission_required(PERMISSION)
def escalation_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = EscalationLevelForm(posted(request), initial={"days_to_act": 10})
    if request.method == "POST" and form.is_valid():
        level = services.escalation_rung_add(
            organisation=organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(request, f"{level.title} added as rung {level.rank}")
        return redirect("caseloads:escalation-list")
    return render(
        request,
        "caseloads/scheme_escalation_form.html",
        {"title": "Add a rung to the ladder", "form": form},
    )


def escalation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    level = _owned(request, EscalationLevel.objects.all(), pk)
    form = EscalationLevelForm(
        posted(request), initial={"title": level.title, "days_to_act": level.days_to_act}
    )
    if request.method == "POST" and form.is_valid():
        changed = services.escalation_rung_update(
            level=level, actor=request.user, **form.cleaned_data
        )
        messages.success(request, "Rung saved" if changed else "Nothing was changed")
        return redirect("caseloads:escalation-list")
    return render(
        request,
        "caseloads/scheme_escalation_form.html",
        {"title": f"Change rung {level.rank}", "form": form, "level": level},
    )


@require_POST
def escalation_move(request: HttpRequest, pk: int) -> HttpResponse:
    level = _owned(request, EscalationLevel.objects.all(), pk)
    direction = request.POST.get("direction", "")
    if direction in ("up", "down") and services.escalation_rung_move(
        level=level, actor=request.user, direction=direction
    ):
        messages.success(request, f"{level.title} is now rung {level.rank}")
    return redirect("caseloads:escalation-list")


# ---------------------------------------------------------------------------
# Reductions


def reduction_list(request: HttpRequest) -> HttpResponse:
    """A person's reductions (``?person=ID``), or a search for the person.

    With a person, the 404 for another organisation's comes before the 403,
    as for any page naming a record."""
    person_id = request.GET.get("person", "")
    if not person_id.isdigit() and not tenancy_of(request).has(PERMISSION):
        raise PermissionDenied
    organisation = organisation_of(request)
    if person_id.isdigit():
        person = _owned(request, Person.objects.select_related("team"), int(person_id))
        today = timezone.localdate()
        return render(
            request,
            "caseloads/scheme_reduction_list.html",
            {
                "title": f"Reductions: {person.full_name}",
                "person": person,
                "rows": reduction_rows(person=person, on=today),
                "today": today,
            },
        )
    search = request.GET.get("q", "").strip()
    people = (
        list(people_for_reductions(organisation=organisation, search=search)[: SEARCH_LIMIT + 1])
        if search
        else []
    )
    return render(
        request,
        "caseloads/scheme_reduction_search.html",
        {
            "title": "Reductions",
            "search": search,
            "people": people[:SEARCH_LIMIT],
            "more": len(people) > SEARCH_LIMIT,
        },
    )


def reduction_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _owned(request, Person.objects.select_related("team"), person_pk)
    form = ReductionForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.reduction_add(person=person, actor=request.user, **form.cleaned_data)
        except SchemeError as error:
            _refused(form, error)
        else:
            messages.success(request, "Reduction added")
            return _to_person(person)
    return render(
        request,
        "caseloads/scheme_reduction_form.html",
        {"title": f"Add a reduction for {person.full_name}", "form": form, "person": person},
    )


def _to_person(person: Person) -> HttpResponse:
    response = redirect("caseloads:reduction-list")
    response["Location"] += f"?person={person.pk}"
    return response


def reduction_end(request: HttpRequest, pk: int) -> HttpResponse:
    reduction = _owned(request, Reduction.objects.select_related("person"), pk)
    today = timezone.localdate()
    form = ReductionEndForm(
        posted(request), initial={"last_day": today}, reduction=reduction, today=today
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reduction_end(
                reduction=reduction, actor=request.user, last_day=form.cleaned_data["last_day"]
            )
        except SchemeError as error:
            _refused(form, error)
        else:
            messages.success(request, "Reduction ended early")
            return _to_person(reduction.person)
    return render(
        request,
        "caseloads/scheme_reduction_end.html",
        {
            "title": "End a reduction early",
            "form": form,
            "reduction": reduction,
            "person": reduction.person,
        },
    )


urlpatterns: list[URLPattern] = [
    path("standards/", scheme_list, name="scheme-list"),
    path("standards/schemes/new/<str:service_area>/", scheme_create, name="scheme-create"),
    path("standards/schemes/<int:pk>/", scheme_detail, name="scheme-detail"),
    path("standards/schemes/<int:pk>/edit/", scheme_edit, name="scheme-edit"),
    path("standards/schemes/<int:pk>/weights/", scheme_weights, name="scheme-weights"),
    path("standards/case-types/", case_type_list, name="case-type-list"),
    path("standards/case-types/new/", case_type_create, name="case-type-create"),
    path("standards/case-types/<int:pk>/edit/", case_type_edit, name="case-type-edit"),
    path("standards/escalation/", escalation_list, name="escalation-list"),
    path("standards/escalation/new/", escalation_create, name="escalation-create"),
    path("standards/escalation/<int:pk>/edit/", escalation_edit, name="escalation-edit"),
    path("standards/escalation/<int:pk>/move/", escalation_move, name="escalation-move"),
    path("standards/reductions/", reduction_list, name="reduction-list"),
    path(
        "standards/reductions/people/<int:person_pk>/new/",
        reduction_create,
        name="reduction-create",
    ),
    path("standards/reductions/<int:pk>/end/", reduction_end, name="reduction-end"),
]
