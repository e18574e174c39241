"""Records for the entitlements tests."""

from datetime import date
from decimal import Decimal

from safeworkload.entitlements.models import DevelopmentTime, ExtraHours, ToilTaken
from safeworkload.organisations.models import Person


def extra(
    person: Person,
    worked_on: date,
    hours: str,
    compensation: str = ExtraHours.Compensation.TOIL,
    status: str | None = None,
) -> ExtraHours:
    if status is None:
        unclaimed = compensation == ExtraHours.Compensation.UNCLAIMED
        status = ExtraHours.Status.RECORDED if unclaimed else ExtraHours.Status.CLAIMED
    return ExtraHours.objects.create(
        organisation=person.organisation,
        person=person,
        worked_on=worked_on,
        hours=Decimal(hours),
        reason="A late visit",
        compensation=compensation,
        status=status,
        decline_reason="Not agreed" if status == ExtraHours.Status.DECLINED else "",
    )


def taken(person: Person, taken_on: date, hours: str) -> ToilTaken:
    return ToilTaken.objects.create(
        organisation=person.organisation, person=person, taken_on=taken_on, hours=Decimal(hours)
    )


def development(
    person: Person, done_on: date, hours: str, kind: str = DevelopmentTime.Kind.CPD
) -> DevelopmentTime:
    return DevelopmentTime.objects.create(
        organisation=person.organisation,
        person=person,
        done_on=done_on,
        hours=Decimal(hours),
        kind=kind,
        description="Training",
    )
