"""Breaches of the development-time rights, in the caseload breach register.

Issue 5 point 5: breaches of the 10% development time and of newly qualified
protected time go into the breach register of the caseload standards, so
they get the same deadline, written plan and escalation ladder as a red
caseload. The check, for each social worker in post (``SOCIAL_WORK_ROLES``):

- **Under the 10% development time** (``Breach.Kind.DEVELOPMENT_TIME``): the
  development time recorded in the last 13 weeks is below ``at_least`` of
  10% of contracted hours over those weeks.
- **Newly qualified protected time not given** (``Breach.Kind.PROTECTED_TIME``):
  for the newly qualified, protected development time alone is below
  ``at_least`` of 10% of contracted hours, pro rata.

``at_least`` defaults to ``calc.development.BREACH_BELOW`` (50%): a quarter is
long enough that a fortnight's leave or a week not yet recorded does not open
a breach, and half is low enough that someone getting under 5% of their time
for development does. The tolerance is a parameter of the service, the task
and the management command (``--at-least``), so an organisation that agrees
another with its union can use it.

An open breach is resolved when the figures are back at or above the same
line, or when a protected-time breach's worker is no longer newly qualified.
The caseload register resolves only a breach with a written plan; when the
manager recorded none, the plan recorded is the figures that closed it, so
the timeline says why it closed. A person has one open breach of each kind at
most, so running the check twice opens nothing new.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from safeworkload.calc import development as calc
from safeworkload.caseloads.models import Breach, EscalationLevel
from safeworkload.caseloads.services.breaches import (
    breach_open,
    breach_record_plan,
    breach_resolve,
    escalation_ladder,
)
from safeworkload.entitlements.selectors.development import (
    SOCIAL_WORK_ROLES,
    RecordedHours,
    development_checks,
    development_hours,
)
from safeworkload.organisations.models import Organisation, Person
from safeworkload.organisations.selectors import current_people

KINDS = (Breach.Kind.DEVELOPMENT_TIME, Breach.Kind.PROTECTED_TIME)


@dataclass
class DevelopmentRun:
    checked: int = 0
    opened: list[Breach] = field(default_factory=list)
    resolved: list[Breach] = field(default_factory=list)


def development_breaches_check(
    *,
    organisation: Organisation,
    on: date,
    at_least: Decimal = calc.BREACH_BELOW,
    weeks: int = calc.PERIOD_WEEKS,
) -> DevelopmentRun:
    """Open and resolve the organisation's development-time breaches as of ``on``.

    Reads in a fixed number of queries; each breach opened or resolved is its
    own transaction (as ``breaches_escalate_overdue``), so one failure does
    not undo the others.
    """
    people = list(
        current_people(on=on)
        .filter(organisation=organisation, job_role__in=SOCIAL_WORK_ROLES)
        .select_related("organisation")
        .order_by("pk")
    )
    recorded = development_hours(
        organisation=organisation, person_ids=[p.pk for p in people], on=on, weeks=weeks
    )
    open_breaches = {
        (b.person_id, b.kind): b
        for b in Breach.objects.filter(
            organisation=organisation, status=Breach.Status.OPEN, kind__in=KINDS
        ).select_related("organisation", "person")
    }
    ladder = escalation_ladder(organisation=organisation)
    run = DevelopmentRun(checked=len(people))
    period = f"the {weeks} weeks to {on:%-d %B %Y}"
    for person in people:
        checks = development_checks(
            person, recorded.get(person.pk, RecordedHours()), on=on, weeks=weeks, at_least=at_least
        )
        for kind, check in (
            (Breach.Kind.DEVELOPMENT_TIME, checks.development),
            (Breach.Kind.PROTECTED_TIME, checks.protected),
        ):
            existing = open_breaches.pop((person.pk, kind), None)
            if check is not None and not check.met:
                if existing is None:
                    note = f"{check.why_not}, in {period}"
                    breach = _open(organisation, person, kind, on, note, ladder)
                    if breach is not None:
                        run.opened.append(breach)
            elif existing is not None:
                why = (
                    "no longer newly qualified"
                    if check is None
                    else f"{_plain(check.recorded)} hours recorded in {period}, at or above "
                    f"the {_plain(check.required)} hours needed"
                )
                run.resolved.append(_resolve(existing, why, on))
    # Open breaches of people no longer checked (left, or changed job role).
    for breach in open_breaches.values():
        run.resolved.append(_resolve(breach, "no longer in a social work role in post", on))
    return run


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _open(
    organisation: Organisation,
    person: Person,
    kind: str,
    on: date,
    note: str,
    ladder: list[EscalationLevel],
) -> Breach | None:
    # No percent: the register labels it "capacity when opened", which this is not.
    return breach_open(
        organisation=organisation,
        person=person,
        kind=kind,
        opened_on=on,
        note=note,
        ladder=ladder,
    )


@transaction.atomic
def _resolve(breach: Breach, why: str, on: date) -> Breach:
    if not breach.plan:
        breach_record_plan(
            breach=breach,
            actor=None,
            plan=f"No plan was recorded before the breach closed: {why}.",
            work_removed=False,
            co_worker_added=False,
            case_reallocated=False,
        )
    return breach_resolve(
        breach=breach, actor=None, note=f"Resolved automatically: {why}", today=on
    )
