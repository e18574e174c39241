"""Recording a sample week.

A person records the hours of one week, by category. Recording a week that
already has a sample replaces it: the person is correcting their own figures.
The week must start on a Monday and must have begun; each figure is 0 to 100
hours in quarter hours, and the week must hold at least a quarter of an hour.

The audit log keeps the fact (whose week, which week, recorded or replaced),
never the hours: a person's week is visible only to them and their supervisor,
and the log is read by others and cannot be erased.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from safeworkload.audit.services import Actor, audit_record
from safeworkload.calc.timeuse import CATEGORY_KEYS, CATEGORY_LABELS
from safeworkload.organisations.models import Person
from safeworkload.timeuse.models import MAX_HOURS, TimeSample

RECORDED = "timeuse.sample_recorded"
REPLACED = "timeuse.sample_replaced"
QUARTER = Decimal("0.25")
HOURS_IN_A_WEEK = Decimal(168)


class SampleRefused(Exception):
    """A sample refused; ``field`` names the form field, or ""."""

    def __init__(self, message: str, *, field: str = "") -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Recorded:
    sample: TimeSample
    replaced: bool


def hours_problem(label: str, value: Decimal) -> str:
    """The GOV.UK error for one category's hours, or "" when they are fine."""
    name = label[0].lower() + label[1:]
    if value < 0:
        return f"Hours for {name} must be 0 or more"
    if value > MAX_HOURS:
        return f"Hours for {name} must be {MAX_HOURS} or fewer"
    if value % QUARTER:
        return f"Enter hours for {name} in quarter hours, like 7.25 or 7.5"
    return ""


def _check(hours: Mapping[str, Decimal], week_starting: date, today: date) -> None:
    if week_starting.weekday() != 0:
        raise SampleRefused("The week must start on a Monday", field="week_starting")
    if week_starting > today:
        raise SampleRefused("The week must have started already", field="week_starting")
    unknown = set(hours) - set(CATEGORY_KEYS)
    if unknown:
        raise SampleRefused(f"Unknown categories: {', '.join(sorted(unknown))}")
    for key, value in hours.items():
        problem = hours_problem(CATEGORY_LABELS[key], value)
        if problem:
            raise SampleRefused(problem, field=key)
    total = sum(hours.values(), Decimal(0))
    if total == 0:
        raise SampleRefused("Enter the hours for at least one kind of work", field=CATEGORY_KEYS[0])
    if total > HOURS_IN_A_WEEK:
        raise SampleRefused(f"The hours add up to {total}: a week has only 168 hours")


@transaction.atomic
def time_sample_record(
    *,
    person: Person,
    week_starting: date,
    hours: Mapping[str, Decimal],
    actor: Actor,
    today: date,
) -> Recorded:
    """Record, or replace, the person's sample for the week starting on a Monday.

    The person's contracted hours and team today are copied onto the sample. Raises
    SampleRefused for a week that is not a Monday or has not started, for
    hours outside 0 to 100 or not in quarter hours, and for an empty week.
    """
    _check(hours, week_starting, today)
    values = {key: hours.get(key, Decimal(0)) for key in CATEGORY_KEYS}
    existing = (
        TimeSample.objects.select_for_update()
        .filter(organisation=person.organisation, person=person, week_starting=week_starting)
        .first()
    )
    sample = existing or TimeSample(
        organisation=person.organisation, person=person, week_starting=week_starting
    )
    for key, value in values.items():
        setattr(sample, key, value)
    sample.contracted_hours = person.contracted_hours
    sample.team_id = person.team_id
    sample.recorded_on = today
    sample.full_clean(validate_unique=False)
    sample.save()
    audit_record(
        organisation=person.organisation,
        actor=actor,
        action=REPLACED if existing else RECORDED,
        target=sample,
        data={"person": person.pk, "week_starting": week_starting.isoformat()},
    )
    return Recorded(sample, replaced=existing is not None)
