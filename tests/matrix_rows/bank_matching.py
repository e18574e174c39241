"""The relief bank's matching, offers, timesheets, statements and fill rates.

The coordinator alone runs the matching and withdraws offers. A worker sees
and answers only their own offers and submits their timesheets; the bank
worker is not one of the matrix's personas, so each row also says what they
get, and ``bank/tests/test_after_access.py`` checks it. The requesting team
(a team manager for their own teams, a lead for any) decides timesheets.
Statements: the coordinator and every employer role with the bank; fill
rates: those and the inspector.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from safeworkload.bank.models import BankWorker, CoverRequest, Offer, Place, Timesheet
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.organisations.roles import RegionalRole
from safeworkload.testing import World
from tests.matrix import LEADS, Row, obj, only

EMPLOYER = ("team_manager", *LEADS)
NOT_A_WORKER = {"bank_worker": 403}
COORDINATOR = {**only("bank_coordinator"), **NOT_A_WORKER}
WORKER_ONLY = {**only(), "bank_worker": 200}
STATEMENT_READERS = {**only(*EMPLOYER, "bank_coordinator", "outsider"), **NOT_A_WORKER}
FILL_READERS = {**only(*EMPLOYER, "bank_coordinator", "inspector", "outsider"), **NOT_A_WORKER}
A_TIMESHEET = {**obj(*EMPLOYER), "bank_worker": 404}


def _offer(
    organisation: Organisation, team: Team, *, status: str = Offer.Status.OFFERED, user=None
) -> Offer:
    region = organisation.region
    place, _ = Place.objects.get_or_create(
        region=region, name="Northtown", defaults={"x_km": Decimal(0), "y_km": Decimal(0)}
    )
    worker = BankWorker.objects.filter(region=region, user=user).first() if user else None
    if worker is None:
        worker = BankWorker.objects.create(
            region=region,
            user=user,
            home=place,
            given_name="Relief",
            family_name=f"Worker {BankWorker.objects.count()}",
            email=f"relief{BankWorker.objects.count()}@example.org",
            job_role=Person.JobRole.SOCIAL_WORKER,
        )
    # Started a week ago, so a timesheet can be submitted; open for a week more.
    starts = timezone.localdate() - timedelta(days=7)
    request = CoverRequest.objects.create(
        organisation=organisation,
        team=team,
        kind=CoverRequest.Kind.CASE_HOLDING,
        job_role=Person.JobRole.SOCIAL_WORKER,
        starts_on=starts,
        ends_on=starts + timedelta(days=14),
        hours_per_week=Decimal("15"),
        place=place,
        max_pence_per_hour=4000,
        priority=CoverRequest.Priority.STATUTORY,
        status=CoverRequest.Status.FILLED
        if status == Offer.Status.ACCEPTED
        else CoverRequest.Status.OFFERED,
    )
    return Offer.objects.create(
        organisation=organisation,
        request=request,
        worker=worker,
        status=status,
        rate_pence_per_hour=3800,
        cost_pence=3800 * 45,
        reason="Matched for the test",
    )


def _worker_offer(w: World, status: str = Offer.Status.OFFERED) -> int:
    # An offer made today, so it has not lapsed, for the world's bank worker.
    offer = _offer(w.a, w.team_a, status=status, user=w.users[RegionalRole.BANK_WORKER])
    if status == Offer.Status.OFFERED:
        CoverRequest.objects.filter(pk=offer.request_id).update(
            starts_on=timezone.localdate() + timedelta(days=3),
            ends_on=timezone.localdate() + timedelta(days=10),
        )
    return offer.pk


def _timesheet(organisation: Organisation, team: Team) -> int:
    offer = _offer(organisation, team, status=Offer.Status.ACCEPTED)
    monday = offer.request.starts_on - timedelta(days=offer.request.starts_on.weekday())
    return Timesheet.objects.create(
        organisation=organisation,
        offer=offer,
        week_starting=monday,
        hours=Decimal("15"),
        miles=Decimal("20"),
    ).pk


def _a(w: World) -> int:
    return _timesheet(w.a, w.team_a)


def _b(w: World) -> int:
    return _timesheet(w.b, w.team_b)


ROWS: dict[str, Row] = {
    "bank:matching": Row(lambda w: "/bank/matching/", COORDINATOR),
    "bank:matching-run": Row(
        lambda w: "/bank/matching/run/",
        {**only("bank_coordinator", ok=302), **NOT_A_WORKER},
        method="post",
    ),
    "bank:offer-withdraw": Row(
        lambda w: f"/bank/offers/{_offer(w.a, w.team_a).pk}/withdraw/", COORDINATOR
    ),
    "bank:offers-mine": Row(lambda w: "/bank/offers/mine/", WORKER_ONLY),
    "bank:offer-detail": Row(lambda w: f"/bank/offers/mine/{_worker_offer(w)}/", WORKER_ONLY),
    "bank:offer-accept": Row(
        lambda w: f"/bank/offers/mine/{_worker_offer(w)}/accept/",
        {**only(), "bank_worker": 302},
        method="post",
    ),
    "bank:offer-decline": Row(
        lambda w: f"/bank/offers/mine/{_worker_offer(w)}/decline/",
        {**only(), "bank_worker": 302},
        method="post",
    ),
    "bank:timesheet-new": Row(
        lambda w: f"/bank/offers/mine/{_worker_offer(w, Offer.Status.ACCEPTED)}/timesheets/new/",
        WORKER_ONLY,
    ),
    "bank:timesheet-list": Row(
        lambda w: "/bank/timesheets/", {**only(*EMPLOYER, "outsider"), **NOT_A_WORKER}
    ),
    "bank:timesheet-detail": Row(
        lambda w: f"/bank/timesheets/{_a(w)}/",
        A_TIMESHEET,
        url_in_b=lambda w: f"/bank/timesheets/{_b(w)}/",
    ),
    "bank:timesheet-approve": Row(
        lambda w: f"/bank/timesheets/{_a(w)}/approve/",
        {**obj(*EMPLOYER, ok=302), "bank_worker": 404},
        method="post",
        url_in_b=lambda w: f"/bank/timesheets/{_b(w)}/approve/",
    ),
    "bank:timesheet-query": Row(
        lambda w: f"/bank/timesheets/{_a(w)}/query/",
        {**obj(*EMPLOYER, ok=302), "bank_worker": 404},
        method="post",
        url_in_b=lambda w: f"/bank/timesheets/{_b(w)}/query/",
        data={"reason": "The hours do not match the rota"},
    ),
    "bank:statement-page": Row(lambda w: "/bank/statements/", STATEMENT_READERS),
    "bank:statement-export-csv": Row(lambda w: "/bank/statements/export.csv", STATEMENT_READERS),
    "bank:statement-export-pdf": Row(lambda w: "/bank/statements/export.pdf", STATEMENT_READERS),
    "bank:fill-page": Row(lambda w: "/bank/fill-rates/", FILL_READERS),
    "bank:fill-export-csv": Row(lambda w: "/bank/fill-rates/export.csv", FILL_READERS),
}
