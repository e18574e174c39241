"""Roles and what each may do, as data.

A membership names a role; a role grants named permissions. Views declare the
permission they need (``@permission_required("can_view_people")``); templates
test ``tenancy.has("can_view_people")``. DESIGN.md section 2 is the
source of this table: change the table, not the views.
"""

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_LEAD = "service_lead", "Service lead or principal social worker"
    UNION_REP = "union_rep", "Union representative"
    ORG_ADMIN = "org_admin", "Organisation administrator"


class RegionalRole(models.TextChoices):
    INSPECTOR = "inspector", "Inspector"
    BANK_COORDINATOR = "bank_coordinator", "Bank coordinator"
    BANK_WORKER = "bank_worker", "Relief bank worker"


PERMISSIONS: dict[str, str] = {
    "can_view_own_record": "See your own staff record, caseload and capacity",
    "can_view_teams": "See the organisation's teams and their sizes",
    "can_view_people": "See staff records (a team manager only those of their own teams)",
    "can_view_all_people": "See every staff record in the organisation",
    "can_view_org_measures": "See the organisation's measures (vacancies, establishment)",
    "can_manage_people": "Add and change staff records",
    "can_manage_teams": "Add and change teams",
    "can_manage_memberships": "Give people sign-ins and roles",
    "can_import_staff": "Import staff from a CSV extract",
    "can_manage_api_tokens": "Create and revoke API tokens",
    "can_view_audit": "Read and export the organisation's audit log",
    "can_view_region": "See aggregate figures for every organisation in a region",
    "can_declare_capacity": "Declare yourself at capacity",
    "can_view_caseloads": "See workers' caseloads and capacity (a team manager: own teams)",
    "can_allocate_cases": "Allocate cases through the guard (a team manager: own teams)",
    "can_view_breaches": "See the breach register and every escalation, without case detail",
    "can_manage_breaches": "Record plans on breaches, escalate and resolve them",
    "can_manage_schemes": "Set case types, weighting schemes and the escalation ladder",
    "can_view_caseload_reports": "See caseload distributions, trends and published averages",
    "can_import_cases": "Import cases and allocations from a case-management extract",
    "can_manage_supervision": "Agree, schedule and record supervision, and see the schedule "
    "(a team manager: own teams)",
    "can_view_supervision_reports": "See the organisation's supervision compliance and export it",
    "can_import_supervision": "Import supervision records from a CSV extract",
    "can_view_time_use": "See time-use figures for groups of at least five people "
    "(a team manager: own teams' members individually)",
    "can_approve_extra_hours": "Approve extra hours, time off in lieu and development time "
    "(a team manager: own teams)",
    "can_view_concern_register": "See that professional concerns exist and their status",
    "can_answer_concerns": "Acknowledge and answer professional concerns",
    "can_run_health_check": "Run the workload health check: waves, invitations, the "
    "self-assessment, findings and proposed actions",
    "can_view_health_check": "See the health check's results for groups large enough to show",
    "can_cosign_health_check": "Co-sign the health check's action plan for the union",
    "can_manage_vacancies": "Keep the establishment, vacancies and their action plans",
    "can_run_staffing_models": "Build and run staffing models and read their results",
    "can_request_cover": "Ask the relief bank for cover and approve its timesheets "
    "(a team manager: own teams)",
    "can_view_bank": "See the organisation's cover requests, recharges and fill rates, and "
    "the pool's availability without names",
    "can_authorise_bank_rates": "Raise a cover request's rate above the regional cap, "
    "named and with a reason",
    "can_coordinate_bank": "Run the region's relief bank: registrations, checks, rates, "
    "matching and offers",
    "can_work_bank": "See and answer your own relief-bank offers and submit timesheets",
}

_OWN = {"can_view_own_record", "can_declare_capacity"}
_LEAD = _OWN | {
    "can_view_teams",
    "can_view_people",
    "can_view_all_people",
    "can_view_org_measures",
    "can_view_audit",
    "can_view_caseloads",
    "can_allocate_cases",
    "can_view_breaches",
    "can_manage_breaches",
    "can_manage_schemes",
    "can_view_caseload_reports",
    "can_manage_supervision",
    "can_view_supervision_reports",
    "can_view_time_use",
    "can_approve_extra_hours",
    "can_view_concern_register",
    "can_answer_concerns",
    "can_run_health_check",
    "can_view_health_check",
    "can_manage_vacancies",
    "can_run_staffing_models",
    "can_request_cover",
    "can_view_bank",
    "can_authorise_bank_rates",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PRACTITIONER: frozenset(_OWN),
    Role.TEAM_MANAGER: frozenset(
        _OWN
        | {
            "can_view_teams",
            "can_view_people",
            "can_view_caseloads",
            "can_allocate_cases",
            "can_view_breaches",
            "can_manage_breaches",
            "can_manage_supervision",
            "can_view_time_use",
            "can_approve_extra_hours",
            "can_request_cover",
            "can_view_bank",
        }
    ),
    Role.SERVICE_LEAD: frozenset(_LEAD),
    # Union representatives see aggregates and the breach register, never an
    # individual's record or a case.
    Role.UNION_REP: frozenset(
        _OWN
        | {
            "can_view_teams",
            "can_view_org_measures",
            "can_view_breaches",
            "can_view_caseload_reports",
            "can_view_supervision_reports",
            "can_view_time_use",
            "can_view_concern_register",
            "can_view_health_check",
            "can_cosign_health_check",
        }
    ),
    Role.ORG_ADMIN: frozenset(
        _LEAD
        | {
            "can_manage_people",
            "can_manage_teams",
            "can_manage_memberships",
            "can_import_staff",
            "can_manage_api_tokens",
            "can_import_cases",
            "can_import_supervision",
        }
    ),
    RegionalRole.INSPECTOR: frozenset({"can_view_region"}),
    RegionalRole.BANK_COORDINATOR: frozenset({"can_view_region", "can_coordinate_bank"}),
    RegionalRole.BANK_WORKER: frozenset({"can_work_bank"}),
}


def permissions_for(roles: set[str]) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)
