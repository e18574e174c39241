"""The service navigation: one link for each area the acting roles may use."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

LINKS: list[tuple[str, str, str | None]] = [
    # (label, URL name, permission needed; None for everyone signed in)
    ("Home", "core:home", None),
    ("Region", "organisations:region", "can_view_region"),
    ("Caseloads", "caseloads:report-region", "can_view_region"),
    ("Health checks", "healthcheck:region", "can_view_region"),
    ("Relief bank", "bank:pool-list", "can_coordinate_bank"),
    ("Bank matching", "bank:matching", "can_coordinate_bank"),
    ("Bank fill rates", "bank:fill-page", "can_view_region"),
    # A worker's own rights first. The supervision schedule and figures, and the
    # concerns register and answering pages, are linked from these pages.
    ("Supervision", "supervision:mine", "can_view_own_record"),
    ("Your time use", "timeuse:mine", "can_view_own_record"),
    ("Your hours", "entitlements:mine", "can_view_own_record"),
    ("Concerns", "concerns:mine", "can_view_own_record"),
    ("Your availability", "bank:my-availability", "can_work_bank"),
    ("Bank offers", "bank:offers-mine", "can_work_bank"),
    # Then the organisation's.
    ("Teams", "organisations:team-list", "can_view_teams"),
    ("People", "organisations:person-list", "can_view_people"),
    ("Allocate", "caseloads:queue", "can_allocate_cases"),
    ("Caseloads", "caseloads:report-organisation", "can_view_caseload_reports"),
    ("Breaches", "caseloads:breach-list", "can_view_breaches"),
    ("Team hours", "entitlements:team", "can_approve_extra_hours"),
    ("Time use figures", "timeuse:dashboard", "can_view_time_use"),
    ("Standards", "caseloads:scheme-list", "can_manage_schemes"),
    ("Health check", "healthcheck:survey-list", "can_run_health_check"),
    ("Health check reports", "healthcheck:report-list", "can_view_health_check"),
    ("Vacancies", "workforce:vacancy-list", "can_view_org_measures"),
    ("Staffing models", "staffing:model-list", "can_run_staffing_models"),
    ("Relief bank", "bank:request-list", "can_view_bank"),
    ("Bank timesheets", "bank:timesheet-list", "can_request_cover"),
    ("Sign-ins", "organisations:membership-list", "can_manage_memberships"),
    ("Import staff", "interop:staff-import", "can_import_staff"),
    ("Import cases", "interop:case-import", "can_import_cases"),
    ("Import supervision", "interop:supervision-import", "can_import_supervision"),
    ("API tokens", "organisations:api-token-list", "can_manage_api_tokens"),
    ("Audit log", "audit:entry-list", "can_view_audit"),
]


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    tenancy = request.tenancy  # type: ignore[attr-defined]
    items: list[dict[str, Any]] = []
    for label, name, permission in LINKS:
        if permission is not None and not tenancy.has(permission):
            continue
        href = reverse(name)
        items.append({"href": href, "text": label, "active": False})
    # The link whose address is the longest start of this page's is the one
    # we are in: /health-check/reports/ rather than /health-check/ as well.
    matches = [i for i in items if request.path.startswith(i["href"]) and i["href"] != "/"]
    if matches:
        max(matches, key=lambda i: len(i["href"]))["active"] = True
    elif request.path == "/":
        items[0]["active"] = True
    return items
