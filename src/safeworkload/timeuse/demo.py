"""Six months of sample weeks for the demo region.

Called by ``organisations.demo.demo_region_build`` with its random generator,
after the people and sign-ins exist, so the same seed, scale and day give the
same weeks.

Each month, for the six months before this one, about a quarter of the staff
who work with people (social workers, occupational therapists and assistants)
record one week, a different quarter each month. The team of each employer's
demo practitioner is piloting the measure: all of them record a week every
month, so that team's dashboard has enough people to show even at small
scales.

The weeks look like the surveys (reference/01 §2.5): time with people near
20% of the week, recording and admin near 45-50%, and many weeks longer than
the contract. Hours are in quarter hours, as the form takes them.
"""

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from safeworkload.calc.timeuse import CATEGORY_KEYS, extra_hours, shares
from safeworkload.organisations.models import Membership, Organisation, Person, Team
from safeworkload.organisations.roles import Role
from safeworkload.timeuse.models import TimeSample

JobRole = Person.JobRole

MONTHS = 6
SAMPLED_SHARE = 0.25
SAMPLED_ROLES = frozenset(
    {
        JobRole.SOCIAL_WORKER,
        JobRole.SENIOR_PRACTITIONER,
        JobRole.NEWLY_QUALIFIED,
        JobRole.OCCUPATIONAL_THERAPIST,
        JobRole.ASSISTANT,
    }
)
# Mean share of the worked week, and its spread, for each category.
MIX: dict[str, tuple[float, float]] = {
    "face_to_face": (0.13, 0.04),
    "remote_contact": (0.07, 0.025),
    "recording": (0.36, 0.05),
    "other_admin": (0.11, 0.03),
    "travel": (0.12, 0.035),
    "supervision": (0.04, 0.01),
    "learning": (0.04, 0.015),
    "meetings": (0.13, 0.03),
}  # the means add up to 1
OVER_CONTRACT_SHARE = 0.6  # of weeks
EXTRA_MEAN, EXTRA_SPREAD, EXTRA_MOST = 4.5, 2.5, 15.0  # hours over contract
SHORT_WEEK_SHARE = 0.1  # weeks with some leave or sickness
QUARTER = Decimal("0.25")


class DemoEmployer(Protocol):
    """What organisations.demo built for one employer."""

    organisation: Organisation
    teams: list[Team]
    current: list[Person]
    leavers: list[Person]


@dataclass(frozen=True)
class TimeUseFigures:
    samples: int
    people: int
    direct_percent: float
    recording_admin_percent: float
    over_contract_percent: float

    def line(self) -> str:
        return (
            f"{self.samples} sample weeks from {self.people} people: "
            f"{self.direct_percent:.1f}% of the time with people, "
            f"{self.recording_admin_percent:.1f}% on recording and admin, "
            f"{self.over_contract_percent:.1f}% of weeks over contract."
        )


def timeuse_demo_build(
    *, rng: random.Random, organisations: Sequence[DemoEmployer], today: date
) -> TimeUseFigures:
    """Build every employer's sample weeks; return the headline figures."""
    weeks = _weeks(rng, today)
    samples: list[TimeSample] = []
    for employer in organisations:
        samples += _employer_samples(rng, employer, weeks, today=today)
    TimeSample.objects.bulk_create(samples, batch_size=1000)
    return _figures(samples)


def _month_start(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _weeks(rng: random.Random, today: date) -> list[date]:
    """One Monday in each of the six months before this one, the same for everyone:
    an organisation picks its sample week."""
    mondays = []
    for back in range(MONTHS, 0, -1):
        first = _month_start(today, back)
        first_monday = first + timedelta(days=(7 - first.weekday()) % 7)
        mondays.append(first_monday + timedelta(weeks=rng.randint(0, 2)))
    return mondays


def _pilot_teams(organisation: Organisation) -> set[int]:
    """The teams of the organisation's demo practitioners."""
    return set(
        Membership.objects.filter(
            organisation=organisation, role=Role.PRACTITIONER, person__team__isnull=False
        ).values_list("person__team_id", flat=True)
    )


def _in_post(person: Person, week: date) -> bool:
    return person.start_date <= week and (person.end_date is None or person.end_date > week)


def _employer_samples(
    rng: random.Random, employer: DemoEmployer, weeks: list[date], *, today: date
) -> list[TimeSample]:
    pilots = _pilot_teams(employer.organisation)
    people = sorted(
        (p for p in [*employer.current, *employer.leavers] if p.job_role in SAMPLED_ROLES),
        key=lambda p: p.staff_number,
    )
    samples = []
    for week in weeks:
        for person in people:
            if not _in_post(person, week):
                continue
            if person.team_id in pilots or rng.random() < SAMPLED_SHARE:
                samples.append(_sample(rng, person, week, today=today))
    return samples


def _quarters(hours: float) -> Decimal:
    return (Decimal(str(round(max(hours, 0.0) * 4))) * QUARTER).quantize(Decimal("0.01"))


def _worked(rng: random.Random, contracted: float) -> float:
    draw = rng.random()
    if draw < SHORT_WEEK_SHARE:
        return contracted * rng.uniform(0.4, 0.8)
    if draw < SHORT_WEEK_SHARE + OVER_CONTRACT_SHARE:
        return contracted + min(EXTRA_MOST, max(0.25, rng.gauss(EXTRA_MEAN, EXTRA_SPREAD)))
    return contracted


def _sample(rng: random.Random, person: Person, week: date, *, today: date) -> TimeSample:
    contracted = float(person.contracted_hours)
    worked = _worked(rng, contracted)
    weights = {key: max(0.005, rng.gauss(mean, spread)) for key, (mean, spread) in MIX.items()}
    total = sum(weights.values())
    hours = {key: _quarters(worked * weight / total) for key, weight in weights.items()}
    if not any(hours.values()):
        hours["recording"] = QUARTER
    return TimeSample(
        organisation_id=person.organisation_id,
        person=person,
        team_id=person.team_id,
        week_starting=week,
        contracted_hours=person.contracted_hours,
        recorded_on=min(today, week + timedelta(days=rng.randint(4, 10))),
        **hours,
    )


def _figures(samples: list[TimeSample]) -> TimeUseFigures:
    if not samples:
        return TimeUseFigures(0, 0, 0.0, 0.0, 0.0)
    pooled = {key: sum((getattr(s, key) for s in samples), Decimal(0)) for key in CATEGORY_KEYS}
    result = shares(pooled)
    over = [extra_hours(s.worked_hours, s.contracted_hours) > 0 for s in samples]
    return TimeUseFigures(
        samples=len(samples),
        people=len({s.person_id for s in samples}),
        direct_percent=float(result.direct_pct),
        recording_admin_percent=float(result.recording_admin_pct),
        over_contract_percent=100 * statistics.mean(over),
    )
