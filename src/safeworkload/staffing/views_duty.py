"""Duty sizing pages: upload a contact log, see the rota by day and hour, download it as CSV.

Nothing is stored in the database: the log is the user's own working file. The
result (the JSON of `DutySizing.to_json`, a few kilobytes) is kept in the
user's session for the organisation it was sized for, so that the result page
can be reloaded and downloaded without uploading the file again.
"""

import csv
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.staffing.charts_duty import duty_charts
from safeworkload.staffing.duty import (
    ContactLogError,
    parse_contact_log,
    size_duty,
    template_csv,
)
from safeworkload.staffing.forms_duty import DutyForm

SESSION_KEY = "staffing_duty"
CSV_HEADER = [
    "day",
    "hour",
    "contacts_in_log",
    "days_counted",
    "arrivals_per_hour",
    "offered_load_erlangs",
    "erlang_agents",
    "erlang_service_level",
    "des_service_level_at_erlang",
    "des_service_level_low",
    "des_service_level_high",
    "des_agents",
    "verdict",
    "on_duty",
    "rostered",
]
CSV_FIELDS = {
    "day": "day_name",
    "contacts_in_log": "contacts",
    "offered_load_erlangs": "offered_load",
}


@permission_required("can_run_staffing_models")
def duty_view(request: HttpRequest) -> HttpResponse:
    form = DutyForm(request.POST, request.FILES) if request.method == "POST" else DutyForm()
    if form.is_bound and form.is_valid():
        try:
            contacts = parse_contact_log(
                form.cleaned_data["file"], zone=ZoneInfo(settings.TIME_ZONE)
            )
            sizing = size_duty(contacts, form.options())
        except ContactLogError as error:
            form.add_log_errors(error)
        except ValueError as error:
            form.add_error("file", str(error).rstrip("."))
        else:
            request.session[SESSION_KEY] = {
                "organisation": organisation_of(request).pk,
                "file_name": form.file_name,
                "result": sizing.to_json(),
            }
            return redirect("staffing:duty-result")
    return render(
        request,
        "staffing/duty.html",
        {"title": "Size a duty rota from a contact log", "form": form},
    )


@permission_required("can_run_staffing_models")
def duty_template_view(request: HttpRequest) -> HttpResponse:
    return _csv_response(template_csv(), "duty-contact-log-template.csv")


def _kept(request: HttpRequest) -> dict[str, Any] | None:
    """The result kept in the session, if it was sized for the organisation acted for."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("organisation") != organisation_of(request).pk:
        return None
    return dict(kept)


@permission_required("can_run_staffing_models")
def duty_result_view(request: HttpRequest) -> HttpResponse:
    kept = _kept(request)
    if kept is None:
        return redirect("staffing:duty")
    result = kept["result"]
    days: dict[str, list[dict[str, Any]]] = {}
    for interval in result["intervals"]:
        days.setdefault(interval["day_name"], []).append(interval)
    return render(
        request,
        "staffing/duty_result.html",
        {
            "title": "Duty rota from a contact log",
            "file_name": kept["file_name"],
            "result": result,
            "days": days,
            "charts": duty_charts(result),
        },
    )


@permission_required("can_run_staffing_models")
def duty_csv_view(request: HttpRequest) -> HttpResponse:
    kept = _kept(request)
    if kept is None:
        return redirect("staffing:duty")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="duty-rota.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for interval in kept["result"]["intervals"]:
        writer.writerow(
            [
                "" if (v := interval[CSV_FIELDS.get(name, name)]) is None else v
                for name in CSV_HEADER
            ]
        )
    return response


def _csv_response(text: str, file_name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


urlpatterns = [
    path("duty/", duty_view, name="duty"),
    path("duty/template.csv", duty_template_view, name="duty-template"),
    path("duty/result/", duty_result_view, name="duty-result"),
    path("duty/result.csv", duty_csv_view, name="duty-csv"),
]
