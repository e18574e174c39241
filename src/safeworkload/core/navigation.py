"""The service navigation: one link for each area the acting roles may use."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

LINKS: list[tuple[str, str, str | None]] = [
    # (label, URL name, permission needed; None for everyone signed in)
    ("Home", "core:home", None),
    ("Region", "organisations:region", "can_view_region"),
    ("Caseloads", "caseloads:report-region", "can_view_region"),
    ("Teams", "organisations:team-list", "can_view_teams"),
    ("People", "organisations:person-list", "can_view_people"),
    ("Allocate", "caseloads:queue", "can_allocate_cases"),
    ("Caseloads", "caseloads:report-organisation", "can_view_caseload_reports"),
    ("Breaches", "caseloads:breach-list", "can_view_breaches"),
    ("Your hours", "entitlements:mine", "can_view_own_record"),
    ("Team hours", "entitlements:team", "can_approve_extra_hours"),
    ("Standards", "caseloads:scheme-list", "can_manage_schemes"),
    ("Vacancies", "workforce:vacancy-list", "can_view_org_measures"),
    ("Your time use", "timeuse:mine", "can_view_own_record"),
    ("Time use", "timeuse:dashboard", "can_view_time_use"),
    ("Sign-ins", "organisations:membership-list", "can_manage_memberships"),
    ("Import staff", "interop:staff-import", "can_import_staff"),
    ("Import cases", "interop:case-import", "can_import_cases"),
    ("Import supervision", "interop:supervision-import", "can_import_supervision"),
    ("API tokens", "organisations:api-token-list", "can_manage_api_tokens"),
    ("Audit log", "audit:entry-list", "can_view_audit"),
    # Your own supervision; the schedule and the organisation's figures are
    # linked from there for those who may see them.
    ("Supervision", "supervision:mine", "can_view_own_record"),
    # Every member of an organisation may raise a professional concern; the
    # register and the answering pages are linked from there.
    ("Concerns", "concerns:mine", "can_view_own_record"),
]


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    tenancy = request.tenancy  # type: ignore[attr-defined]
    items = []
    for label, name, permission in LINKS:
        if permission is not None and not tenancy.has(permission):
            continue
        href = reverse(name)
        active = request.path == href if href == "/" else request.path.startswith(href)
        items.append({"href": href, "text": label, "active": active})
    return items
