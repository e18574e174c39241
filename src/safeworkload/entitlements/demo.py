"""Half a year of extra hours, time off in lieu and development time for the demo region.

Called by ``organisations.demo.demo_region_build`` with its random generator,
after the people exist, so the same seed and day give the same records.
Calibrated to reference/01 §2.6 and §1.3:

- most social workers work extra hours (64% in SWTF 2009, 78.8% in the 2022-23
  HSC workforce study, 92% in Ravalier 2017): here about four in five, most
  weeks, a few hours a week, with a tail near Ravalier's 10;
- about half of those hours are claimed for nothing (UNISON's 1.9 hours a week
  unpaid; Setting the Bar: 90% of those working extra were never paid), the
  rest claimed as time off in lieu or, less often, pay; a few claims are
  declined, and the last fortnight's wait for a decision;
- development time is often under the 10% (81% spent under 10% of their time
  on learning, Setting the Bar 2022), and the newly qualified often do not get
  all their protected time (49% of ASYEs promised protection did not get it,
  CC 2018).

Then the development-time breach check runs once for today.
"""

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from safeworkload.calc.development import hours as round_hours
from safeworkload.caseloads.demo import DemoEmployer
from safeworkload.entitlements.models import DevelopmentTime, ExtraHours, ToilTaken
from safeworkload.entitlements.selectors.development import SOCIAL_WORK_ROLES, is_newly_qualified
from safeworkload.entitlements.selectors.ledger import unpaid_hours_per_week
from safeworkload.entitlements.services.development import development_breaches_check
from safeworkload.organisations.models import Person

HISTORY_WEEKS = 26
EXTRA_HOURS_SHARE = 0.8  # of social workers who work extra hours at all
UNCLAIMED_SHARE = 0.5
TOIL_SHARE = 0.75  # of claims, the rest for pay
DECLINED_SHARE = 0.08
PENDING_DAYS = 14
QUARTER = Decimal("0.25")

REASONS = (
    "Home visit ran late",
    "Hospital discharge meeting after hours",
    "Safeguarding enquiry could not wait",
    "Catching up on case recording",
    "Court report deadline",
    "Duty cover for an absent colleague",
    "Mental capacity assessment at the family's only free time",
    "Strategy meeting ran over",
)
DEVELOPMENT = (
    "Mental capacity and best interests training",
    "Reading research on strengths-based practice",
    "Reflective practice group",
    "Safeguarding adults refresher",
    "Practice educator course",
    "Team learning session on the Care Act",
)


@dataclass(frozen=True)
class EntitlementFigures:
    extra_hours: int
    toil_taken: int
    development_entries: int
    share_with_extra_hours: float
    share_unclaimed: float
    median_unpaid_per_week: float
    breaches: int

    def line(self) -> str:
        return (
            f"{self.extra_hours} occasions of extra hours "
            f"({self.share_with_extra_hours:.0f}% of social workers, "
            f"{self.share_unclaimed:.0f}% of the hours claimed for nothing), "
            f"{self.toil_taken} times off in lieu, {self.development_entries} development "
            f"records; a median of {self.median_unpaid_per_week:.1f} unpaid hours a week among "
            f"those with any, {self.breaches} development-time breaches opened."
        )


def _quarters(value: float) -> Decimal:
    """Hours to the nearest quarter, at least a quarter."""
    return max(QUARTER, (Decimal(str(round(value * 4))) / 4).quantize(Decimal("0.01")))


def entitlements_demo_build(
    *,
    rng: random.Random,
    organisations: Sequence[DemoEmployer],
    today: date,
    history_weeks: int = HISTORY_WEEKS,
) -> EntitlementFigures:
    """Build every employer's ledger and development time; return the headline figures."""
    first = today - timedelta(weeks=history_weeks)
    extra: list[ExtraHours] = []
    taken: list[ToilTaken] = []
    development: list[DevelopmentTime] = []
    workers = 0
    with_extra = 0
    for employer in organisations:
        for person in employer.current:
            if person.job_role not in SOCIAL_WORK_ROLES:
                continue
            workers += 1
            start = max(first, person.start_date)
            own = _extra_hours(rng, person, start, today)
            with_extra += bool(own)
            extra += own
            taken += _toil_taken(rng, person, own, start, today)
            development += _development(rng, person, start, today)
    ExtraHours.objects.bulk_create(extra, batch_size=1000)
    ToilTaken.objects.bulk_create(taken, batch_size=1000)
    DevelopmentTime.objects.bulk_create(development, batch_size=1000)
    breaches = 0
    unpaid: list[float] = []
    for employer in organisations:
        run = development_breaches_check(organisation=employer.organisation, on=today)
        breaches += len(run.opened)
        ids = [p.pk for p in employer.current]
        per_week = unpaid_hours_per_week(
            organisation=employer.organisation, person_ids=ids, on=today
        )
        unpaid += [float(v) for v in per_week.values()]
    total = sum((e.hours for e in extra), Decimal("0"))
    unclaimed = sum(
        (e.hours for e in extra if e.compensation == ExtraHours.Compensation.UNCLAIMED),
        Decimal("0"),
    )
    return EntitlementFigures(
        extra_hours=len(extra),
        toil_taken=len(taken),
        development_entries=len(development),
        share_with_extra_hours=100 * with_extra / workers if workers else 0.0,
        share_unclaimed=float(100 * unclaimed / total) if total else 0.0,
        median_unpaid_per_week=statistics.median(unpaid) if unpaid else 0.0,
        breaches=breaches,
    )


def _extra_hours(rng: random.Random, person: Person, start: date, today: date) -> list[ExtraHours]:
    if rng.random() >= EXTRA_HOURS_SHARE:
        return []
    # Hours a week this worker typically works over: mostly 2-6, a tail near 10.
    weekly = min(rng.lognormvariate(1.3, 0.5), 14.0)
    unclaimed_share = min(max(rng.gauss(UNCLAIMED_SHARE, 0.25), 0.0), 1.0)
    decided_at = timezone.now()
    entries = []
    day = start
    while day <= today:
        week_hours = max(rng.gauss(weekly, weekly / 3), 0.0)
        occasions = rng.randint(1, 3)
        for _ in range(occasions if week_hours >= 0.5 else 0):
            worked_on = day + timedelta(days=rng.randint(0, 4))
            if worked_on > today:
                continue
            entries.append(
                _entry(rng, person, worked_on, week_hours / occasions, unclaimed_share, today)
            )
        day += timedelta(weeks=1)
    for entry in entries:
        if entry.status in (ExtraHours.Status.APPROVED, ExtraHours.Status.DECLINED):
            entry.decided_at = decided_at
    return entries


def _entry(
    rng: random.Random,
    person: Person,
    worked_on: date,
    hours: float,
    unclaimed_share: float,
    today: date,
) -> ExtraHours:
    Compensation, Status = ExtraHours.Compensation, ExtraHours.Status
    if rng.random() < unclaimed_share:
        compensation, status = Compensation.UNCLAIMED, Status.RECORDED
    else:
        compensation = Compensation.TOIL if rng.random() < TOIL_SHARE else Compensation.PAY
        if (today - worked_on).days < PENDING_DAYS:
            status = Status.CLAIMED
        else:
            status = Status.DECLINED if rng.random() < DECLINED_SHARE else Status.APPROVED
    return ExtraHours(
        organisation=person.organisation,
        person=person,
        worked_on=worked_on,
        hours=min(_quarters(hours), Decimal("12")),
        reason=rng.choice(REASONS),
        compensation=compensation,
        status=status,
        decline_reason="Not agreed in advance with your manager"
        if status == Status.DECLINED
        else "",
    )


def _toil_taken(
    rng: random.Random, person: Person, entries: list[ExtraHours], start: date, today: date
) -> list[ToilTaken]:
    """Take part of the approved time off, in half or whole days, never more than is owed."""
    owed = sum(
        (
            e.hours
            for e in entries
            if e.compensation == ExtraHours.Compensation.TOIL
            and e.status == ExtraHours.Status.APPROVED
        ),
        Decimal("0"),
    )
    day_hours = round_hours(person.contracted_hours / 5)
    to_take = owed * Decimal(str(rng.uniform(0.3, 0.9)))
    taken = []
    while to_take >= day_hours / 2:
        hours = (
            day_hours if to_take >= day_hours and rng.random() < 0.5 else round_hours(day_hours / 2)
        )
        taken.append(
            ToilTaken(
                organisation=person.organisation,
                person=person,
                taken_on=today - timedelta(days=rng.randint(0, max((today - start).days, 0))),
                hours=hours,
            )
        )
        to_take -= hours
    return taken


def _development(
    rng: random.Random, person: Person, start: date, today: date
) -> list[DevelopmentTime]:
    """Weekly-ish records at a share of the 10% that varies by person: many under half."""
    weekly_due = float(person.contracted_hours) * 0.10
    share = min(max(rng.gauss(0.6, 0.35), 0.0), 1.3)
    nq = is_newly_qualified(person, on=today)
    protected_share = min(max(rng.gauss(0.7, 0.3), 0.0), 1.0) if nq else 0.0
    entries = []
    day = start
    while day <= today:
        done_on = day + timedelta(days=rng.randint(0, 4))
        if done_on <= today and rng.random() < 0.6:
            hours = weekly_due * share / 0.6 * rng.uniform(0.6, 1.4)
            kind = (
                DevelopmentTime.Kind.PROTECTED
                if nq and rng.random() < protected_share
                else DevelopmentTime.Kind.CPD
            )
            if hours >= 0.25:
                entries.append(
                    DevelopmentTime(
                        organisation=person.organisation,
                        person=person,
                        done_on=done_on,
                        hours=min(_quarters(hours), Decimal("37.5")),
                        kind=kind,
                        description=rng.choice(DEVELOPMENT),
                    )
                )
        day += timedelta(weeks=1)
    return entries
