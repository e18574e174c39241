"""Breaches of the caseload standard, the written plan, and the escalation ladder.

A breach opens when a worker's load leaves the standard (reference/01 §5 item 2:
"red must force action"):

- their weekly snapshot is in the red band (``Breach.Kind.RED_BAND``), or over
  the case count cap when the scheme in force counts cases
  (``Breach.Kind.COUNT_CAP``);
- they have been over 110% in each of the last four weekly snapshots
  (``Breach.Kind.SUSTAINED_OVERLOAD``; MoJ 2021, ``calc.standards.sustained_overload``);
- they declare themselves at capacity, whatever the score says
  (``Breach.Kind.DECLARATION``; reference/01 §5 item 4).

A person has at most one open breach of each kind (a database constraint), and
running the checks twice for the same week opens nothing new, even if the
first breach was resolved in between: the next week's snapshot decides.

The deadline is the first rung's ``days_to_act`` from the day the breach
opens. An organisation that has not set a ladder yet gets
``DEFAULT_DAYS_TO_ACT`` (10 days, the model's default for a rung), so no breach
is ever without a deadline. An open breach past its deadline climbs one rung
of the organisation's ladder (team manager, service lead, director, elected
member or board: the Social Work Contract's right to escalate, reference/01
§2.6 point 3), automatically through ``breaches_escalate_overdue``, with a new
deadline from that rung.

Every change writes a ``BreachEvent`` on the breach's timeline and one entry in
the organisation's audit chain, in the same transaction. Neither holds case
references: a breach is about a worker's load, and the people who read the
register (union representatives among them) never see case detail.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.calc.standards import RED, sustained_overload
from safeworkload.caseloads.models import (
    Breach,
    BreachEvent,
    CapacityDeclaration,
    CapacitySnapshot,
    EscalationLevel,
    WeightingScheme,
)
from safeworkload.organisations.models import Organisation, Person

# Used only while an organisation has no escalation ladder: the default
# ``EscalationLevel.days_to_act``, so the deadline is what a first rung would give.
DEFAULT_DAYS_TO_ACT = 10
SUSTAINED_WEEKS = 4
SUSTAINED_ABOVE = 110


class BreachError(Exception):
    """A change the breach's state does not allow; the message is for the user."""


# ---------------------------------------------------------------------------
# The ladder


def escalation_ladder(*, organisation: Organisation) -> list[EscalationLevel]:
    """The organisation's rungs, lowest first."""
    return list(EscalationLevel.objects.filter(organisation=organisation).order_by("rank"))


def next_level(
    ladder: list[EscalationLevel], current: EscalationLevel | None
) -> EscalationLevel | None:
    """The rung above ``current`` (the first rung when there is none); None at the top."""
    if current is None:
        return ladder[0] if ladder else None
    return next((level for level in ladder if level.rank > current.rank), None)


def deadline(*, start: date, level: EscalationLevel | None) -> date:
    return start + timedelta(days=level.days_to_act if level else DEFAULT_DAYS_TO_ACT)


def _event(
    breach: Breach,
    kind: str,
    *,
    actor: Actor,
    note: str = "",
    level: EscalationLevel | None = None,
) -> BreachEvent:
    return BreachEvent.objects.create(
        breach=breach, kind=kind, level=level, by=signed_in_user(actor), note=note
    )


def _audit(breach: Breach, action: str, *, actor: Actor, **data: object) -> None:
    audit_record(
        organisation=breach.organisation,
        actor=actor,
        action=action,
        target=breach,
        data={"person": breach.person_id, "kind": breach.kind, **data},
    )


# ---------------------------------------------------------------------------
# Opening


def breach_open(
    *,
    organisation: Organisation,
    person: Person,
    kind: str,
    opened_on: date,
    percent: Decimal | None = None,
    actor: Actor = None,
    note: str = "",
    ladder: list[EscalationLevel] | None = None,
) -> Breach | None:
    """Open a breach at the first rung, or return None when the person already
    has an open breach of this kind (the first one stands; nothing is written)."""
    if ladder is None:
        ladder = escalation_ladder(organisation=organisation)
    first = ladder[0] if ladder else None
    breach = Breach(
        organisation=organisation,
        person=person,
        team_id=person.team_id,
        kind=kind,
        opened_on=opened_on,
        due_on=deadline(start=opened_on, level=first),
        level=first,
        percent_when_opened=percent,
    )
    try:
        with transaction.atomic():
            breach.save(force_insert=True)
            _event(breach, BreachEvent.Kind.OPENED, actor=actor, note=note, level=first)
            _audit(
                breach,
                "breach.opened",
                actor=actor,
                due_on=breach.due_on.isoformat(),
                percent=None if percent is None else str(percent),
            )
    except IntegrityError:
        if Breach.objects.filter(person=person, kind=kind, status=Breach.Status.OPEN).exists():
            return None
        raise
    return breach


def _open_keys(
    organisation: Organisation, kinds: Sequence[str], week_start: date
) -> set[tuple[int, str]]:
    """(person, kind) of the breaches still open, and of those opened for this
    week already: a breach resolved mid-week is not reopened by running the
    week's checks again, only by next week's snapshot."""
    return set(
        Breach.objects.filter(organisation=organisation, kind__in=kinds)
        .filter(Q(status=Breach.Status.OPEN) | Q(opened_on=week_start))
        .values_list("person_id", "kind")
    )


def _count_mode_areas(organisation: Organisation, on: date) -> set[str]:
    """Service areas whose scheme in force on the day counts cases rather than points."""
    latest: dict[str, str] = {}
    schemes = WeightingScheme.objects.filter(
        organisation=organisation, effective_from__lte=on
    ).order_by("effective_from", "pk")
    for area, mode in schemes.values_list("service_area", "mode"):
        latest[area] = mode  # the later version wins
    return {area for area, mode in latest.items() if mode == WeightingScheme.Mode.COUNT}


@transaction.atomic
def breaches_open_from_snapshots(*, organisation: Organisation, week_start: date) -> list[Breach]:
    """Open the breaches that the week's snapshots show, in a fixed number of
    queries plus the writes for each breach opened.

    - A snapshot in the red band opens a red-band breach, or a count-cap breach
      when the scheme in force that week for the worker's service area counts
      cases (its red band is "over the cap").
    - Four weekly snapshots in a row, ending this week, each over 110% open a
      sustained-overload breach. A missing week breaks the run, as a figure
      under 110% does (reference/01 §4 WL-7 and WL-8).
    """
    weeks = [week_start - timedelta(weeks=n) for n in range(SUSTAINED_WEEKS - 1, -1, -1)]
    rows = (
        CapacitySnapshot.objects.filter(organisation=organisation, week_start__in=weeks)
        .select_related("person", "person__team")
        .order_by("person_id", "week_start")
    )
    series: dict[int, dict[date, Decimal]] = defaultdict(dict)
    this_week: dict[int, CapacitySnapshot] = {}
    for snapshot in rows:
        series[snapshot.person_id][snapshot.week_start] = snapshot.percent
        if snapshot.week_start == week_start:
            this_week[snapshot.person_id] = snapshot

    kinds = [Breach.Kind.RED_BAND, Breach.Kind.COUNT_CAP, Breach.Kind.SUSTAINED_OVERLOAD]
    already = _open_keys(organisation, kinds, week_start)
    count_areas = _count_mode_areas(organisation, week_start)
    ladder = escalation_ladder(organisation=organisation)
    opened: list[Breach] = []

    def open_one(snapshot: CapacitySnapshot, kind: str, note: str) -> None:
        if (snapshot.person_id, kind) in already:
            return
        breach = breach_open(
            organisation=organisation,
            person=snapshot.person,
            kind=kind,
            opened_on=week_start,
            percent=snapshot.percent,
            note=note,
            ladder=ladder,
        )
        if breach is not None:
            opened.append(breach)
            already.add((snapshot.person_id, kind))

    for person_id, snapshot in sorted(this_week.items()):
        if snapshot.band == RED:
            team = snapshot.person.team
            counted = team is not None and team.service_area in count_areas
            kind = Breach.Kind.COUNT_CAP if counted else Breach.Kind.RED_BAND
            open_one(snapshot, kind, f"Week starting {week_start:%-d %B %Y}: {snapshot.percent}%")
        run = [series[person_id].get(week) for week in weeks]
        if None not in run and sustained_overload(
            [p for p in run if p is not None], above=SUSTAINED_ABOVE, weeks=SUSTAINED_WEEKS
        ):
            figures = ", ".join(f"{p}%" for p in run if p is not None)
            open_one(
                snapshot,
                Breach.Kind.SUSTAINED_OVERLOAD,
                f"Over {SUSTAINED_ABOVE}% for {SUSTAINED_WEEKS} weeks running: {figures}",
            )
    return opened


def breach_open_for_declaration(
    *, declaration: CapacityDeclaration, actor: Actor = None
) -> Breach | None:
    """A worker's "I am at capacity" opens a breach, whatever their score, unless
    one from an earlier declaration is still open. The percent recorded is their
    latest weekly snapshot's, when there is one. The declaration's own note is
    not copied: it may mention cases."""
    person = declaration.person
    latest = (
        CapacitySnapshot.objects.filter(organisation=declaration.organisation, person=person)
        .order_by("-week_start")
        .values_list("percent", flat=True)
        .first()
    )
    return breach_open(
        organisation=declaration.organisation,
        person=person,
        kind=Breach.Kind.DECLARATION,
        opened_on=timezone.localdate(declaration.declared_at),
        percent=latest,
        actor=actor,
        note="Declared at capacity",
    )


# ---------------------------------------------------------------------------
# The plan, escalation and resolution


def _require_open(breach: Breach) -> None:
    if breach.status != Breach.Status.OPEN:
        raise BreachError("This breach is resolved: it can no longer be changed")


@transaction.atomic
def breach_record_plan(
    *,
    breach: Breach,
    actor: Actor,
    plan: str,
    work_removed: bool,
    co_worker_added: bool,
    case_reallocated: bool,
) -> Breach:
    """Record (or revise) the written plan that brings the load back within the standard."""
    _require_open(breach)
    plan = plan.strip()
    if not plan:
        raise BreachError("Enter the plan")
    breach.plan = plan
    breach.work_removed = work_removed
    breach.co_worker_added = co_worker_added
    breach.case_reallocated = case_reallocated
    breach.save(update_fields=["plan", "work_removed", "co_worker_added", "case_reallocated"])
    actions = plan_actions(breach)
    _event(breach, BreachEvent.Kind.PLAN_RECORDED, actor=actor, note=plan, level=breach.level)
    # The audit entry names what the plan does, not its words.
    _audit(breach, "breach.plan_recorded", actor=actor, actions=actions)
    return breach


def plan_actions(breach: Breach) -> list[str]:
    return [
        name
        for name in ("work_removed", "co_worker_added", "case_reallocated")
        if getattr(breach, name)
    ]


@transaction.atomic
def breach_escalate(
    *,
    breach: Breach,
    actor: Actor,
    note: str = "",
    today: date | None = None,
    ladder: list[EscalationLevel] | None = None,
) -> Breach:
    """Move the breach up one rung, with a new deadline from that rung's days to act."""
    _require_open(breach)
    if ladder is None:
        ladder = escalation_ladder(organisation=breach.organisation)
    if not ladder:
        raise BreachError(
            "The organisation has no escalation ladder yet: ask a service lead to set one up"
        )
    target = next_level(ladder, breach.level)
    if target is None:
        raise BreachError("This breach is already at the top of the escalation ladder")
    today = today or timezone.localdate()
    was = breach.level
    breach.level = target
    breach.due_on = deadline(start=today, level=target)
    breach.save(update_fields=["level", "due_on"])
    _event(breach, BreachEvent.Kind.ESCALATED, actor=actor, note=note.strip(), level=target)
    _audit(
        breach,
        "breach.escalated",
        actor=actor,
        from_rank=was.rank if was else None,
        to_rank=target.rank,
        due_on=breach.due_on.isoformat(),
        automatic=actor is None,
    )
    return breach


@dataclass
class EscalationRun:
    escalated: list[Breach] = field(default_factory=list)
    # Overdue but already at the top rung: nowhere further to go.
    overdue_at_top: list[Breach] = field(default_factory=list)


def breaches_escalate_overdue(*, organisation: Organisation, today: date) -> EscalationRun:
    """Escalate every open breach whose deadline has passed by one rung.

    Overdue means the deadline is before ``today``: a breach due today still
    has today to act. Each escalation is its own transaction, so one failure
    does not undo the others. The actor is the system.
    """
    ladder = escalation_ladder(organisation=organisation)
    run = EscalationRun()
    overdue = (
        Breach.objects.filter(
            organisation=organisation, status=Breach.Status.OPEN, due_on__lt=today
        )
        .select_related("organisation", "level")
        .order_by("due_on", "pk")
    )
    for breach in overdue:
        if next_level(ladder, breach.level) is None:
            run.overdue_at_top.append(breach)
            continue
        note = f"Escalated automatically: the deadline of {breach.due_on:%-d %B %Y} passed"
        run.escalated.append(
            breach_escalate(breach=breach, actor=None, note=note, today=today, ladder=ladder)
        )
    return run


@transaction.atomic
def breach_resolve(
    *, breach: Breach, actor: Actor, note: str = "", today: date | None = None
) -> Breach:
    """Close the breach. A written plan must have been recorded first
    (reference/01 §5 item 2: a red flag needs a written remedial plan)."""
    _require_open(breach)
    if not breach.plan:
        raise BreachError("Record the plan before resolving the breach")
    breach.status = Breach.Status.RESOLVED
    breach.resolved_on = today or timezone.localdate()
    breach.save(update_fields=["status", "resolved_on"])
    _event(breach, BreachEvent.Kind.RESOLVED, actor=actor, note=note.strip(), level=breach.level)
    _audit(breach, "breach.resolved", actor=actor, resolved_on=breach.resolved_on.isoformat())
    return breach
