"""Import pages for staff and for cases: upload, check your answers, done; CSV templates.

Both imports take the same route; the helpers at the top are the route, and
each import's views give it their services, templates and names.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar, cast

from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safeworkload.caseloads.models import Case
from safeworkload.core.govuk import format_date
from safeworkload.interop import case_services, services
from safeworkload.interop.access import case_import_for_request, staff_import_for_request
from safeworkload.interop.case_csv import DEFAULT_ALLOCATION_REASON
from safeworkload.interop.case_csv import template_csv as case_template_csv
from safeworkload.interop.case_selectors import (
    CaseChange,
    CaseImportPlan,
    case_import_applied_before,
    case_import_plan,
)
from safeworkload.interop.checked_imports import ImportClosed, ImportInvalid
from safeworkload.interop.forms import StaffImportForm, row_error_lines
from safeworkload.interop.models import CaseImport, CheckedImport, StaffImport
from safeworkload.interop.selectors import (
    PersonChange,
    StaffImportPlan,
    staff_import_applied_before,
    staff_import_plan,
)
from safeworkload.interop.staff_csv import RowError, template_csv
from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Person

CHANGES_SHOWN = 50

ImportT = TypeVar("ImportT", bound=CheckedImport)
PlanT = TypeVar("PlanT", StaffImportPlan, CaseImportPlan)
ChangeT = TypeVar("ChangeT", PersonChange, CaseChange)
# A check page: the import, and the plan to show (or only its errors).
CheckPage = Callable[[HttpRequest, ImportT, PlanT], HttpResponse]


# ---------------------------------------------------------------------------
# The route both imports take. ``url`` is the upload page's URL name; the
# check and done pages are the same name with -check and -done.


def _upload(
    request: HttpRequest,
    *,
    check: Callable[..., CheckedImport],
    invalid: type[ImportInvalid],
    url: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The upload page; a file that passes is kept, and the check page comes next.

    The staff form is used for both imports as it is: it only reads the file.
    """
    form = StaffImportForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            checked = check(
                organisation=organisation_of(request),
                actor=request.user,
                text=form.cleaned_data["file"],
                file_name=form.file_name,
            )
        except invalid as problem:
            form.add_row_errors(problem.errors)
        else:
            return redirect(f"{url}-check", pk=checked.pk)
    return render(request, template, {**context, "form": form or StaffImportForm()})


def _csv_download(text: str, file_name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def _check_or_apply(
    request: HttpRequest,
    checked: ImportT,
    *,
    url: str,
    plan_of: Callable[..., PlanT],
    page: CheckPage[ImportT, PlanT],
    apply: Callable[[], object],
    invalid: type[ImportInvalid],
    closed: type[ImportClosed],
    failed_plan: Callable[..., PlanT],
) -> HttpResponse:
    """The check page of a waiting import; posted, it applies the import."""
    if checked.status == CheckedImport.Status.APPLIED:
        return redirect(f"{url}-done", pk=checked.pk)
    if checked.status == CheckedImport.Status.FAILED:
        return redirect(url)
    if request.method == "POST":
        try:
            apply()
        except closed:
            pass  # a second click: the done page shows what the first one did
        except invalid as problem:
            return page(request, checked, failed_plan(errors=problem.errors))
        return redirect(f"{url}-done", pk=checked.pk)
    plan = plan_of(organisation=checked.organisation, text=checked.text)
    return page(request, checked, plan)


def _done(
    request: HttpRequest,
    checked: CheckedImport,
    *,
    url: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    if checked.status != CheckedImport.Status.APPLIED:
        return redirect(f"{url}-check", pk=checked.pk)
    return render(request, template, context)


def _check_context(
    plan: PlanT,
    *,
    change_row: Callable[[ChangeT], list[dict[str, Any]]],
    changes: Sequence[ChangeT],
    problem: str,
) -> dict[str, Any]:
    """What both check pages show: the plan, its errors, and the first changes."""
    return {
        "title": "Check the changes before you import them",
        "plan": plan,
        "problems": _problems(plan.errors, description=problem),
        "change_rows": [change_row(change) for change in changes[:CHANGES_SHOWN]],
        "changes_not_shown": max(len(changes) - CHANGES_SHOWN, 0),
    }


def _problems(errors: tuple[RowError, ...], *, description: str) -> dict[str, Any] | None:
    if not errors:
        return None
    return {
        "titleText": "There is a problem",
        "descriptionText": description,
        "errorList": [{"text": line} for line in row_error_lines(errors)],
    }


def _shown_value(value: Any) -> str | None:
    """How both imports show an empty value or a date; None for any other value."""
    if value is None or value == "":
        return "none"
    if isinstance(value, date):
        return format_date(value)
    return None


# ---------------------------------------------------------------------------
# Staff import

STAFF_URL = "interop:staff-import"


@permission_required("can_import_staff")
def staff_import_upload_view(request: HttpRequest) -> HttpResponse:
    return _upload(
        request,
        check=services.staff_import_check,
        invalid=services.StaffImportInvalid,
        url=STAFF_URL,
        template="interop/upload.html",
        context={
            "title": "Import staff",
            "job_roles": Person.JobRole.choices,
            "employment_types": Person.EmploymentType.choices,
        },
    )


@permission_required("can_import_staff")
def staff_import_template_view(request: HttpRequest) -> HttpResponse:
    return _csv_download(template_csv(), "staff-import-template.csv")


def staff_import_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = staff_import_for_request(request, pk)
    return _check_or_apply(
        request,
        staff_import,
        url=STAFF_URL,
        plan_of=staff_import_plan,
        page=_check_page,
        apply=lambda: services.staff_import_apply(staff_import=staff_import, actor=request.user),
        invalid=services.StaffImportInvalid,
        closed=services.StaffImportClosed,
        failed_plan=StaffImportPlan,
    )


def staff_import_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = staff_import_for_request(request, pk)
    return _done(
        request,
        staff_import,
        url=STAFF_URL,
        template="interop/done.html",
        context={"title": "Staff records imported", "staff_import": staff_import},
    )


def _check_page(
    request: HttpRequest, staff_import: StaffImport, plan: StaffImportPlan
) -> HttpResponse:
    context = _check_context(
        plan,
        change_row=_change_row,
        changes=plan.changes,
        problem="The staff records have changed since this file was checked, and it "
        "can no longer be imported. Fix these errors and upload it again.",
    )
    return render(
        request,
        "interop/check.html",
        {
            **context,
            "staff_import": staff_import,
            "applied_before": staff_import_applied_before(staff_import=staff_import),
        },
    )


def _change_row(change: PersonChange) -> list[dict[str, Any]]:
    if change.is_new:
        what = "New staff record"
    else:
        what = "; ".join(
            f"{_label(name)}: {_shown(name, change.before[name])} to {_shown(name, value)}"
            for name, value in change.values.items()
        )
    return [
        {"text": change.row},
        {"text": change.staff_number},
        {"text": change.name},
        {"text": what},
    ]


def _person_field(name: str) -> Field[Any, Any]:
    return cast("Field[Any, Any]", Person._meta.get_field(name))


def _label(name: str) -> str:
    return str(_person_field(name).verbose_name).capitalize()


def _shown(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    shown = _shown_value(value)
    if shown is not None:
        return shown
    choices = dict(_person_field(name).flatchoices)
    return str(choices.get(value, value))


# ---------------------------------------------------------------------------
# Case import: the same route, for a case-management extract.

CASE_URL = "interop:case-import"


@permission_required("can_import_cases")
def case_import_upload_view(request: HttpRequest) -> HttpResponse:
    return _upload(
        request,
        check=case_services.case_import_check,
        invalid=case_services.CaseImportInvalid,
        url=CASE_URL,
        template="interop/case_upload.html",
        context={
            "title": "Import cases",
            "statuses": Case.Status.choices,
            "default_reason": DEFAULT_ALLOCATION_REASON,
        },
    )


@permission_required("can_import_cases")
def case_import_template_view(request: HttpRequest) -> HttpResponse:
    return _csv_download(case_template_csv(), "case-import-template.csv")


def case_import_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    case_import = case_import_for_request(request, pk)
    return _check_or_apply(
        request,
        case_import,
        url=CASE_URL,
        plan_of=case_import_plan,
        page=_case_check_page,
        apply=lambda: case_services.case_import_apply(case_import=case_import, actor=request.user),
        invalid=case_services.CaseImportInvalid,
        closed=case_services.CaseImportClosed,
        failed_plan=CaseImportPlan,
    )


def case_import_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    case_import = case_import_for_request(request, pk)
    return _done(
        request,
        case_import,
        url=CASE_URL,
        template="interop/case_done.html",
        context={"title": "Cases imported", "case_import": case_import},
    )


def _case_check_page(
    request: HttpRequest, case_import: CaseImport, plan: CaseImportPlan
) -> HttpResponse:
    changes = plan.changes
    warnings = (
        case_services.case_import_ceiling_warnings(
            organisation=case_import.organisation, text=case_import.text
        )
        if changes
        else []
    )
    context = _check_context(
        plan,
        change_row=_case_change_row,
        changes=changes,
        problem="The case or staff records have changed since this file was checked, and it "
        "can no longer be imported. Fix these errors and upload it again.",
    )
    return render(
        request,
        "interop/case_check.html",
        {
            **context,
            "case_import": case_import,
            "ceiling_rows": [
                [
                    {"text": warning.person.staff_number},
                    {"text": warning.person.full_name},
                    {
                        "text": f"{warning.before.percent}%" if warning.before else "–",
                        "format": "numeric",
                    },
                    {"text": f"{warning.after.percent}%", "format": "numeric"},
                    {"text": f"{warning.after.ceiling_percent}%", "format": "numeric"},
                ]
                for warning in warnings
            ],
            "applied_before": case_import_applied_before(case_import=case_import),
        },
    )


def _case_change_row(change: CaseChange) -> list[dict[str, Any]]:
    parts = ["New case"] if change.is_new else []
    if not change.is_new:
        parts += [
            f"{_case_label(name)}: {_case_shown(name, change.before[name])} to "
            f"{_case_shown(name, value)}"
            for name, value in change.values.items()
        ]
    holder = change.holder
    if holder is not None and holder.worker is not None:
        was = f" (was {holder.previous.staff_number})" if holder.previous else ""
        parts.append(
            f"Allocated to {holder.worker.staff_number} from {format_date(holder.on)}{was}"
        )
    elif holder is not None and holder.previous is not None:
        parts.append(
            f"Unallocated: {holder.previous.staff_number}'s allocation ends "
            f"on {format_date(holder.on)}"
        )
    return [{"text": change.row}, {"text": change.reference}, {"text": "; ".join(parts)}]


def _case_label(name: str) -> str:
    field = cast("Field[Any, Any]", Case._meta.get_field(name))
    return str(field.verbose_name).capitalize()


def _case_shown(name: str, value: Any) -> str:
    shown = _shown_value(value)
    if shown is not None:
        return shown
    if name == "status":
        return str(Case.Status(value).label)
    return str(value)
