"""Reading supervision: who may see which session, the schedule, a person's own
compliance, and the organisation's answers to the usual freedom-of-information
questions.

The monthly answers count **social workers in post for the whole month**
(social workers, senior practitioners and newly qualified social workers): the
denominator FOI requests ask about, and the one the page states.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from safeworkload.calc import supervision as rules
from safeworkload.organisations.models import Organisation, Person
from safeworkload.organisations.tenancy import Tenancy
from safeworkload.supervision.models import Action, Agreement, Pause, Session

SOCIAL_WORK_ROLES = (
    Person.JobRole.SOCIAL_WORKER,
    Person.JobRole.SENIOR_PRACTITIONER,
    Person.JobRole.NEWLY_QUALIFIED,
)
DUE_SOON_DAYS = 7


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- who may see what -------------------------------------------------------


def managed_sessions(*, tenancy: Tenancy) -> QuerySet[Session]:
    """Sessions the acting roles may open without being in the room: a lead's
    whole organisation, a team manager's own teams. Notes are not theirs to read."""
    sessions = Session.objects.filter(organisation=tenancy.organisation)
    if not tenancy.has("can_manage_supervision"):
        return sessions.none()
    if tenancy.has("can_view_all_people"):
        return sessions
    me = tenancy.person.pk if tenancy.person else None
    return sessions.filter(Q(supervisee__team__manager_id=me) | Q(supervisor_id=me))


def visible_sessions(*, tenancy: Tenancy) -> QuerySet[Session]:
    """The sessions someone may open: their own (either side of the table) and
    the ones they manage."""
    me = tenancy.person.pk if tenancy.person else None
    own = Session.objects.filter(
        Q(organisation=tenancy.organisation) & (Q(supervisee_id=me) | Q(supervisor_id=me))
    )
    return (own | managed_sessions(tenancy=tenancy)).distinct()


def supervises(*, supervisor: Person, supervisee: Person, on: date) -> bool:
    """Whether a current agreement makes one person the other's supervisor."""
    return (
        Agreement.objects.filter(
            organisation=supervisee.organisation_id,
            supervisor=supervisor,
            supervisee=supervisee,
            starts_on__lte=on,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .exists()
    )


def in_the_room(session: Session, tenancy: Tenancy) -> bool:
    """Only the supervisor and the supervisee read the notes."""
    me = tenancy.person.pk if tenancy.person else None
    return me is not None and me in (session.supervisee_id, session.supervisor_id)


def managed_agreements(*, tenancy: Tenancy) -> QuerySet[Agreement]:
    agreements = Agreement.objects.filter(organisation=tenancy.organisation)
    if tenancy.has("can_view_all_people"):
        return agreements
    me = tenancy.person.pk if tenancy.person else None
    return agreements.filter(Q(supervisee__team__manager_id=me) | Q(supervisor_id=me))


# --- the schedule -----------------------------------------------------------


@dataclass(frozen=True)
class ScheduleRow:
    agreement: Agreement
    last_held: date | None
    next_session: Session | None
    state: str  # "overdue", "due_soon", "booked", "not_booked"
    unconfirmed: int


def schedule(*, tenancy: Tenancy, today: date) -> list[ScheduleRow]:
    """Every current agreement the acting person manages or supervises, with
    the state of its next session: overdue ones first."""
    agreements = (
        managed_agreements(tenancy=tenancy)
        .filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("supervisee__team", "supervisor")
        .annotate(
            last_held=Max("sessions__held_on", filter=Q(sessions__status=Session.Status.HELD)),
            unconfirmed=Count(
                "sessions",
                filter=Q(sessions__status=Session.Status.HELD, sessions__confirmed_on__isnull=True),
            ),
        )
    )
    upcoming: dict[int, Session] = {}
    for session in Session.objects.filter(
        agreement__in=agreements.values("pk"), status=Session.Status.SCHEDULED
    ).order_by("-scheduled_for"):
        upcoming[session.agreement_id] = session  # the earliest wins
    rows = [ScheduleRow(a, a.last_held, upcoming.get(a.pk), "", a.unconfirmed) for a in agreements]
    rows = [
        ScheduleRow(r.agreement, r.last_held, r.next_session, _state(r, today), r.unconfirmed)
        for r in rows
    ]
    order = {"overdue": 0, "not_booked": 1, "due_soon": 2, "booked": 3}
    return sorted(rows, key=lambda r: (order[r.state], r.agreement.supervisee.family_name))


def _state(row: ScheduleRow, today: date) -> str:
    if row.next_session is None:
        return "not_booked"
    if row.next_session.scheduled_for < today:
        return "overdue"
    if row.next_session.scheduled_for <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "booked"


# --- a person's own view ----------------------------------------------------


HELD_FIELDS = ("held_on", "minutes", "interrupted", "registered_supervisor")


def _rule_session(
    held_on: date, minutes: int, interrupted: bool, registered: bool
) -> rules.Session:
    return rules.Session(
        held_on=held_on, minutes=minutes, interrupted=interrupted, registered_supervisor=registered
    )


def calc_sessions(sessions: QuerySet[Session]) -> list[rules.Session]:
    """Held sessions as the rules read them (a held session always has a date and length)."""
    held = sessions.filter(status=Session.Status.HELD).values_list(*HELD_FIELDS)
    return [_rule_session(*row) for row in held]


def newly_qualified_agreement(person: Person, *, on: date) -> Agreement | None:
    return (
        Agreement.objects.filter(
            organisation=person.organisation,
            supervisee=person,
            frequency=Agreement.Frequency.NEWLY_QUALIFIED,
            starts_on__lte=on,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("starts_on")
        .first()
    )


def pauses_of(agreement: Agreement) -> list[rules.Pause]:
    return [
        rules.Pause(starts_on=p.starts_on, ends_on=p.ends_on)
        for p in Pause.objects.filter(agreement=agreement)
    ]


def person_checks(person: Person, *, today: date, months: int = 3) -> list[rules.Check]:
    """The rules over the last ``months`` complete calendar months, and the
    newly qualified timetable up to today when it applies."""
    end = today.replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    for _ in range(months - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    sessions = Session.objects.filter(organisation=person.organisation, supervisee=person)
    in_period = calc_sessions(sessions.filter(held_on__range=(start, end)))
    checks = [
        rules.session_length_check(in_period),
        rules.monthly_total_check(in_period, start=start, end=end),
    ]
    agreement = newly_qualified_agreement(person, on=today)
    if agreement is not None:
        checks.append(
            rules.newly_qualified_check(
                calc_sessions(sessions.filter(held_on__gte=agreement.starts_on)),
                started_on=agreement.starts_on,
                on=today,
                pauses=pauses_of(agreement),
                fte=person.fte,
            )
        )
    return checks


@dataclass(frozen=True)
class Glance:
    """A person's supervision at a glance, for their home page."""

    last_held: date | None
    next_booked: date | None
    to_confirm: int
    minutes_last_month: int


def glance(person: Person, *, today: date) -> Glance:
    first, last = month_bounds(previous_month(today))
    sessions = Session.objects.filter(organisation=person.organisation_id, supervisee=person)
    figures = sessions.aggregate(
        last_held=Max("held_on", filter=Q(status=Session.Status.HELD)),
        next_booked=Min(
            "scheduled_for", filter=Q(status=Session.Status.SCHEDULED, scheduled_for__gte=today)
        ),
        to_confirm=Count("pk", filter=Q(status=Session.Status.HELD, confirmed_on__isnull=True)),
        minutes=Sum(
            "minutes",
            filter=Q(
                status=Session.Status.HELD,
                registered_supervisor=True,
                held_on__range=(first, last),
            ),
            default=0,
        ),
    )
    return Glance(
        figures["last_held"], figures["next_booked"], figures["to_confirm"], figures["minutes"]
    )


def open_actions(person: Person) -> QuerySet[Action]:
    return Action.objects.filter(
        organisation=person.organisation, owner=person, done_on__isnull=True
    ).order_by("due_on")


# --- the organisation's answers ---------------------------------------------


@dataclass
class GroupAnswer:
    name: str
    staff: int = 0
    with_90: int = 0

    @property
    def share(self) -> Decimal | None:
        return percent(self.with_90, self.staff)


@dataclass
class MonthAnswers:
    """What FOI requests about supervision ask, for one calendar month."""

    month: date
    staff: int
    with_90: int
    held: int
    held_minutes: int
    reflective_minutes: int
    full_length: int
    scheduled: int
    cancelled: int
    moved: int
    newly_qualified: int
    newly_qualified_on_track: int
    teams: list[GroupAnswer] = field(default_factory=list)

    @property
    def share_with_90(self) -> Decimal | None:
        return percent(self.with_90, self.staff)

    @property
    def reflective_share(self) -> Decimal | None:
        return percent(self.reflective_minutes, self.held_minutes)

    @property
    def full_length_share(self) -> Decimal | None:
        return percent(self.full_length, self.held)

    @property
    def not_held_share(self) -> Decimal | None:
        return percent(self.cancelled + self.moved, self.scheduled)

    @property
    def newly_qualified_on_track_share(self) -> Decimal | None:
        return percent(self.newly_qualified_on_track, self.newly_qualified)

    def rows(self) -> list[tuple[str, str]]:
        """The answers as question and figure, for the page, the CSV and the command."""

        def share(value: Decimal | None) -> str:
            return "no data" if value is None else f"{value}%"

        return [
            ("Social workers in post for the whole month", str(self.staff)),
            (
                "Had at least 1.5 hours of supervision from a registered social worker",
                f"{self.with_90} ({share(self.share_with_90)})",
            ),
            ("Supervision sessions held", str(self.held)),
            (
                "Sessions of at least 90 minutes, uninterrupted",
                f"{self.full_length} ({share(self.full_length_share)})",
            ),
            ("Share of supervision time that was reflective", share(self.reflective_share)),
            ("Sessions booked for the month", str(self.scheduled)),
            (
                "Booked sessions cancelled or moved",
                f"{self.cancelled + self.moved} ({share(self.not_held_share)}): "
                f"{self.cancelled} cancelled, {self.moved} moved",
            ),
            (
                "Newly qualified social workers on their timetable",
                f"{self.newly_qualified_on_track} of {self.newly_qualified} "
                f"({share(self.newly_qualified_on_track_share)})",
            ),
        ]


def month_answers(*, organisation: Organisation, month: date) -> MonthAnswers:
    first, last = month_bounds(month)
    staff = list(
        Person.objects.filter(
            organisation=organisation,
            job_role__in=SOCIAL_WORK_ROLES,
            start_date__lte=first,
        )
        .exclude(end_date__lt=last)
        .values("pk", "team__name", "contracted_hours")
    )
    sessions = Session.objects.filter(organisation=organisation)
    held = sessions.filter(status=Session.Status.HELD, held_on__range=(first, last))
    minutes = dict(
        held.filter(registered_supervisor=True)
        .order_by()
        .values("supervisee_id")
        .annotate(total=Sum("minutes"))
        .values_list("supervisee_id", "total")
    )
    totals = held.aggregate(
        count=Count("pk"),
        held_minutes=Sum("minutes", default=0),
        reflective=Sum("reflective_minutes", default=0),
        full=Count("pk", filter=Q(minutes__gte=rules.MINIMUM_MINUTES, interrupted=False)),
    )
    booked = sessions.filter(scheduled_for__range=(first, last)).aggregate(
        all=Count("pk"),
        cancelled=Count("pk", filter=Q(status=Session.Status.CANCELLED)),
        moved=Count("pk", filter=Q(status=Session.Status.MOVED)),
    )
    teams: dict[str, GroupAnswer] = defaultdict(lambda: GroupAnswer(""))
    with_90 = 0
    for person in staff:
        name = person["team__name"] or "No team"
        group = teams[name]
        group.name = name
        group.staff += 1
        if minutes.get(person["pk"], 0) >= rules.MINIMUM_MINUTES:
            group.with_90 += 1
            with_90 += 1
    on_track, newly_qualified = _newly_qualified(organisation, {p["pk"] for p in staff}, last)
    return MonthAnswers(
        month=first,
        staff=len(staff),
        with_90=with_90,
        held=totals["count"],
        held_minutes=totals["held_minutes"],
        reflective_minutes=totals["reflective"],
        full_length=totals["full"],
        scheduled=booked["all"],
        cancelled=booked["cancelled"],
        moved=booked["moved"],
        newly_qualified=newly_qualified,
        newly_qualified_on_track=on_track,
        teams=sorted(teams.values(), key=lambda g: g.name),
    )


def _newly_qualified(
    organisation: Organisation, staff_ids: set[int], last: date
) -> tuple[int, int]:
    """How many newly qualified social workers were on their timetable at the
    month's end, of how many were on one. Sessions under any of their
    agreements count (an assessor's session as much as the line manager's)."""
    agreements = (
        Agreement.objects.filter(
            organisation=organisation,
            frequency=Agreement.Frequency.NEWLY_QUALIFIED,
            supervisee_id__in=staff_ids,
            starts_on__lte=last,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=last))
        .select_related("supervisee__organisation")
        .order_by("-starts_on")
    )
    programme = {a.supervisee_id: a for a in agreements}  # the earliest start wins
    held: dict[int, list[rules.Session]] = defaultdict(list)
    pauses: dict[int, list[rules.Pause]] = defaultdict(list)
    for s in Session.objects.filter(
        organisation=organisation,
        supervisee_id__in=programme,
        status=Session.Status.HELD,
        held_on__lte=last,
    ).values_list("supervisee_id", *HELD_FIELDS):
        held[s[0]].append(_rule_session(*s[1:]))
    for p in Pause.objects.filter(agreement__in=[a.pk for a in programme.values()]):
        pauses[p.agreement_id].append(rules.Pause(starts_on=p.starts_on, ends_on=p.ends_on))
    on_track = sum(
        rules.newly_qualified_check(
            [s for s in held[person_id] if s.held_on >= agreement.starts_on],
            started_on=agreement.starts_on,
            on=last + timedelta(days=1),
            pauses=pauses[agreement.pk],
            fte=agreement.supervisee.fte,
        ).met
        for person_id, agreement in programme.items()
    )
    return on_track, len(programme)
