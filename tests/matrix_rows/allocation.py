"""The allocation guard's pages: a team manager allocates in the teams they manage,
leads in every team; anyone else in the organisation gets 403, and anyone outside
it (or a manager asking about another team's case) gets 404."""

from datetime import date

from safeworkload.caseloads.models import AllocationRequest, Case, CaseType
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.testing import World
from tests.matrix import LEADS, ORG_ROLES, SIGNED_IN, Row, obj, only

ALLOCATORS = ("team_manager", *LEADS)


def _case(organisation: Organisation, team: Team) -> int:
    case_type, _ = CaseType.objects.get_or_create(
        organisation=organisation,
        service_area=team.service_area,
        code="review",
        defaults={"name": "Review"},
    )
    case, _ = Case.objects.get_or_create(
        organisation=organisation,
        reference=f"MATRIX-{team.pk}",
        defaults={"team": team, "case_type": case_type, "opened_on": date(2026, 1, 5)},
    )
    return case.pk


def _request(organisation: Organisation, team: Team, worker: Person) -> int:
    """A request, waiting for the worker, to take the team's matrix case above their ceiling."""
    case_id = _case(organisation, team)
    pending = AllocationRequest.objects.filter(case_id=case_id, status="pending").first()
    if pending is None:
        pending = AllocationRequest.objects.create(
            organisation=organisation,
            case_id=case_id,
            worker=worker,
            reason="Only one who knows the family",
            potential_percent="105.0",
        )
    return pending.pk


def _request_a(w: World) -> int:
    return _request(w.a, w.team_a, w.practitioner_person)


def _request_b(w: World) -> int:
    return _request(w.b, w.team_b, w.person_b)


# Only the worker named may answer a request; to anyone else it does not exist.
NAMED_WORKER = {**{persona: 404 for persona in SIGNED_IN}, "practitioner": 302}

ROWS: dict[str, Row] = {
    "caseloads:queue": Row(lambda w: "/caseloads/allocate/", only(*ALLOCATORS, "outsider")),
    "caseloads:allocate": Row(
        lambda w: f"/caseloads/allocate/{_case(w.a, w.team_a)}/",
        obj(*ALLOCATORS),
        url_in_b=lambda w: f"/caseloads/allocate/{_case(w.b, w.team_b)}/",
    ),
    "caseloads:suggest": Row(
        lambda w: f"/caseloads/allocate/team/{w.team_a.pk}/suggest/",
        obj(*ALLOCATORS),
        url_in_b=lambda w: f"/caseloads/allocate/team/{w.team_b.pk}/suggest/",
    ),
    "caseloads:reassign": Row(
        lambda w: f"/caseloads/reassign/{w.practitioner_person.pk}/",
        obj(*ALLOCATORS),
        url_in_b=lambda w: f"/caseloads/reassign/{w.person_b.pk}/",
    ),
    "caseloads:declare-capacity": Row(
        lambda w: "/caseloads/at-capacity/", only(*ORG_ROLES, "outsider")
    ),
    "caseloads:request-acknowledge": Row(
        lambda w: f"/caseloads/requests/{_request_a(w)}/acknowledge/",
        NAMED_WORKER,
        method="post",
        url_in_b=lambda w: f"/caseloads/requests/{_request_b(w)}/acknowledge/",
    ),
    "caseloads:request-decline": Row(
        lambda w: f"/caseloads/requests/{_request_a(w)}/decline/",
        NAMED_WORKER,
        method="post",
        url_in_b=lambda w: f"/caseloads/requests/{_request_b(w)}/decline/",
    ),
    "caseloads:request-withdraw": Row(
        lambda w: f"/caseloads/requests/{_request_a(w)}/withdraw/",
        obj(*ALLOCATORS, ok=302),
        method="post",
        url_in_b=lambda w: f"/caseloads/requests/{_request_b(w)}/withdraw/",
    ),
}
