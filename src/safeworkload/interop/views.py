"""Import pages for staff and for cases: upload, check your answers, done; CSV templates."""

from datetime import date
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from safeworkload.caseloads.models import Case
from safeworkload.core.govuk import format_date
from safeworkload.interop import case_services, services
from safeworkload.interop.access import staff_import_for_request
from safeworkload.interop.case_csv import DEFAULT_ALLOCATION_REASON
from safeworkload.interop.case_csv import template_csv as case_template_csv
from safeworkload.interop.case_selectors import (
    CaseChange,
    CaseImportPlan,
    case_import_applied_before,
    case_import_plan,
)
from safeworkload.interop.forms import StaffImportForm, row_error_lines
from safeworkload.interop.models import CaseImport, StaffImport
from safeworkload.interop.selectors import (
    PersonChange,
    StaffImportPlan,
    staff_import_applied_before,
    staff_import_plan,
)
from safeworkload.interop.staff_csv import RowError, template_csv
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Person

CHANGES_SHOWN = 50


@permission_required("can_import_staff")
def staff_import_upload_view(request: HttpRequest) -> HttpResponse:
    form = StaffImportForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            staff_import = services.staff_import_check(
                organisation=organisation_of(request),
                actor=request.user,
                text=form.cleaned_data["file"],
                file_name=form.file_name,
            )
        except services.StaffImportInvalid as invalid:
            form.add_row_errors(invalid.errors)
        else:
            return redirect("interop:staff-import-check", pk=staff_import.pk)
    return render(
        request,
        "interop/upload.html",
        {
            "title": "Import staff",
            "form": form or StaffImportForm(),
            "job_roles": Person.JobRole.choices,
            "employment_types": Person.EmploymentType.choices,
        },
    )


@permission_required("can_import_staff")
def staff_import_template_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="staff-import-template.csv"'
    return response


def staff_import_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = staff_import_for_request(request, pk)
    if staff_import.status == StaffImport.Status.APPLIED:
        return redirect("interop:staff-import-done", pk=staff_import.pk)
    if staff_import.status == StaffImport.Status.FAILED:
        return redirect("interop:staff-import")
    if request.method == "POST":
        return _apply(request, staff_import)
    plan = staff_import_plan(organisation=staff_import.organisation, text=staff_import.text)
    return _check_page(request, staff_import, plan)


def staff_import_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = staff_import_for_request(request, pk)
    if staff_import.status != StaffImport.Status.APPLIED:
        return redirect("interop:staff-import-check", pk=staff_import.pk)
    return render(
        request,
        "interop/done.html",
        {"title": "Staff records imported", "staff_import": staff_import},
    )


def _apply(request: HttpRequest, staff_import: StaffImport) -> HttpResponse:
    try:
        services.staff_import_apply(staff_import=staff_import, actor=request.user)
    except services.StaffImportClosed:
        pass  # a second click: the done page shows what the first one did
    except services.StaffImportInvalid as invalid:
        return _check_page(request, staff_import, StaffImportPlan(errors=invalid.errors))
    return redirect("interop:staff-import-done", pk=staff_import.pk)


def _check_page(
    request: HttpRequest, staff_import: StaffImport, plan: StaffImportPlan
) -> HttpResponse:
    changes = plan.changes
    return render(
        request,
        "interop/check.html",
        {
            "title": "Check the changes before you import them",
            "staff_import": staff_import,
            "plan": plan,
            "problems": _problems(plan.errors),
            "change_rows": [_change_row(change) for change in changes[:CHANGES_SHOWN]],
            "changes_not_shown": max(len(changes) - CHANGES_SHOWN, 0),
            "applied_before": staff_import_applied_before(staff_import=staff_import),
        },
    )


def _problems(errors: tuple[RowError, ...]) -> dict[str, Any] | None:
    if not errors:
        return None
    return {
        "titleText": "There is a problem",
        "descriptionText": "The staff records have changed since this file was checked, and it "
        "can no longer be imported. Fix these errors and upload it again.",
        "errorList": [{"text": line} for line in row_error_lines(errors)],
    }


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
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return format_date(value)
    choices = dict(_person_field(name).flatchoices)
    return str(choices.get(value, value))


# ---------------------------------------------------------------------------
# Case import: the same route, for a case-management extract. The staff form
# is used as it is: it only reads the file.


@permission_required("can_import_cases")
def case_import_upload_view(request: HttpRequest) -> HttpResponse:
    form = StaffImportForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            case_import = case_services.case_import_check(
                organisation=organisation_of(request),
                actor=request.user,
                text=form.cleaned_data["file"],
                file_name=form.file_name,
            )
        except case_services.CaseImportInvalid as invalid:
            form.add_row_errors(invalid.errors)
        else:
            return redirect("interop:case-import-check", pk=case_import.pk)
    return render(
        request,
        "interop/case_upload.html",
        {
            "title": "Import cases",
            "form": form or StaffImportForm(),
            "statuses": Case.Status.choices,
            "default_reason": DEFAULT_ALLOCATION_REASON,
        },
    )


@permission_required("can_import_cases")
def case_import_template_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(case_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-import-template.csv"'
    return response


def case_import_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    case_import = _case_import_for_request(request, pk)
    if case_import.status == CaseImport.Status.APPLIED:
        return redirect("interop:case-import-done", pk=case_import.pk)
    if case_import.status == CaseImport.Status.FAILED:
        return redirect("interop:case-import")
    if request.method == "POST":
        return _apply_cases(request, case_import)
    plan = case_import_plan(organisation=case_import.organisation, text=case_import.text)
    return _case_check_page(request, case_import, plan)


def case_import_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    case_import = _case_import_for_request(request, pk)
    if case_import.status != CaseImport.Status.APPLIED:
        return redirect("interop:case-import-check", pk=case_import.pk)
    return render(
        request,
        "interop/case_done.html",
        {"title": "Cases imported", "case_import": case_import},
    )


def _case_import_for_request(request: HttpRequest, pk: int) -> CaseImport:
    """Another organisation's import is 404, as if it did not exist; a role of
    this organisation that may not import cases gets 403."""
    imports = CaseImport.objects.filter(organisation=organisation_of(request))
    case_import: CaseImport = get_object_or_404(imports, pk=pk)
    if not tenancy_of(request).has("can_import_cases"):
        raise PermissionDenied
    return case_import


def _apply_cases(request: HttpRequest, case_import: CaseImport) -> HttpResponse:
    try:
        case_services.case_import_apply(case_import=case_import, actor=request.user)
    except case_services.CaseImportClosed:
        pass  # a second click: the done page shows what the first one did
    except case_services.CaseImportInvalid as invalid:
        return _case_check_page(request, case_import, CaseImportPlan(errors=invalid.errors))
    return redirect("interop:case-import-done", pk=case_import.pk)


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
    problems = _problems(plan.errors)
    if problems:
        problems["descriptionText"] = (
            "The case or staff records have changed since this file was checked, and it can no "
            "longer be imported. Fix these errors and upload it again."
        )
    return render(
        request,
        "interop/case_check.html",
        {
            "title": "Check the changes before you import them",
            "case_import": case_import,
            "plan": plan,
            "problems": problems,
            "change_rows": [_case_change_row(change) for change in changes[:CHANGES_SHOWN]],
            "changes_not_shown": max(len(changes) - CHANGES_SHOWN, 0),
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
    if value is None or value == "":
        return "none"
    if isinstance(value, date):
        return format_date(value)
    if name == "status":
        return str(Case.Status(value).label)
    return str(value)
