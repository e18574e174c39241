"""The allocation guard's pages: a team manager allocates in the teams they manage,
leads in every team; anyone else in the organisation gets 403, and anyone outside
it (or a manager asking about another team's case) gets 404."""

from datetime import date

from safeworkload.caseloads.models import Case, CaseType
from safeworkload.organisations.models import Organisation, Team
from tests.matrix import LEADS, ORG_ROLES, Row, obj, only

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
}
