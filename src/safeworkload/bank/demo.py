"""The demo region's relief bank: places, rates, about 300 workers, a month of
requests, matching runs, offers in every state, timesheets.

Called by ``organisations.demo.demo_region_build`` with its random generator,
after the employers and their sign-ins exist. Everything is fictional: the
places are made-up names on a 70 km grid; the workers' names come from the
demo's own lists. The month runs from four weeks before ``today`` to two
weeks after it:

- the past requests are matched as the coordinator would have four weeks ago
  (the same adapter and engine), most offers accepted, some declined, and
  every week of work that has ended has an approved timesheet, the current
  week's a submitted one;
- the coming requests are matched as of ``today``; a few offers are accepted,
  declined or withdrawn, and the rest wait for an answer.

The demo bank worker's sign-in (``bankworker@<region>.example``) belongs to a
social worker and AMHP who lives alone at Quarry End, travels at most 5 miles
(no other place is that near), is free every day and has all checks valid:
the demo's requests are elsewhere, and a request placed there is theirs.
"""

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from safeworkload.bank.models import (
    Availability,
    BankWorker,
    Check,
    CoverRequest,
    MatchRun,
    Offer,
    Place,
    RateCard,
    Specialism,
    Timesheet,
)
from safeworkload.bank.services.matching import match_run, offer_withdraw
from safeworkload.caseloads.demo import DemoEmployer
from safeworkload.caseloads.services.snapshots import monday_of
from safeworkload.organisations.models import Person, Region, RegionalMembership, Team
from safeworkload.organisations.roles import RegionalRole

WORKERS = 300
PAST_WEEKS = 4
COMING_WEEKS = 2
AVAILABLE_WEEKS = 8
DEMO_HOME = "Quarry End"
# Fictional places on the region's grid, in km.
PLACES: tuple[tuple[str, int, int], ...] = (
    (DEMO_HOME, 2, 68),
    ("Ashby Moor", 10, 12),
    ("Brackenfield", 34, 8),
    ("Castle Lees", 60, 14),
    ("Dunmere", 18, 30),
    ("Eastcote Bridge", 52, 34),
    ("Fenwick Green", 30, 40),
    ("Gorsedale", 8, 48),
    ("Harlow Cross", 44, 54),
    ("Ingleby Vale", 64, 60),
    ("Kestle Down", 24, 62),
    ("Lowmoor", 38, 22),
)
# role, grade, base pence an hour, cap
RATES: tuple[tuple[str, str, int, int], ...] = (
    (Person.JobRole.SOCIAL_WORKER, "", 3600, 4500),
    (Person.JobRole.SENIOR_PRACTITIONER, "", 4200, 5200),
    (Person.JobRole.NEWLY_QUALIFIED, "", 3200, 3800),
    (Person.JobRole.OCCUPATIONAL_THERAPIST, "", 3400, 4200),
    (Person.JobRole.ASSISTANT, "", 2200, 2800),
)
ROLE_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Person.JobRole.SOCIAL_WORKER, 55),
    (Person.JobRole.SENIOR_PRACTITIONER, 18),
    (Person.JobRole.OCCUPATIONAL_THERAPIST, 12),
    (Person.JobRole.ASSISTANT, 10),
    (Person.JobRole.NEWLY_QUALIFIED, 5),
)
SPECIALISM_SHARE: dict[str, float] = {
    Specialism.AMHP: 0.12,
    Specialism.BIA: 0.15,
    Specialism.PRACTICE_EDUCATOR: 0.10,
    Specialism.COURT: 0.08,
    Specialism.SAFEGUARDING: 0.25,
}
HANDOVER = (
    "Caseload list and risk notes are in the team's shared folder. Ring the duty desk "
    "before your first visit; the practice supervisor is your contact for the run."
)


@dataclass(frozen=True)
class BankFigures:
    places: int
    workers: int
    expired_checks: int
    requests: int
    offers: dict[str, int]
    timesheets: dict[str, int]
    runs: int

    def line(self) -> str:
        offers = ", ".join(f"{n} {status}" for status, n in sorted(self.offers.items()))
        sheets = ", ".join(f"{n} {status}" for status, n in sorted(self.timesheets.items()))
        return (
            f"Relief bank: {self.workers} workers in {self.places} places "
            f"({self.expired_checks} with an expired check), {self.requests} cover requests, "
            f"{self.runs} matching runs, offers {offers}; timesheets {sheets}."
        )


def _at(day: date, hour: int = 9) -> datetime:
    """That hour of that day, but never later than now: a demo built before 7 in
    the morning must not hold a matching run dated later today, which would sort
    above every run made after it."""
    return min(timezone.make_aware(datetime.combine(day, time(hour))), timezone.now())


def _places(region: Region) -> list[Place]:
    return Place.objects.bulk_create(
        Place(region=region, name=name, x_km=Decimal(x), y_km=Decimal(y)) for name, x, y in PLACES
    )


def _rates(region: Region, today: date) -> None:
    RateCard.objects.bulk_create(
        RateCard(
            region=region,
            job_role=role,
            grade=grade,
            base_pence_per_hour=base,
            cap_pence_per_hour=cap,
            effective_from=today - timedelta(days=180),
        )
        for role, grade, base, cap in RATES
    )


def _workers(
    rng: random.Random,
    region: Region,
    places: list[Place],
    employers: Sequence[DemoEmployer],
    today: date,
) -> list[BankWorker]:
    from safeworkload.organisations.demo import FAMILY_NAMES, GIVEN_NAMES

    roles = [role for role, weight in ROLE_WEIGHTS for _ in range(weight)]
    elsewhere = places[1:]  # nobody but the demo worker lives at Quarry End
    workers = []
    for n in range(WORKERS):
        role = rng.choice(roles)
        specialisms = [s for s, share in SPECIALISM_SHARE.items() if rng.random() < share]
        if role == Person.JobRole.ASSISTANT:
            specialisms = []
        leaver = rng.random() < 0.04
        workers.append(
            BankWorker(
                region=region,
                given_name=rng.choice(GIVEN_NAMES),
                family_name=rng.choice(FAMILY_NAMES),
                email=f"relief{n:03d}@bank.{region.code}.example",
                job_role=role,
                registration_number=f"SW{rng.randint(10000, 99999)}"
                if role != Person.JobRole.ASSISTANT
                else "",
                specialisms=specialisms,
                service_areas=rng.sample([Team.ServiceArea.ADULTS, Team.ServiceArea.CHILDREN], 1),
                years_experience=rng.randint(0, 25),
                home=rng.choice(elsewhere),
                max_travel_miles=rng.choice((10, 15, 20, 25, 30)),
                max_days_per_week=rng.choice((2, 3, 3, 4, 5)),
                former_employer=rng.choice(employers).organisation if leaver else None,
                left_former_employer_on=today - timedelta(days=rng.randint(20, 150))
                if leaver
                else None,
            )
        )
    workers.append(
        BankWorker(
            region=region,
            given_name="Robin",
            family_name="Ashdown",
            email=f"bankworker@{region.code}.example",
            job_role=Person.JobRole.SOCIAL_WORKER,
            registration_number="SW40404",
            specialisms=[Specialism.AMHP, Specialism.SAFEGUARDING],
            service_areas=[Team.ServiceArea.ADULTS],
            years_experience=9,
            home=places[0],
            max_travel_miles=5,
            max_days_per_week=5,
        )
    )
    return BankWorker.objects.bulk_create(workers)


def _checks(rng: random.Random, workers: list[BankWorker], today: date) -> int:
    """Every check for every worker; one in twenty with a registration that has
    lapsed, one in twenty lapsing within the next eight weeks."""
    checks, expired = [], 0
    for worker in workers:
        verified = today - timedelta(days=rng.randint(60, 700))
        roll = rng.random() if worker.email.startswith("relief") else 1.0
        if roll < 0.05:
            registration_ends = today - timedelta(days=rng.randint(1, 40))
            expired += 1
        elif roll < 0.10:
            registration_ends = today + timedelta(days=rng.randint(5, 50))
        else:
            registration_ends = today + timedelta(days=rng.randint(120, 700))
        for kind, expires in (
            (Check.Kind.REGISTRATION, registration_ends),
            (Check.Kind.DBS, verified + timedelta(days=3 * 365)),
            (Check.Kind.RIGHT_TO_WORK, None),
            (Check.Kind.REFERENCES, None),
        ):
            checks.append(
                Check(
                    worker=worker,
                    kind=kind,
                    reference=f"{kind[:3].upper()}-{worker.pk:05d}",
                    verified_on=verified,
                    expires_on=expires,
                )
            )
    Check.objects.bulk_create(checks, batch_size=2000)
    return expired


def _availability(rng: random.Random, workers: list[BankWorker], today: date) -> None:
    """From the start of the demo's month to eight weeks ahead. A fifth of the
    pool is free every day (they can hold cases for a run of weeks); the rest
    on some weekdays."""
    first = monday_of(today) - timedelta(weeks=PAST_WEEKS)
    days = [first + timedelta(days=n) for n in range(7 * (PAST_WEEKS + AVAILABLE_WEEKS))]
    rows: list[Availability] = []
    for worker in workers:
        every_day = not worker.email.startswith("relief") or rng.random() < 0.2
        share = rng.uniform(0.35, 0.7)
        rows.extend(
            Availability(worker=worker, day=day)
            for day in days
            if every_day or (day.weekday() < 5 and rng.random() < share)
        )
    Availability.objects.bulk_create(rows, batch_size=5000)


def _requests(
    rng: random.Random,
    employers: Sequence[DemoEmployer],
    places: list[Place],
    first: date,
    last: date,
) -> list[CoverRequest]:
    elsewhere = places[1:]
    base = {role: rate for role, _, rate, _ in RATES}
    made = []
    for employer in employers:
        teams = [t for t in employer.teams if t.manager_id is not None] or employer.teams
        for _ in range(max(6, len(teams) * 2)):
            team = rng.choice(teams)
            role = rng.choice(
                (Person.JobRole.SOCIAL_WORKER,) * 4
                + (Person.JobRole.SENIOR_PRACTITIONER, Person.JobRole.OCCUPATIONAL_THERAPIST)
            )
            starts = first + timedelta(days=rng.randint(0, (last - first).days))
            holding = rng.random() < 0.3
            if holding:
                starts = monday_of(starts) if monday_of(starts) >= first else starts
            ends = starts + timedelta(days=7 * rng.randint(2, 4) - 3) if holding else starts
            needs = [Specialism.AMHP] if rng.random() < 0.08 else []
            made.append(
                CoverRequest(
                    organisation=employer.organisation,
                    team=team,
                    kind=CoverRequest.Kind.CASE_HOLDING
                    if holding
                    else CoverRequest.Kind.DUTY_SHIFT,
                    job_role=role,
                    specialisms=needs,
                    starts_on=starts,
                    ends_on=ends,
                    hours_per_week=Decimal(rng.choice((7.5, 15, 22.5))) if holding else None,
                    place=rng.choice(elsewhere),
                    max_pence_per_hour=base[role] + rng.choice((0, 300, 600)),
                    priority=CoverRequest.Priority.STATUTORY
                    if rng.random() < 0.6
                    else CoverRequest.Priority.OTHER,
                    handover_note=HANDOVER if holding else "",
                )
            )
    made = CoverRequest.objects.bulk_create(made)
    for request in made:  # asked for three to ten days before the cover starts
        request.created_at = _at(request.starts_on - timedelta(days=rng.randint(3, 10)), 10)
    CoverRequest.objects.bulk_update(made, ["created_at"])
    return made


def _answer(rng: random.Random, offers: list[Offer], declined: set[int]) -> None:
    """The workers' answers, written directly: the offers at ``declined``
    positions are turned down, the others accepted."""
    for n, offer in enumerate(offers):
        offer.responded_at = offer.created_at + timedelta(hours=rng.randint(1, 40))
        if n in declined:
            offer.status = Offer.Status.DECLINED
            offer.response_note = rng.choice(("", "Already booked that day", "Too far"))
        else:
            offer.status = Offer.Status.ACCEPTED
    Offer.objects.bulk_update(offers, ["status", "responded_at", "response_note"])
    for offer in offers:
        if offer.status == Offer.Status.ACCEPTED:
            CoverRequest.objects.filter(pk=offer.request_id).update(
                status=CoverRequest.Status.FILLED, filled_at=offer.responded_at
            )
    CoverRequest.objects.filter(
        pk__in=[o.request_id for o in offers if o.status == Offer.Status.DECLINED]
    ).update(status=CoverRequest.Status.OPEN)


def _date_run(run: MatchRun, offers: list[Offer], on: datetime) -> None:
    MatchRun.objects.filter(pk=run.pk).update(created_at=on)
    Offer.objects.filter(pk__in=[o.pk for o in offers]).update(created_at=on)
    for offer in offers:
        offer.created_at = on


def _timesheets(rng: random.Random, region: Region, today: date) -> None:
    """A timesheet for every started week of accepted work: approved when the
    week has ended, submitted for this week."""
    this_week = monday_of(today)
    sheets = []
    for offer in Offer.objects.filter(
        worker__region=region, status=Offer.Status.ACCEPTED, request__starts_on__lt=today
    ).select_related("request"):
        cover = offer.request
        week = monday_of(cover.starts_on)
        while week <= min(monday_of(cover.ends_on), this_week):
            if cover.kind == CoverRequest.Kind.DUTY_SHIFT:
                hours, days = cover.hours_per_day, 1
            else:
                hours = cover.hours_per_week or Decimal("7.5")
                days = int((hours / Decimal("7.5")).to_integral_value(rounding="ROUND_CEILING"))
            ended = week < this_week
            miles = Decimal(offer.mileage_pence * days) / 45 if offer.mileage_pence else Decimal(0)
            sheets.append(
                Timesheet(
                    organisation=offer.organisation,
                    offer=offer,
                    week_starting=week,
                    hours=hours - Decimal(rng.choice((0, 0, 0, "0.5"))),
                    miles=miles.quantize(Decimal("0.1")),
                    status=Timesheet.Status.APPROVED if ended else Timesheet.Status.SUBMITTED,
                    decided_at=_at(week + timedelta(days=8), 11) if ended else None,
                )
            )
            week += timedelta(weeks=1)
    Timesheet.objects.bulk_create(sheets)


def _sign_in(region: Region, worker: BankWorker) -> None:
    from safeworkload.organisations.demo import DEMO_PASSWORD

    user = get_user_model().objects.create(
        username=worker.email, email=worker.email, password=make_password(DEMO_PASSWORD)
    )
    BankWorker.objects.filter(pk=worker.pk).update(user=user)
    RegionalMembership.objects.create(user=user, region=region, role=RegionalRole.BANK_WORKER)


def bank_demo_build(
    *, rng: random.Random, organisations: Sequence[DemoEmployer], today: date
) -> BankFigures:
    """Build the region's relief bank; return the headline figures."""
    region = organisations[0].organisation.region
    places = _places(region)
    _rates(region, today)
    workers = _workers(rng, region, places, organisations, today)
    expired = _checks(rng, workers, today)
    _availability(rng, workers, today)
    _sign_in(region, workers[-1])
    month_start = monday_of(today) - timedelta(weeks=PAST_WEEKS)
    past = _requests(rng, organisations, places, month_start, today - timedelta(days=1))
    past_run = match_run(region=region, actor=None, today=month_start)
    _date_run(past_run.run, past_run.offers, _at(month_start - timedelta(days=1), 8))
    # One past offer in seven was declined; the rest were accepted.
    _answer(rng, past_run.offers, {n for n in range(len(past_run.offers)) if n % 7 == 3})
    coming = _requests(rng, organisations, places, today, today + timedelta(weeks=COMING_WEEKS))
    run = match_run(region=region, actor=None, today=today)
    _date_run(run.run, run.offers, _at(today, 7))
    # Of every six coming offers: one accepted, one declined, one withdrawn, three waiting.
    answered = [o for n, o in enumerate(run.offers) if n % 6 in (0, 1)]
    _answer(rng, answered, set(range(1, len(answered), 2)))
    for offer in (o for n, o in enumerate(run.offers) if n % 6 == 2):
        offer_withdraw(offer=offer, actor=None, reason="The team found cover of its own")
    _timesheets(rng, region, today)
    offers = Counter(Offer.objects.filter(worker__region=region).values_list("status", flat=True))
    sheets = Counter(
        Timesheet.objects.filter(offer__worker__region=region).values_list("status", flat=True)
    )
    return BankFigures(
        places=len(places),
        workers=len(workers),
        expired_checks=expired,
        requests=len(past) + len(coming),
        offers=dict(offers),
        timesheets=dict(sheets),
        runs=2,
    )
