"""A handful of professional concerns for each demo employer, at every stage.

Called by ``organisations.demo.demo_region_build`` with its random generator,
after the people (and, if it is called after them, the sign-ins) exist. Each
employer gets concerns that are waiting, acknowledged, answered, closed and
taken higher, and one or two that have gone past their deadline without an
answer, so that every page and the register have something to show.

Everything goes through the services, so the timeline and the audit log are
written as in real use; the timeline is then dated back to the day each step
happened. The subjects describe conditions of practice and never name anyone.
When the demo practitioner's sign-in exists, their staff record raises the
first two concerns, so "Your concerns" is not empty for them.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from safeworkload.caseloads.demo import DemoEmployer
from safeworkload.concerns import services
from safeworkload.concerns.models import Concern, ConcernEvent, Level
from safeworkload.organisations.models import Membership, Organisation, Person
from safeworkload.organisations.roles import Role

# (subject, detail) pairs: conditions of practice, nobody named.
SUBJECTS: tuple[tuple[str, str], ...] = (
    (
        "Waiting lists for Care Act assessments",
        "People referred for an assessment wait more than three months. Some have had falls "
        "while waiting. I would like the waiting list reviewed against risk every week.",
    ),
    (
        "Duty rota leaves one social worker covering two teams",
        "On Fridays one worker covers duty for two teams. Urgent visits are delayed. I ask "
        "for a second worker on the rota or a cap on what duty takes on.",
    ),
    (
        "Lone visits without a check-in system",
        "We visit alone in the evenings with no one knowing when we are due back. I ask for "
        "a lone-working check-in system.",
    ),
    (
        "Pressure to close cases before reviews are done",
        "We are asked to close cases to bring the numbers down before the review is complete. "
        "This leaves people without support they still need.",
    ),
    (
        "Agency cover ending with no handover",
        "Agency contracts end at short notice and their cases are left without a handover. "
        "Nobody is named as holding them for weeks.",
    ),
    (
        "Case recording system unavailable for days at a time",
        "The recording system has been down for whole days this month. Safeguarding records "
        "are written up late as a result.",
    ),
    (
        "No interpreter budget for assessments",
        "We are told to use family members to interpret in assessments. This is not safe "
        "practice when the assessment concerns the family.",
    ),
    (
        "Hospital discharges agreed before assessments are finished",
        "Discharge dates are set before the social work assessment is complete. People go home "
        "without the care they need in place.",
    ),
    (
        "Newly qualified staff given complex safeguarding work",
        "Newly qualified colleagues are allocated complex enquiries in their first months, "
        "against the protected workload the organisation agreed.",
    ),
)
ANSWERS: tuple[str, ...] = (
    "Thank you for raising this. We have reviewed the arrangements and will put a change in "
    "place within six weeks; your manager will explain it at the next team meeting.",
    "We agree this needs to change. A working group with practitioners and the union will "
    "report back within two months.",
    "We have looked into this and believe the current arrangements are safe, for the reasons "
    "set out at the service meeting. We will review them again in three months.",
)
CASE_HOLDING = {
    Person.JobRole.SOCIAL_WORKER,
    Person.JobRole.SENIOR_PRACTITIONER,
    Person.JobRole.NEWLY_QUALIFIED,
    Person.JobRole.OCCUPATIONAL_THERAPIST,
    Person.JobRole.ASSISTANT,
}

# Each story: the steps after raising, as (days after raising, step). The
# days are in units of the answer period where they must fall either side of
# a deadline, so the stories hold whatever SAFEWORKLOAD_CONCERN_ANSWER_DAYS is.
WAITING, ACKNOWLEDGED, OVERDUE, ANSWERED, CLOSED, TAKEN_HIGHER = (
    "waiting",
    "acknowledged",
    "overdue",
    "answered",
    "closed",
    "taken_higher",
)


@dataclass(frozen=True)
class ConcernFigures:
    concerns: int
    waiting: int
    overdue: int
    answered: int
    closed: int
    taken_higher: int

    def line(self) -> str:
        return (
            f"{self.concerns} professional concerns ({self.waiting} waiting for an answer, "
            f"{self.overdue} of them overdue; {self.answered} answered, {self.closed} closed; "
            f"{self.taken_higher} taken higher)."
        )


def concerns_demo_build(
    *, rng: random.Random, organisations: Sequence[DemoEmployer], today: date
) -> ConcernFigures:
    """Build each employer's concerns; return the headline figures."""
    made: list[Concern] = []
    for employer in organisations:
        made += _employer_build(rng, employer, today=today)
    # The overdue ones are marked as the daily job would (no email in a demo).
    for employer in organisations:
        marked = services.concerns_mark_overdue(
            organisation_id=employer.organisation.pk, today=today
        )
        for concern in marked:  # as if the job ran the morning after each deadline
            _date_last_event(concern, concern.answer_due_on + timedelta(days=1))
    return _figures(made, today)


def _employer_build(rng: random.Random, employer: DemoEmployer, *, today: date) -> list[Concern]:
    organisation = employer.organisation
    raisers = [p for p in employer.current if p.job_role in CASE_HOLDING]
    if not raisers:
        return []
    stories = [WAITING, ACKNOWLEDGED, OVERDUE, ANSWERED, CLOSED]
    # Half the employers have a second overdue concern: one taken higher and left there.
    stories.append(TAKEN_HIGHER if rng.random() < 0.5 else ANSWERED)
    subjects = rng.sample(SUBJECTS, len(stories))
    demo_person = _practitioner_person(organisation)
    chosen = rng.sample(raisers, min(len(raisers), len(stories)))
    answerer = _answerer(organisation)
    made = []
    for n, (story, (subject, detail)) in enumerate(zip(stories, subjects, strict=True)):
        raiser = demo_person if demo_person is not None and n < 2 else chosen[n % len(chosen)]
        made.append(_story(rng, story, raiser, subject, detail, answerer, today=today))
    return made


def _story(
    rng: random.Random,
    story: str,
    raiser: Person,
    subject: str,
    detail: str,
    answerer: AbstractBaseUser | None,
    *,
    today: date,
) -> Concern:
    period = settings.SAFEWORKLOAD_CONCERN_ANSWER_DAYS
    ago = {
        WAITING: rng.randint(1, max(period // 3, 1)),
        ACKNOWLEDGED: rng.randint(max(period // 3, 1) + 1, max(period - 2, 2)),
        OVERDUE: period + rng.randint(2, 9),
        ANSWERED: period + rng.randint(10, 30),
        CLOSED: 2 * period + rng.randint(10, 60),
        TAKEN_HIGHER: 2 * period + rng.randint(5, 12),
    }[story]
    raised_on = today - timedelta(days=ago)
    level = rng.choice([Level.TEAM_MANAGER, Level.SERVICE_LEAD, Level.SERVICE_LEAD, Level.DIRECTOR])
    concern = services.concern_raise(
        person=raiser,
        actor=None,
        subject=subject,
        detail=detail,
        level=level,
        today=raised_on,
    )
    _date_last_event(concern, raised_on)
    if story == WAITING:
        return concern
    _acknowledge(concern, answerer, min(raised_on + timedelta(days=rng.randint(1, 3)), today))
    if story in (ACKNOWLEDGED, OVERDUE):
        return concern
    answered_on = raised_on + timedelta(days=rng.randint(period // 2, period - 1))
    _answer(rng, concern, answerer, answered_on)  # always before today: see ``ago``
    if story == CLOSED:
        closed_on = answered_on + timedelta(days=rng.randint(2, 10))
        services.concern_close(concern=concern, actor=None, today=closed_on)
        _date_last_event(concern, closed_on)
    elif story == TAKEN_HIGHER:
        higher_on = answered_on + timedelta(days=rng.randint(2, 4))
        services.concern_escalate(
            concern=concern,
            actor=None,
            level=min(concern.level + 2, Level.GOVERNANCE),
            today=higher_on,
        )
        _date_last_event(concern, higher_on)
        _acknowledge(concern, answerer, higher_on + timedelta(days=2))
    return concern


def _acknowledge(concern: Concern, answerer: AbstractBaseUser | None, on: date) -> None:
    services.concern_acknowledge(concern=concern, actor=answerer)
    _date_last_event(concern, on)


def _answer(
    rng: random.Random, concern: Concern, answerer: AbstractBaseUser | None, on: date
) -> None:
    services.concern_answer(concern=concern, actor=answerer, answer=rng.choice(ANSWERS), today=on)
    at = _at(on)
    Concern.objects.filter(pk=concern.pk).update(answered_at=at)
    concern.answered_at = at
    _date_last_event(concern, on)


def _at(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on, time(10, 0)))


def _date_last_event(concern: Concern, on: date) -> None:
    """The services stamp events with now; the demo's happened on ``on``."""
    last = ConcernEvent.objects.filter(concern=concern).order_by("-pk").values_list("pk")[:1]
    ConcernEvent.objects.filter(pk__in=last).update(at=_at(on))


def _practitioner_person(organisation: Organisation) -> Person | None:
    membership = (
        Membership.objects.filter(
            organisation=organisation, role=Role.PRACTITIONER, person__isnull=False
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return membership.person if membership else None


def _answerer(organisation: Organisation) -> AbstractBaseUser | None:
    for role in (Role.SERVICE_LEAD, Role.ORG_ADMIN):
        membership = (
            Membership.objects.filter(organisation=organisation, role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return membership.user
    return None


def _figures(made: list[Concern], today: date) -> ConcernFigures:
    concerns = Concern.objects.filter(pk__in=[c.pk for c in made])
    waiting = [c for c in concerns if c.awaiting_answer]
    return ConcernFigures(
        concerns=len(made),
        waiting=len(waiting),
        overdue=sum(1 for c in waiting if c.days_overdue(today) > 0),
        answered=concerns.filter(status=Concern.Status.ANSWERED).count(),
        closed=concerns.filter(status=Concern.Status.CLOSED).count(),
        taken_higher=ConcernEvent.objects.filter(
            concern__in=concerns, kind=ConcernEvent.Kind.ESCALATED
        ).count(),
    )
