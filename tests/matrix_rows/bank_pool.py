"""The relief bank's pool, rates and cover requests.

The pool's pages (register, workers, checks, rate changes) are the region's
coordinator's alone; every employer role with the bank reads the rates and
the pool's availability as counts; team managers and leads ask for cover and
see their requests, which the coordinator sees for the whole region. Only a
lead raises a rate above the cap. The bank worker is not one of the matrix's
personas: each row also says what they get, and
``bank/tests/test_pool_access.py`` checks it.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from safeworkload.bank.models import BankWorker, CoverRequest, Place, RateCard
from safeworkload.organisations.models import Organisation, Person, Region, Team
from safeworkload.testing import World
from tests.matrix import LEADS, Row, obj, only

EMPLOYER = ("team_manager", *LEADS)
NOT_A_WORKER = {"bank_worker": 403}


def _place(region: Region, name: str = "Northtown") -> Place:
    place, _ = Place.objects.get_or_create(
        region=region, name=name, defaults={"x_km": Decimal("0"), "y_km": Decimal("0")}
    )
    return place


def _worker(w: World) -> int:
    return BankWorker.objects.create(
        region=w.region,
        home=_place(w.region),
        given_name="Relief",
        family_name="Worker",
        email="relief@example.org",
        job_role=Person.JobRole.SOCIAL_WORKER,
    ).pk


def _rate(w: World) -> int:
    return RateCard.objects.create(
        region=w.region,
        job_role=Person.JobRole.SOCIAL_WORKER,
        base_pence_per_hour=3800,
        cap_pence_per_hour=4500,
        effective_from=date(2026, 4, 1),
    ).pk


def _request(organisation: Organisation, team: Team) -> int:
    starts = timezone.localdate() + timedelta(days=7)
    return CoverRequest.objects.create(
        organisation=organisation,
        team=team,
        kind=CoverRequest.Kind.DUTY_SHIFT,
        job_role=Person.JobRole.SOCIAL_WORKER,
        starts_on=starts,
        ends_on=starts,
        place=_place(organisation.region, "Office"),
        max_pence_per_hour=3800,
        priority=CoverRequest.Priority.STATUTORY,
    ).pk


def _a(w: World) -> int:
    return _request(w.a, w.team_a)


def _b(w: World) -> int:
    return _request(w.b, w.team_b)


COORDINATOR = {**only("bank_coordinator"), **NOT_A_WORKER}
# Every employer role with the bank, the outsider included (in their own region).
BANK_READERS = {**only(*EMPLOYER, "bank_coordinator", "outsider"), **NOT_A_WORKER}
A_REQUEST = {**obj(*EMPLOYER), "bank_coordinator": 200, "bank_worker": 404}

ROWS: dict[str, Row] = {
    "bank:pool-list": Row(lambda w: "/bank/pool/", COORDINATOR),
    "bank:pool-export-csv": Row(lambda w: "/bank/pool/export.csv", COORDINATOR),
    "bank:pool-register": Row(lambda w: "/bank/pool/register/", COORDINATOR),
    "bank:pool-worker": Row(lambda w: f"/bank/pool/{_worker(w)}/", COORDINATOR),
    "bank:pool-check-create": Row(lambda w: f"/bank/pool/{_worker(w)}/checks/new/", COORDINATOR),
    "bank:pool-availability": Row(lambda w: "/bank/availability/", BANK_READERS),
    "bank:my-availability": Row(lambda w: "/bank/me/availability/", {**only(), "bank_worker": 200}),
    "bank:rate-list": Row(lambda w: "/bank/rates/", {**BANK_READERS, "bank_worker": 200}),
    "bank:rate-create": Row(lambda w: "/bank/rates/new/", COORDINATOR),
    "bank:rate-edit": Row(lambda w: f"/bank/rates/{_rate(w)}/edit/", COORDINATOR),
    "bank:request-list": Row(lambda w: "/bank/requests/", BANK_READERS),
    "bank:request-export-csv": Row(lambda w: "/bank/requests/export.csv", BANK_READERS),
    "bank:request-create": Row(
        lambda w: "/bank/requests/new/", {**only(*EMPLOYER, "outsider"), **NOT_A_WORKER}
    ),
    "bank:request-detail": Row(
        lambda w: f"/bank/requests/{_a(w)}/",
        A_REQUEST,
        url_in_b=lambda w: f"/bank/requests/{_b(w)}/",
    ),
    # Only a lead raises a rate; the coordinator and a team manager may look, not raise.
    "bank:request-escalate": Row(
        lambda w: f"/bank/requests/{_a(w)}/escalate/",
        {
            **obj(*LEADS, ok=302),
            "team_manager": 403,
            "bank_coordinator": 403,
            "bank_worker": 404,
        },
        method="post",
        url_in_b=lambda w: f"/bank/requests/{_b(w)}/escalate/",
        data={"to_pence_per_hour": "50.00", "reason": "No one has taken it at the cap"},
    ),
    "bank:request-cancel": Row(
        lambda w: f"/bank/requests/{_a(w)}/cancel/",
        {**obj(*EMPLOYER), "bank_coordinator": 403, "bank_worker": 404},
        url_in_b=lambda w: f"/bank/requests/{_b(w)}/cancel/",
    ),
}
