"""Raising, answering, taking higher and closing a professional concern.

The flow (docs/professional-concerns.md):

    raised -> acknowledged -> answered -> closed
                  \\____________/   |
                                   +-> taken higher: raised again, one or more
                                       rungs up, with a new deadline

- The deadline is ``SAFEWORKLOAD_CONCERN_ANSWER_DAYS`` calendar days from the
  day the concern is raised or taken higher.
- Only the person who raised a concern takes it higher or closes it; they may
  close it at any time (withdrawing it), and take it higher only once it has
  been answered, and only to a higher rung.
- Nobody answers a concern they raised themselves.

Every change writes a ``ConcernEvent`` and an audit entry in the same
transaction. The audit entry holds the level, status and dates, never the
subject, detail or answer.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.concerns.models import Concern, ConcernEvent, Level
from safeworkload.organisations.models import Person

SUBJECT_MAX = 120


class ConcernError(Exception):
    """A change the concern's state does not allow; the message is for the user."""


def answer_deadline(start: date) -> date:
    return start + timedelta(days=settings.SAFEWORKLOAD_CONCERN_ANSWER_DAYS)


def _event(concern: Concern, kind: str, *, actor: Actor, answer: str = "") -> ConcernEvent:
    return ConcernEvent.objects.create(
        concern=concern, kind=kind, level=concern.level, by=signed_in_user(actor), answer=answer
    )


def _audit(concern: Concern, action: str, *, actor: Actor, **data: object) -> None:
    audit_record(
        organisation=concern.organisation,
        actor=actor,
        action=action,
        target=concern,
        data={"level": concern.level, "status": concern.status, **data},
    )


@transaction.atomic
def concern_raise(
    *,
    person: Person,
    actor: Actor,
    subject: str,
    detail: str,
    level: int,
    today: date | None = None,
) -> Concern:
    subject, detail = subject.strip(), detail.strip()
    if not subject:
        raise ConcernError("Enter what your concern is about")
    if not detail:
        raise ConcernError("Enter your concern")
    if level not in Level.values:
        raise ConcernError("Select how high your concern goes")
    today = today or timezone.localdate()
    concern = Concern.objects.create(
        organisation=person.organisation,
        raised_by=person,
        raised_on=today,
        subject=subject[:SUBJECT_MAX],
        detail=detail,
        level=level,
        answer_due_on=answer_deadline(today),
    )
    _event(concern, ConcernEvent.Kind.RAISED, actor=actor)
    _audit(concern, "concern.raised", actor=actor, answer_due_on=concern.answer_due_on.isoformat())
    return concern


def _require_answerer(concern: Concern, actor: Actor) -> None:
    user = signed_in_user(actor)
    if user is not None and concern.raised_by.memberships.filter(user=user).exists():
        raise ConcernError("You raised this concern, so someone else must answer it")


@transaction.atomic
def concern_acknowledge(*, concern: Concern, actor: Actor) -> Concern:
    """Tell the person the concern has reached someone who will answer it."""
    if concern.status != Concern.Status.RAISED:
        raise ConcernError("Only a concern waiting to be acknowledged can be acknowledged")
    _require_answerer(concern, actor)
    concern.status = Concern.Status.ACKNOWLEDGED
    concern.save(update_fields=["status"])
    _event(concern, ConcernEvent.Kind.ACKNOWLEDGED, actor=actor)
    _audit(concern, "concern.acknowledged", actor=actor)
    return concern


@transaction.atomic
def concern_answer(
    *, concern: Concern, actor: Actor, answer: str, today: date | None = None
) -> Concern:
    if concern.status == Concern.Status.CLOSED:
        raise ConcernError("This concern is closed: it can no longer be answered")
    if concern.status == Concern.Status.ANSWERED:
        raise ConcernError("This concern has been answered already")
    _require_answerer(concern, actor)
    answer = answer.strip()
    if not answer:
        raise ConcernError("Enter the answer")
    was_overdue = concern.days_overdue(today) > 0
    concern.status = Concern.Status.ANSWERED
    concern.answer = answer
    concern.answered_by = signed_in_user(actor)
    concern.answered_at = timezone.now()
    concern.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    _event(concern, ConcernEvent.Kind.ANSWERED, actor=actor, answer=answer)
    _audit(concern, "concern.answered", actor=actor, late=was_overdue)
    return concern


@transaction.atomic
def concern_escalate(
    *, concern: Concern, actor: Actor, level: int | None = None, today: date | None = None
) -> Concern:
    """Take an answered concern higher: ``level`` (the next rung when None),
    waiting for a new answer by a new deadline. The earlier answer stays on
    the timeline."""
    if concern.status != Concern.Status.ANSWERED:
        raise ConcernError("You can take a concern higher once it has been answered")
    target = concern.level + 1 if level is None else level
    if target not in Level.values:
        raise ConcernError("This concern is already at the top of the organisation")
    if target <= concern.level:
        raise ConcernError("Choose a level higher than the one that answered")
    today = today or timezone.localdate()
    was = concern.level
    concern.level = target
    concern.status = Concern.Status.RAISED
    concern.answer_due_on = answer_deadline(today)
    concern.answer = ""
    concern.answered_by = None
    concern.answered_at = None
    concern.save(
        update_fields=["level", "status", "answer_due_on", "answer", "answered_by", "answered_at"]
    )
    _event(concern, ConcernEvent.Kind.ESCALATED, actor=actor)
    _audit(
        concern,
        "concern.escalated",
        actor=actor,
        from_level=was,
        answer_due_on=concern.answer_due_on.isoformat(),
    )
    return concern


@transaction.atomic
def concern_close(*, concern: Concern, actor: Actor, today: date | None = None) -> Concern:
    """The person who raised it is done with it: satisfied, or withdrawing it."""
    if concern.status == Concern.Status.CLOSED:
        raise ConcernError("This concern is closed already")
    answered = concern.status == Concern.Status.ANSWERED
    concern.status = Concern.Status.CLOSED
    concern.closed_on = today or timezone.localdate()
    concern.save(update_fields=["status", "closed_on"])
    _event(concern, ConcernEvent.Kind.CLOSED, actor=actor)
    _audit(concern, "concern.closed", actor=actor, after_answer=answered)
    return concern


# ---------------------------------------------------------------------------
# Overdue concerns (the reminder that follows is in ``concerns.reminders``)


def concerns_mark_overdue(*, organisation_id: int, today: date) -> list[Concern]:
    """Mark each concern still waiting for an answer after its deadline, once
    for each deadline. Due today is not overdue. Each in its own transaction."""
    waiting = (
        Concern.objects.filter(
            organisation_id=organisation_id,
            status__in=[Concern.Status.RAISED, Concern.Status.ACKNOWLEDGED],
            answer_due_on__lt=today,
        )
        .select_related("organisation")
        .order_by("answer_due_on", "pk")
    )
    marked = []
    for concern in waiting:
        if concern.overdue_noted_for == concern.answer_due_on:
            continue
        with transaction.atomic():
            concern.overdue_noted_for = concern.answer_due_on
            concern.save(update_fields=["overdue_noted_for"])
            _event(concern, ConcernEvent.Kind.OVERDUE, actor=None)
            _audit(
                concern,
                "concern.overdue",
                actor=None,
                answer_due_on=concern.answer_due_on.isoformat(),
            )
        marked.append(concern)
    return marked
