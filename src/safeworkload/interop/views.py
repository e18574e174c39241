"""Staff import pages: upload, check your answers, done; and the CSV template."""

from datetime import date
from typing import Any, cast

from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safeworkload.core.govuk import format_date
from safeworkload.interop import services
from safeworkload.interop.access import staff_import_for_request
from safeworkload.interop.forms import StaffImportForm, row_error_lines
from safeworkload.interop.models import StaffImport
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
