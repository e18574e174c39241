"""Writing supervision records: agreements, the schedule, the record of a
session, its confirmation, and reminders.

Audit entries record that something happened, when and how long; never the
reflective or personal notes, a case discussion's text or an action's wording,
which belong to the two people in the room (and, for case discussions, to the
case record).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from safeworkload.audit.services import Actor, audit_record
from safeworkload.calc.supervision import add_months
from safeworkload.caseloads.models import Case
from safeworkload.core.addresses import site_address
from safeworkload.organisations.models import Organisation, Person
from safeworkload.supervision.models import Action, Agreement, CaseDiscussion, Pause, Session

REMIND_DAYS_AHEAD = 2


class SupervisionError(Exception):
    """A change the rules do not allow; the message says what to do instead."""


def next_due(frequency: str, after: date) -> date:
    """When the next session falls due after one on ``after``. The newly qualified
    timetable's phases are judged by ``calc.supervision``; for planning the
    next date, its strictest phase (weekly) is what a supervisor books."""
    if frequency in (Agreement.Frequency.WEEKLY, Agreement.Frequency.NEWLY_QUALIFIED):
        return after + timedelta(weeks=1)
    if frequency == Agreement.Frequency.FORTNIGHTLY:
        return after + timedelta(weeks=2)
    return add_months(after, 1)


@transaction.atomic
def agreement_create(
    *,
    organisation: Organisation,
    supervisee: Person,
    supervisor: Person,
    kind: str,
    frequency: str,
    starts_on: date,
    actor: Actor,
) -> Agreement:
    if supervisee.pk == supervisor.pk:
        raise SupervisionError("Choose a supervisor who is not the supervisee.")
    if kind == Agreement.Kind.PROFESSIONAL and not supervisor.registered:
        raise SupervisionError(
            "Choose a registered social worker: professional supervision must come from one."
        )
    agreement = Agreement.objects.create(
        organisation=organisation,
        supervisee=supervisee,
        supervisor=supervisor,
        kind=kind,
        frequency=frequency,
        starts_on=starts_on,
    )
    audit_record(
        organisation=organisation,
        actor=actor,
        action="supervision.agreement_created",
        target=agreement,
        data={"kind": kind, "frequency": frequency, "starts_on": starts_on.isoformat()},
    )
    return agreement


@transaction.atomic
def agreement_end(*, agreement: Agreement, ends_on: date, actor: Actor) -> Agreement:
    if ends_on < agreement.starts_on:
        raise SupervisionError("Enter an end date on or after the day the agreement started.")
    agreement.ends_on = ends_on
    agreement.save(update_fields=["ends_on"])
    Session.objects.filter(
        agreement=agreement, status=Session.Status.SCHEDULED, scheduled_for__gt=ends_on
    ).update(status=Session.Status.CANCELLED, change_reason="The agreement ended.")
    audit_record(
        organisation=agreement.organisation,
        actor=actor,
        action="supervision.agreement_ended",
        target=agreement,
        data={"ends_on": ends_on.isoformat()},
    )
    return agreement


@transaction.atomic
def pause_add(*, agreement: Agreement, starts_on: date, ends_on: date, actor: Actor) -> Pause:
    if ends_on < starts_on:
        raise SupervisionError("The last day must be the same as or after the first day.")
    pause = Pause.objects.create(
        organisation=agreement.organisation,
        agreement=agreement,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    # The reason for a pause (sickness, bereavement) is not recorded at all: the
    # timetable needs only the dates.
    audit_record(
        organisation=agreement.organisation,
        actor=actor,
        action="supervision.pause_added",
        target=agreement,
        data={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return pause


@transaction.atomic
def session_schedule(*, agreement: Agreement, scheduled_for: date, actor: Actor) -> Session:
    if agreement.ends_on and scheduled_for > agreement.ends_on:
        raise SupervisionError("Choose a date before the agreement ends.")
    session = Session.objects.create(
        organisation=agreement.organisation,
        agreement=agreement,
        supervisee_id=agreement.supervisee_id,
        supervisor_id=agreement.supervisor_id,
        scheduled_for=scheduled_for,
    )
    audit_record(
        organisation=agreement.organisation,
        actor=actor,
        action="supervision.session_scheduled",
        target=session,
        data={"scheduled_for": scheduled_for.isoformat()},
    )
    return session


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: Person
    due_on: date


@dataclass(frozen=True)
class SessionRecord:
    held_on: date
    minutes: int
    interrupted: bool
    reflective_minutes: int
    reflective_notes: str = ""
    personal_notes: str = ""


@transaction.atomic
def session_record(
    *,
    session: Session,
    record: SessionRecord,
    actions: list[ActionInput],
    actor: Actor,
    today: date,
) -> Session:
    """Record what happened in a session and book the next one, if none is booked."""
    if session.status in (Session.Status.CANCELLED, Session.Status.MOVED):
        raise SupervisionError("This session was cancelled or moved; record the one that was held.")
    if record.held_on > today:
        raise SupervisionError("The date it was held must be today or in the past.")
    if record.reflective_minutes > record.minutes:
        raise SupervisionError("Reflective time must be no longer than the whole session.")
    first_record = session.status == Session.Status.SCHEDULED
    session.status = Session.Status.HELD
    session.held_on = record.held_on
    session.minutes = record.minutes
    session.interrupted = record.interrupted
    session.reflective_minutes = record.reflective_minutes
    session.reflective_notes = record.reflective_notes
    session.personal_notes = record.personal_notes
    session.registered_supervisor = session.supervisor.registered
    # A changed record needs confirming again, and its own reminder.
    session.confirmed_on = None
    session.reminded_on = None
    session.save()
    Action.objects.bulk_create(
        Action(
            organisation=session.organisation,
            session=session,
            description=a.description,
            owner=a.owner,
            due_on=a.due_on,
        )
        for a in actions
    )
    audit_record(
        organisation=session.organisation,
        actor=actor,
        action="supervision.session_recorded",
        target=session,
        data={
            "held_on": record.held_on.isoformat(),
            "minutes": record.minutes,
            "interrupted": record.interrupted,
            "reflective_minutes": record.reflective_minutes,
            "actions": len(actions),
        },
    )
    if first_record:
        _book_next(session, actor=actor)
    return session


def _book_next(session: Session, *, actor: Actor) -> None:
    agreement = session.agreement
    assert session.held_on is not None
    if Session.objects.filter(
        agreement=agreement, status=Session.Status.SCHEDULED, scheduled_for__gt=session.held_on
    ).exists():
        return
    due = next_due(agreement.frequency, session.held_on)
    if agreement.ends_on is None or due <= agreement.ends_on:
        session_schedule(agreement=agreement, scheduled_for=due, actor=actor)


@transaction.atomic
def session_cancel(
    *, session: Session, reason: str, move_to: date | None, actor: Actor, today: date
) -> Session | None:
    """Cancel a scheduled session, or move it to another date; returns the new session."""
    if session.status != Session.Status.SCHEDULED:
        raise SupervisionError("Only a scheduled session can be cancelled or moved.")
    if not reason.strip():
        raise SupervisionError("Enter why the session is not going ahead.")
    if move_to is not None and move_to < today:
        raise SupervisionError("Choose a new date that is today or later.")
    moved = None
    if move_to is not None:
        moved = session_schedule(agreement=session.agreement, scheduled_for=move_to, actor=actor)
    session.status = Session.Status.MOVED if moved else Session.Status.CANCELLED
    session.change_reason = reason.strip()
    session.moved_to = moved
    session.save(update_fields=["status", "change_reason", "moved_to"])
    audit_record(
        organisation=session.organisation,
        actor=actor,
        action="supervision.session_moved" if moved else "supervision.session_cancelled",
        target=session,
        data={"moved_to": move_to.isoformat() if move_to else None},
    )
    return moved


@transaction.atomic
def session_confirm(*, session: Session, person: Person, actor: Actor, today: date) -> Session:
    """The supervisee agrees the record is a fair account."""
    if session.supervisee_id != person.pk:
        raise SupervisionError("Only the person supervised can confirm the record.")
    if session.status != Session.Status.HELD:
        raise SupervisionError("Only a session that was held can be confirmed.")
    session.confirmed_on = today
    session.save(update_fields=["confirmed_on"])
    audit_record(
        organisation=session.organisation,
        actor=actor,
        action="supervision.session_confirmed",
        target=session,
    )
    return session


@transaction.atomic
def case_discussion_add(
    *, session: Session, case: Case, decision: str, rationale: str, actor: Actor
) -> CaseDiscussion:
    if session.status != Session.Status.HELD:
        raise SupervisionError("Record the session as held before adding case discussions.")
    discussion = CaseDiscussion.objects.create(
        organisation=session.organisation,
        session=session,
        case=case,
        decision=decision,
        rationale=rationale,
    )
    audit_record(
        organisation=session.organisation,
        actor=actor,
        action="supervision.case_discussed",
        target=session,
        data={"case": case.reference},
    )
    return discussion


@transaction.atomic
def action_done(*, action: Action, on: date, actor: Actor) -> Action:
    action.done_on = on
    action.save(update_fields=["done_on"])
    audit_record(
        organisation=action.organisation,
        actor=actor,
        action="supervision.action_done",
        target=action,
    )
    return action


def reminders_send(*, organisation: Organisation, today: date) -> int:
    """Email the supervisor about sessions due within two days or overdue, once
    per session, and the supervisee about a held record waiting for them. The
    emails carry dates and a link, never notes."""
    due = Session.objects.filter(
        organisation=organisation,
        status=Session.Status.SCHEDULED,
        scheduled_for__lte=today + timedelta(days=REMIND_DAYS_AHEAD),
        reminded_on__isnull=True,
    ).select_related("supervisor", "supervisee")
    to_confirm = Session.objects.filter(
        organisation=organisation,
        status=Session.Status.HELD,
        confirmed_on__isnull=True,
        reminded_on__isnull=True,
        held_on__lte=today - timedelta(days=REMIND_DAYS_AHEAD),
    ).select_related("supervisee")
    sent = 0
    for session in due:
        late = session.scheduled_for < today
        sent += _email(
            session.supervisor,
            "Supervision overdue" if late else "Supervision coming up",
            f"Supervision with {session.supervisee.full_name} "
            f"{'was due' if late else 'is booked for'} {session.scheduled_for:%-d %B %Y}. "
            f"Record it, or move it with a reason, at {site_address()}/supervision/schedule/.",
        )
    for session in to_confirm:
        sent += _email(
            session.supervisee,
            "Please confirm your supervision record",
            f"The record of your supervision on {session.held_on:%-d %B %Y} is ready. "
            f"Read and confirm it at {site_address()}/supervision/mine/.",
        )
    Session.objects.filter(
        Q(pk__in=[s.pk for s in due]) | Q(pk__in=[s.pk for s in to_confirm])
    ).update(reminded_on=today)
    return sent


def _email(person: Person, subject: str, body: str) -> int:
    if not person.email:
        return 0
    return send_mail(f"Safe Workload: {subject}", body, None, [person.email])
