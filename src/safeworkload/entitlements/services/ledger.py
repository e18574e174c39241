"""Writing the extra-hours ledger and development time.

A worker records their own extra hours (asking for pay, time off in lieu, or
nothing), the time off they take and their development time. A manager with
``can_approve_extra_hours`` approves or declines each claim; declining needs a
reason, which the worker sees. Every change writes one audit entry in the same
transaction. The audit data records facts (who, how many hours, what was
asked for, whether a reason was given), never the free text: a reason may
describe a person or a case, and the audit log cannot be erased.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.entitlements.models import DevelopmentTime, ExtraHours, ToilTaken
from safeworkload.entitlements.selectors.ledger import toil_balance
from safeworkload.organisations.models import Person


class LedgerError(Exception):
    """A change the ledger does not allow; the message is for the user, and
    ``field`` names the form field it is about (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _hours_text(hours: Decimal) -> str:
    return f"{hours.normalize():f}"


def _not_in_future(day: date, today: date | None, subject: str, field: str) -> None:
    if day > (today or timezone.localdate()):
        raise LedgerError(f"{subject} must be today or in the past", field)


@transaction.atomic
def extra_hours_record(
    *,
    person: Person,
    actor: Actor,
    worked_on: date,
    hours: Decimal,
    reason: str,
    compensation: str,
    today: date | None = None,
) -> ExtraHours:
    """Record extra hours. A claim for pay or time off waits for a decision;
    hours claimed for nothing are recorded as they are, and count as unpaid."""
    _not_in_future(worked_on, today, "The date you worked", "worked_on")
    unclaimed = compensation == ExtraHours.Compensation.UNCLAIMED
    entry = ExtraHours.objects.create(
        organisation=person.organisation,
        person=person,
        worked_on=worked_on,
        hours=hours,
        reason=reason.strip(),
        compensation=compensation,
        status=ExtraHours.Status.RECORDED if unclaimed else ExtraHours.Status.CLAIMED,
        recorded_by=signed_in_user(actor),
    )
    _audit(entry, "extra_hours.recorded", actor=actor, worked_on=worked_on.isoformat())
    return entry


def _audit(entry: ExtraHours, action: str, *, actor: Actor, **data: object) -> None:
    audit_record(
        organisation=entry.organisation,
        actor=actor,
        action=action,
        target=entry,
        data={
            "person": entry.person_id,
            "hours": str(entry.hours),
            "compensation": entry.compensation,
            **data,
        },
    )


def _require_claimed(entry: ExtraHours) -> None:
    if entry.status != ExtraHours.Status.CLAIMED:
        raise LedgerError(
            "This claim has been decided already"
            if entry.status != ExtraHours.Status.RECORDED
            else "Nothing was claimed for these hours, so there is nothing to decide"
        )


def _decide(entry: ExtraHours, status: str, actor: Actor) -> None:
    entry.status = status
    entry.decided_by = signed_in_user(actor)
    entry.decided_at = timezone.now()


@transaction.atomic
def extra_hours_approve(*, entry: ExtraHours, actor: Actor) -> ExtraHours:
    """Approve a claim: pay to be paid, or time off in lieu added to the balance."""
    entry = ExtraHours.objects.select_for_update().get(pk=entry.pk)
    _require_claimed(entry)
    _decide(entry, ExtraHours.Status.APPROVED, actor)
    entry.save(update_fields=["status", "decided_by", "decided_at"])
    _audit(entry, "extra_hours.approved", actor=actor)
    return entry


@transaction.atomic
def extra_hours_decline(*, entry: ExtraHours, actor: Actor, reason: str) -> ExtraHours:
    """Decline a claim, with a reason for the worker. The hours stay on the
    ledger and count as unpaid: they were worked."""
    reason = reason.strip()
    if not reason:
        raise LedgerError("Enter why you are declining the claim", "reason")
    entry = ExtraHours.objects.select_for_update().get(pk=entry.pk)
    _require_claimed(entry)
    _decide(entry, ExtraHours.Status.DECLINED, actor)
    entry.decline_reason = reason
    entry.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    _audit(entry, "extra_hours.declined", actor=actor, reason_given=True)
    return entry


@transaction.atomic
def toil_take(*, person: Person, actor: Actor, taken_on: date, hours: Decimal) -> ToilTaken:
    """Record time off taken in lieu; no more than the approved balance.

    The person's row is locked so two records at once cannot both spend the
    same balance (PostgreSQL; SQLite serialises writers on its own)."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    balance = toil_balance(person=person)
    if hours > balance:
        if balance <= 0:
            raise LedgerError(
                "You have no approved time off in lieu to take. A claim counts once approved",
                "hours",
            )
        raise LedgerError(
            f"You have {_hours_text(balance)} hours of approved time off in lieu to take: "
            f"enter {_hours_text(balance)} or fewer"
        )
    taken = ToilTaken.objects.create(
        organisation=person.organisation,
        person=person,
        taken_on=taken_on,
        hours=hours,
        recorded_by=signed_in_user(actor),
    )
    audit_record(
        organisation=person.organisation,
        actor=actor,
        action="toil.taken",
        target=taken,
        data={"person": person.pk, "hours": str(hours), "taken_on": taken_on.isoformat()},
    )
    return taken


@transaction.atomic
def development_time_record(
    *,
    person: Person,
    actor: Actor,
    done_on: date,
    hours: Decimal,
    kind: str,
    description: str,
    today: date | None = None,
) -> DevelopmentTime:
    _not_in_future(done_on, today, "The date", "done_on")
    entry = DevelopmentTime.objects.create(
        organisation=person.organisation,
        person=person,
        done_on=done_on,
        hours=hours,
        kind=kind,
        description=description.strip(),
        recorded_by=signed_in_user(actor),
    )
    audit_record(
        organisation=person.organisation,
        actor=actor,
        action="development_time.recorded",
        target=entry,
        data={
            "person": person.pk,
            "hours": str(hours),
            "kind": kind,
            "done_on": done_on.isoformat(),
        },
    )
    return entry
