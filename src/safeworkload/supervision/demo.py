"""Fictional supervision for the demo region: a year of it, as it often goes.

Every social worker has a line agreement with their team manager (or, in a team
without one, a senior practitioner); newly qualified social workers are on the
newly qualified timetable. About one booked session in five is cancelled and
half of those are moved; sessions often run short or get interrupted, as the
ASYE survey in reference/01 section 2.3 found. Notes are left empty: there is
nothing real to put in them, and nothing invented should look real.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from safeworkload.caseloads.demo import DemoEmployer
from safeworkload.organisations.models import Person
from safeworkload.supervision.models import Action, Agreement, Session
from safeworkload.supervision.selectors import SOCIAL_WORK_ROLES
from safeworkload.supervision.services import next_due

HISTORY_DAYS = 365
CANCELLED = 0.2
MINUTES = (45, 60, 60, 75, 90, 90, 90, 90, 105, 120)
ACTIONS = (
    "Read the updated practice guidance",
    "Book the learning session on mental capacity",
    "Arrange a joint visit",
    "Write up the reflective log",
)


@dataclass(frozen=True)
class SupervisionFigures:
    agreements: int
    sessions: int
    held: int
    not_held: int

    def line(self) -> str:
        return (
            f"{self.agreements} supervision agreements, {self.sessions} sessions booked "
            f"({self.held} held, {self.not_held} cancelled or moved)."
        )


def supervision_demo_build(
    *, rng: random.Random, organisations: Sequence[DemoEmployer], today: date
) -> SupervisionFigures:
    agreements: list[Agreement] = []
    for employer in organisations:
        agreements += _agreements(rng, employer, today)
    agreements = Agreement.objects.bulk_create(agreements)
    sessions = [s for a in agreements for s in _sessions(rng, a, today)]
    # Replacements first, so that a moved session can point at its new date.
    targets = {id(s.moved_to) for s in sessions if s.moved_to is not None}
    Session.objects.bulk_create([s for s in sessions if id(s) in targets])
    Session.objects.bulk_create([s for s in sessions if id(s) not in targets])
    held = [s for s in sessions if s.status == Session.Status.HELD]
    Action.objects.bulk_create(
        Action(
            organisation=s.organisation,
            session=s,
            description=rng.choice(ACTIONS),
            owner=s.supervisee,
            due_on=s.held_on + timedelta(days=28),
            done_on=s.held_on + timedelta(days=20)
            if s.held_on < today - timedelta(days=40)
            else None,
        )
        for s in held
        if s.held_on is not None and rng.random() < 0.3
    )
    return SupervisionFigures(
        agreements=len(agreements),
        sessions=len(sessions),
        held=len(held),
        not_held=sum(
            s.status in (Session.Status.CANCELLED, Session.Status.MOVED) for s in sessions
        ),
    )


def _agreements(rng: random.Random, employer: DemoEmployer, today: date) -> list[Agreement]:
    seniors = [p for p in employer.current if p.job_role == Person.JobRole.SENIOR_PRACTITIONER]
    made = []
    for person in employer.current:
        if person.job_role not in SOCIAL_WORK_ROLES:
            continue
        supervisor = person.team.manager if person.team and person.team.manager else None
        if supervisor is None or supervisor.pk == person.pk:
            choices = [s for s in seniors if s.pk != person.pk]
            if not choices:
                continue
            supervisor = rng.choice(choices)
        newly = person.job_role == Person.JobRole.NEWLY_QUALIFIED
        made.append(
            Agreement(
                organisation=employer.organisation,
                supervisee=person,
                supervisor=supervisor,
                frequency=(
                    Agreement.Frequency.NEWLY_QUALIFIED if newly else Agreement.Frequency.MONTHLY
                ),
                starts_on=max(person.start_date, today - timedelta(days=HISTORY_DAYS)),
            )
        )
    return made


def _sessions(rng: random.Random, agreement: Agreement, today: date) -> list[Session]:
    """Booked sessions from the agreement's start to a little beyond today."""
    sessions = []
    day = agreement.starts_on + timedelta(days=rng.randint(0, 20))
    while day <= today + timedelta(days=10):
        sessions += _one(rng, agreement, day, today)
        day = next_due(agreement.frequency, day) + timedelta(days=rng.randint(-3, 3))
    return sessions


def _one(rng: random.Random, agreement: Agreement, day: date, today: date) -> list[Session]:
    base = {
        "organisation": agreement.organisation,
        "agreement": agreement,
        "supervisee": agreement.supervisee,
        "supervisor": agreement.supervisor,
    }
    if day >= today - timedelta(days=rng.randint(0, 6)):
        # Still to come, or overdue and not yet recorded.
        return [Session(**base, scheduled_for=day)]
    if rng.random() < CANCELLED:
        moved_to = day + timedelta(days=rng.randint(3, 10))
        if rng.random() < 0.5 and moved_to < today:
            replacement = Session(**base, scheduled_for=moved_to, status=Session.Status.HELD)
            _hold(rng, replacement, moved_to, today)
            moved = Session(
                **base,
                scheduled_for=day,
                status=Session.Status.MOVED,
                change_reason="The supervisor was called to an urgent visit",
                moved_to=replacement,
            )
            return [replacement, moved]
        reason = rng.choice(("Supervisor off sick", "Duty cover", "Court hearing"))
        return [
            Session(
                **base, scheduled_for=day, status=Session.Status.CANCELLED, change_reason=reason
            )
        ]
    session = Session(**base, scheduled_for=day, status=Session.Status.HELD)
    _hold(rng, session, day, today)
    return [session]


def _hold(rng: random.Random, session: Session, day: date, today: date) -> None:
    session.held_on = day
    session.minutes = rng.choice(MINUTES)
    session.interrupted = rng.random() < 0.15
    session.registered_supervisor = session.supervisor.registered
    session.reflective_minutes = 5 * round(session.minutes * rng.uniform(0, 0.4) / 5)
    if day < today - timedelta(days=7) and rng.random() < 0.9:
        session.confirmed_on = day + timedelta(days=rng.randint(1, 7))
