"""Extra hours and development time: everyone in an organisation has their own
pages (a sign-in without a staff record is told it has none); team managers,
service leads and administrators decide claims, a team manager only for the
teams they manage. A claim of organisation B is 404."""

from datetime import date
from decimal import Decimal

from safeworkload.entitlements.models import ExtraHours
from safeworkload.organisations.models import Person
from safeworkload.testing import World
from tests.matrix import ORG_ROLES, Row, obj, only

DECIDERS = ("team_manager", "service_lead", "org_admin")


def _claim(person: Person) -> int:
    return ExtraHours.objects.create(
        organisation=person.organisation,
        person=person,
        worked_on=date(2026, 3, 2),
        hours=Decimal("2.5"),
        reason="A late home visit",
        compensation=ExtraHours.Compensation.TOIL,
        status=ExtraHours.Status.CLAIMED,
    ).pk


def _a(w: World) -> int:
    return _claim(w.practitioner_person)


def _b(w: World) -> int:
    return _claim(w.person_b)


OWN = only(*ORG_ROLES, "outsider")

ROWS: dict[str, Row] = {
    "entitlements:mine": Row(lambda w: "/hours/mine/", OWN),
    "entitlements:extra-hours-new": Row(lambda w: "/hours/mine/extra-hours/new/", OWN),
    "entitlements:toil-new": Row(lambda w: "/hours/mine/time-off/new/", OWN),
    "entitlements:development-new": Row(lambda w: "/hours/mine/development/new/", OWN),
    "entitlements:team": Row(lambda w: "/hours/team/", only(*DECIDERS, "outsider")),
    "entitlements:team-export-csv": Row(
        lambda w: "/hours/team/export.csv", only(*DECIDERS, "outsider")
    ),
    "entitlements:claim-detail": Row(
        lambda w: f"/hours/claims/{_a(w)}/",
        obj(*DECIDERS),
        url_in_b=lambda w: f"/hours/claims/{_b(w)}/",
    ),
    "entitlements:claim-approve": Row(
        lambda w: f"/hours/claims/{_a(w)}/approve/",
        obj(*DECIDERS, ok=302),
        method="post",
        url_in_b=lambda w: f"/hours/claims/{_b(w)}/approve/",
    ),
    "entitlements:claim-decline": Row(
        lambda w: f"/hours/claims/{_a(w)}/decline/",
        obj(*DECIDERS, ok=302),
        method="post",
        data={"reason": "Agreed in advance as part of the rota."},
        url_in_b=lambda w: f"/hours/claims/{_b(w)}/decline/",
    ),
}
