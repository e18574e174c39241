"""Supervision import pages: the staff and case imports' route (upload, check your
answers, done; a CSV template), given the supervision services, templates and names.

The route's helpers in ``views`` constrain their type variables to the staff
and case plans; until SupervisionImportPlan and SessionChange are added there,
mypy is told to let them through here.
"""

from typing import Any, cast

from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeworkload.core.govuk import format_date
from safeworkload.interop import supervision_services as services
from safeworkload.interop.access import import_for_request
from safeworkload.interop.models import SupervisionImport
from safeworkload.interop.supervision_csv import template_csv
from safeworkload.interop.supervision_selectors import (
    SessionChange,
    SupervisionImportPlan,
    supervision_import_applied_before,
    supervision_import_plan,
)
from safeworkload.interop.views import (
    _check_context,
    _check_or_apply,
    _csv_download,
    _done,
    _shown_value,
    _upload,
)
from safeworkload.organisations.decorators import permission_required
from safeworkload.supervision.models import Agreement, Session

URL = "interop:supervision-import"
PERMISSION = "can_import_supervision"


def supervision_import_for_request(request: HttpRequest, pk: int) -> SupervisionImport:
    return import_for_request(request, SupervisionImport, pk, permission=PERMISSION)


@permission_required(PERMISSION)
def supervision_import_upload_view(request: HttpRequest) -> HttpResponse:
    return _upload(
        request,
        check=services.supervision_import_check,
        invalid=services.SupervisionImportInvalid,
        url=URL,
        template="interop/supervision_upload.html",
        context={
            "title": "Import supervision",
            "kinds": Agreement.Kind.choices,
            "statuses": Session.Status.choices,
        },
    )


@permission_required(PERMISSION)
def supervision_import_template_view(request: HttpRequest) -> HttpResponse:
    return _csv_download(template_csv(), "supervision-import-template.csv")


def supervision_import_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    supervision_import = supervision_import_for_request(request, pk)
    # The ignores: views.PlanT and ChangeT name the staff and case types only
    # (see the module docstring).
    return _check_or_apply(  # type: ignore[type-var]
        request,
        supervision_import,
        url=URL,
        plan_of=supervision_import_plan,
        page=_check_page,
        apply=lambda: services.supervision_import_apply(
            supervision_import=supervision_import, actor=request.user
        ),
        invalid=services.SupervisionImportInvalid,
        closed=services.SupervisionImportClosed,
        failed_plan=SupervisionImportPlan,
    )


def supervision_import_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    supervision_import = supervision_import_for_request(request, pk)
    return _done(
        request,
        supervision_import,
        url=URL,
        template="interop/supervision_done.html",
        context={"title": "Supervision records imported", "supervision_import": supervision_import},
    )


def _check_page(
    request: HttpRequest, supervision_import: SupervisionImport, plan: SupervisionImportPlan
) -> HttpResponse:
    context = _check_context(  # type: ignore[type-var]
        plan,
        change_row=_change_row,
        changes=plan.changes,
        problem="The staff or supervision records have changed since this file was checked, "
        "and it can no longer be imported. Fix these errors and upload it again.",
    )
    return render(
        request,
        "interop/supervision_check.html",
        {
            **context,
            "supervision_import": supervision_import,
            "agreement_rows": [
                [
                    {"text": agreement.pair.supervisee.staff_number},
                    {"text": agreement.pair.supervisor.staff_number},
                    {"text": Agreement.Kind(agreement.pair.kind).label},
                    {"text": Agreement.Frequency(agreement.frequency).label},
                    {"text": format_date(agreement.starts_on)},
                ]
                for agreement in plan.agreements
            ],
            "applied_before": supervision_import_applied_before(
                supervision_import=supervision_import
            ),
        },
    )


def _change_row(change: SessionChange) -> list[dict[str, Any]]:
    pair = change.pair
    parts = ["New session"] if change.is_new else []
    parts += [
        f"{_label(name)}: {_shown(name, change.before[name])} to {_shown(name, value)}"
        for name, value in change.values.items()
        if not change.is_new
    ]
    if change.new_pair:
        parts.append(
            f"Now {Agreement.Kind(pair.kind).label.lower()}, "
            f"{pair.supervisor.staff_number} supervising {pair.supervisee.staff_number}"
        )
    return [
        {"text": change.row},
        {"text": change.session_ref},
        {"text": f"{pair.supervisee.staff_number}, by {pair.supervisor.staff_number}"},
        {"text": "; ".join(parts)},
    ]


def _label(name: str) -> str:
    field = cast("Field[Any, Any]", Session._meta.get_field(name))
    return str(field.verbose_name).capitalize()


def _shown(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    shown = _shown_value(value)
    if shown is not None:
        return shown
    if name == "status":
        return str(Session.Status(value).label)
    return str(value)
