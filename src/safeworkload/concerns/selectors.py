"""Reading professional concerns: three views of the same rows.

- The person who raised a concern sees all of it (``my_concerns``).
- Those who answer concerns (``can_answer_concerns``: service leads and
  organisation admins) see the organisation's concerns with their content
  (``concerns_to_answer``). A team manager does not: they may be what the
  concern is about.
- The register (``can_view_concern_register``, union representatives too)
  sees that each concern exists, how high it went, the month it was raised,
  its deadline and status (``concern_register``). ``RegisterRow`` has no
  field for the subject, detail, answer, person or team, so no page or
  export built on it can show them.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Q, QuerySet, Value, When

from safeworkload.concerns.models import Concern, ConcernEvent, level_title
from safeworkload.organisations.models import Organisation, Person

WAITING = [Concern.Status.RAISED, Concern.Status.ACKNOWLEDGED]


def my_concerns(*, person: Person) -> QuerySet[Concern]:
    return (
        Concern.objects.filter(organisation_id=person.organisation_id, raised_by=person)
        .select_related("organisation")
        .order_by("-raised_on", "-pk")
    )


def concerns_to_answer(*, organisation: Organisation, status: str = "") -> QuerySet[Concern]:
    """Those waiting for an answer first, the most pressing deadline first."""
    concerns = Concern.objects.filter(organisation=organisation).select_related(
        "organisation", "raised_by", "raised_by__team"
    )
    if status == "waiting":
        concerns = concerns.filter(status__in=WAITING)
    elif status:
        concerns = concerns.filter(status=status)
    return concerns.annotate(
        escalations=Count("events", filter=Q(events__kind=ConcernEvent.Kind.ESCALATED)),
        answered_or_closed=Case(When(status__in=WAITING, then=Value(0)), default=Value(1)),
    ).order_by("answered_or_closed", "answer_due_on", "pk")


def concern_timeline(*, concern: Concern) -> QuerySet[ConcernEvent]:
    return concern.events.select_related("by", "concern__organisation").order_by("at", "pk")


@dataclass(frozen=True)
class RegisterRow:
    """What the register may say about one concern, and nothing more."""

    id: int
    level: int
    level_title: str
    raised_month: date  # the first of the month
    answer_due_on: date
    status: str
    status_label: str
    days_overdue: int
    escalations: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def concern_register(
    *, organisation: Organisation, today: date, status: str = ""
) -> list[RegisterRow]:
    """Every concern of the organisation, newest first, without its content.

    Only the listed columns are read from the database, so the content is
    never even loaded."""
    concerns = Concern.objects.filter(organisation=organisation)
    if status == "overdue":
        concerns = concerns.filter(status__in=WAITING, answer_due_on__lt=today)
    elif status:
        concerns = concerns.filter(status=status)
    rows = (
        concerns.annotate(
            escalations=Count("events", filter=Q(events__kind=ConcernEvent.Kind.ESCALATED))
        )
        .order_by("-raised_on", "-pk")
        .values_list("pk", "level", "raised_on", "answer_due_on", "status", "escalations")
    )
    labels = dict(Concern.Status.choices)
    register = []
    for pk, level, raised_on, due, status_value, escalations in rows:
        waiting = status_value in WAITING
        register.append(
            RegisterRow(
                id=pk,
                level=level,
                level_title=level_title(level, organisation.kind),
                raised_month=raised_on.replace(day=1),
                answer_due_on=due,
                status=status_value,
                status_label=labels[status_value],
                days_overdue=max((today - due).days, 0) if waiting else 0,
                escalations=escalations,
            )
        )
    return register


@dataclass(frozen=True)
class RegisterCounts:
    waiting: int
    overdue: int
    answered: int
    closed: int


def register_counts(rows: list[RegisterRow]) -> RegisterCounts:
    return RegisterCounts(
        waiting=sum(1 for r in rows if r.status in WAITING),
        overdue=sum(1 for r in rows if r.overdue),
        answered=sum(1 for r in rows if r.status == Concern.Status.ANSWERED),
        closed=sum(1 for r in rows if r.status == Concern.Status.CLOSED),
    )
