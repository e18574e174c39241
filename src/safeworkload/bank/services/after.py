"""After the work: timesheets for accepted offers, and the team's decision on them.

A worker submits one timesheet a week for an offer they accepted (hours and
miles); the requesting team approves it, or queries it with a reason that the
worker sees, and the worker can then submit the week again. Only approved
timesheets reach the recharge statements. Every change writes one audit entry
in the same transaction; the audit data records facts (hours, miles, the
week, whether a reason was given), never the free text.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.bank.models import Offer, Timesheet
from safeworkload.caseloads.services.snapshots import monday_of

MAX_HOURS_A_WEEK = Decimal(60)
MAX_MILES_A_WEEK = Decimal(2000)


class TimesheetError(Exception):
    """A change the timesheets do not allow; the message is for the user, and
    ``field`` names the form field it is about (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def weeks_of_offer(offer: Offer) -> list[date]:
    """The Mondays of the weeks the offer's cover runs in."""
    first = monday_of(offer.request.starts_on)
    last = monday_of(offer.request.ends_on)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def _audit(timesheet: Timesheet, action: str, *, actor: Actor, **data: object) -> None:
    audit_record(
        organisation=timesheet.organisation,
        actor=actor,
        action=action,
        target=timesheet,
        data={
            "offer": timesheet.offer_id,
            "week_starting": timesheet.week_starting.isoformat(),
            "hours": str(timesheet.hours),
            "miles": str(timesheet.miles),
            **data,
        },
    )


def _check_week(offer: Offer, week_starting: date, today: date) -> None:
    if offer.status != Offer.Status.ACCEPTED:
        raise TimesheetError("You can only submit a timesheet for an offer you accepted")
    if week_starting not in weeks_of_offer(offer):
        raise TimesheetError("Choose a week the cover runs in", "week_starting")
    if week_starting > today:
        raise TimesheetError("You can submit a week once it has started", "week_starting")


@transaction.atomic
def timesheet_submit(
    *,
    offer: Offer,
    actor: Actor,
    week_starting: date,
    hours: Decimal,
    miles: Decimal,
    today: date | None = None,
) -> Timesheet:
    """Submit a week's hours and miles, or submit again a week the team queried."""
    today = today or timezone.localdate()
    offer = Offer.objects.select_for_update().select_related("request").get(pk=offer.pk)
    _check_week(offer, week_starting, today)
    if hours > MAX_HOURS_A_WEEK:
        raise TimesheetError(f"The number of hours must be {MAX_HOURS_A_WEEK} or less", "hours")
    if miles > MAX_MILES_A_WEEK:
        raise TimesheetError(f"The number of miles must be {MAX_MILES_A_WEEK} or less", "miles")
    existing = Timesheet.objects.filter(offer=offer, week_starting=week_starting).first()
    if existing is not None and existing.status != Timesheet.Status.QUERIED:
        raise TimesheetError("You have submitted this week already", "week_starting")
    if existing is None:
        timesheet = Timesheet.objects.create(
            organisation=offer.organisation,
            offer=offer,
            week_starting=week_starting,
            hours=hours,
            miles=miles,
        )
        _audit(timesheet, "bank.timesheet.submitted", actor=actor)
        return timesheet
    existing.hours, existing.miles = hours, miles
    existing.status = Timesheet.Status.SUBMITTED
    existing.submitted_at = timezone.now()
    existing.decided_by, existing.decided_at = None, None
    existing.save()
    _audit(existing, "bank.timesheet.resubmitted", actor=actor)
    return existing


def _require_submitted(timesheet: Timesheet) -> None:
    if timesheet.status != Timesheet.Status.SUBMITTED:
        raise TimesheetError("This timesheet has been decided already")


@transaction.atomic
def timesheet_approve(*, timesheet: Timesheet, actor: Actor) -> Timesheet:
    """Approve a week: it is charged to the employer on the month's statement."""
    timesheet = Timesheet.objects.select_for_update().get(pk=timesheet.pk)
    _require_submitted(timesheet)
    timesheet.status = Timesheet.Status.APPROVED
    timesheet.decided_by = signed_in_user(actor)
    timesheet.decided_at = timezone.now()
    timesheet.query_reason = ""
    timesheet.save(update_fields=["status", "decided_by", "decided_at", "query_reason"])
    _audit(timesheet, "bank.timesheet.approved", actor=actor)
    return timesheet


@transaction.atomic
def timesheet_query(*, timesheet: Timesheet, actor: Actor, reason: str) -> Timesheet:
    """Send a week back to the worker with a reason; they can submit it again."""
    reason = reason.strip()
    if not reason:
        raise TimesheetError("Enter why you are querying the timesheet", "reason")
    timesheet = Timesheet.objects.select_for_update().get(pk=timesheet.pk)
    _require_submitted(timesheet)
    timesheet.status = Timesheet.Status.QUERIED
    timesheet.decided_by = signed_in_user(actor)
    timesheet.decided_at = timezone.now()
    timesheet.query_reason = reason
    timesheet.save(update_fields=["status", "decided_by", "decided_at", "query_reason"])
    _audit(timesheet, "bank.timesheet.queried", actor=actor, reason_given=True)
    return timesheet
