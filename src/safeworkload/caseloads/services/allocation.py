"""Allocating cases through the guard, moving a caseload, and declaring "at capacity".

The guard (issue 4, part 4; reference/01 section 5 item 3): a case goes only to
a worker who may hold it (``selectors.allocation.ineligibility``: reserved work
only to registered social workers, nobody who is leaving, nobody on leave,
nobody outside the organisation), and never above the worker's own ceiling
unless the manager gives a reason and confirms the worker has agreed. The manager, the reason and
the agreement are written to the audit log.

In this release the worker's agreement is confirmed by the manager on the
allocation form ("the worker has agreed"); the worker does not yet confirm it
themselves. ``acknowledged_by_worker_at`` records when the manager confirmed it.

Audit entries name a case by its pseudonymised reference and people by staff
number; they never carry case detail.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.caseloads.models import Allocation, CapacityDeclaration, Case
from safeworkload.caseloads.selectors.allocation import Option, allocation_check, held_cases
from safeworkload.caseloads.services.breaches import breach_open_for_declaration
from safeworkload.organisations.models import Person

WORKER = "worker"
OVERRIDE_REASON = "override_reason"
ACKNOWLEDGED = "worker_acknowledged"
WHOLE_FORM = ""

ENTER_OVERRIDE_REASON = "Enter the reason for allocating above the ceiling"
CONFIRM_AGREED = "Confirm the worker has agreed"


class AllocationRefused(Exception):
    """The guard refused. ``errors`` maps a form field (WORKER, OVERRIDE_REASON,
    ACKNOWLEDGED, or WHOLE_FORM) to a message in the GOV.UK voice."""

    def __init__(self, errors: dict[str, str], *, option: Option | None = None) -> None:
        self.errors = errors
        self.option = option
        super().__init__("; ".join(errors.values()))

    @property
    def needs_override(self) -> bool:
        """Refused only for want of the override: the worker may take it with one."""
        return bool(self.errors) and set(self.errors) <= {OVERRIDE_REASON, ACKNOWLEDGED}


class ReassignmentRefused(AllocationRefused):
    """At least one case of a reassignment was refused, so none moved."""

    def __init__(self, refusals: dict[int, AllocationRefused]) -> None:
        self.refusals = refusals
        errors = {str(case_id): str(refused) for case_id, refused in refusals.items()}
        super().__init__(errors)

    @property
    def needs_override(self) -> bool:
        return all(refused.needs_override for refused in self.refusals.values())


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _lock(case: Case, worker: Person) -> None:
    """Lock the worker, then the case, and re-read the case.

    Two managers giving work to the same worker at the same moment must not both
    pass the ceiling check against the same load (PostgreSQL row locks; SQLite
    serialises writers on its own).
    """
    list(Person.objects.select_for_update().filter(pk=worker.pk).values_list("pk"))
    list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk"))
    case.refresh_from_db(fields=["worker", "status", "team", "case_type", "tier"])


@transaction.atomic
def case_allocate(
    *,
    case: Case,
    worker: Person,
    actor: Actor,
    reason: str,
    on: date,
    override_reason: str = "",
    worker_acknowledged: bool = False,
    unallocated_only: bool = False,
) -> Allocation:
    """Give a case to a worker through the guard, ending the current holder's spell.

    Raises AllocationRefused if the worker may not hold the case, or if it takes
    them above their ceiling without a reason and their agreement.
    ``unallocated_only`` refuses a case someone else allocated in the meantime.
    """
    _lock(case, worker)
    if case.status == Case.Status.CLOSED:
        raise AllocationRefused({WHOLE_FORM: f"Case {case.reference} is closed"})
    if unallocated_only and case.worker_id is not None:
        raise AllocationRefused({WHOLE_FORM: f"Case {case.reference} has been allocated already"})
    option = allocation_check(case=case, worker=worker, on=on)
    if not option.eligible or option.potential is None or option.current is None:
        message = f"{worker.full_name} cannot take case {case.reference}: "
        raise AllocationRefused({WORKER: message + _lower_first(option.why_not)}, option=option)
    over = option.potential.over_ceiling
    override_reason = override_reason.strip()
    if over:
        errors = {}
        if not override_reason:
            errors[OVERRIDE_REASON] = ENTER_OVERRIDE_REASON
        if not worker_acknowledged:
            errors[ACKNOWLEDGED] = CONFIRM_AGREED
        if errors:
            raise AllocationRefused(errors, option=option)
    return _allocation_write(
        case=case,
        option=option,
        actor=actor,
        reason=reason,
        on=on,
        override_reason=override_reason if over else "",
    )


def _allocation_write(
    *, case: Case, option: Option, actor: Actor, reason: str, on: date, override_reason: str
) -> Allocation:
    assert option.potential is not None and option.current is not None
    worker, potential = option.worker, option.potential
    over = potential.over_ceiling
    user = signed_in_user(actor)
    now = timezone.now()
    previous = Allocation.objects.filter(case=case, ends_on__isnull=True).first()
    if previous is not None:
        previous.ends_on = max(on, previous.starts_on)
        previous.save(update_fields=["ends_on"])
    allocation = Allocation(
        organisation_id=case.organisation_id,
        case=case,
        worker=worker,
        starts_on=on,
        reason=reason,
        allocated_by=user,
        over_ceiling=over,
        potential_percent=potential.percent if over else None,
        override_reason=override_reason,
        authorised_by=user if over else None,
        acknowledged_by_worker_at=now if over else None,
    )
    allocation.full_clean()
    allocation.save()
    holder_before = case.worker
    case.worker = worker
    case.save(update_fields=["worker"])
    organisation = worker.organisation
    audit_record(
        organisation=organisation,
        actor=actor,
        action="case.allocated",
        target=allocation,
        data={
            "case": case.reference,
            "worker": worker.staff_number,
            "previous_worker": holder_before.staff_number if holder_before else None,
            "capacity_before": str(option.current.percent),
            "capacity_after": str(potential.percent),
            "band_after": potential.band,
            "over_ceiling": over,
        },
    )
    if over:
        audit_record(
            organisation=organisation,
            actor=actor,
            action="case.allocated_over_ceiling",
            target=allocation,
            data={
                "case": case.reference,
                "worker": worker.staff_number,
                "capacity_after": str(potential.percent),
                "ceiling_percent": potential.ceiling_percent,
                "reason": override_reason,
                "authorised_by": user.get_username() if user else "system",
                "worker_agreed": True,
                "worker_agreement_confirmed_by": "the authorising manager",
                "worker_agreement_confirmed_at": now.isoformat(),
            },
        )
    return allocation


@transaction.atomic
def caseload_reassign(
    *,
    from_worker: Person,
    to_assignments: Mapping[int, Person],
    actor: Actor,
    reason: str,
    on: date,
    override_reason: str = "",
    acknowledged: Collection[int] = (),
) -> list[Allocation]:
    """Move cases a person holds (a leaver's whole caseload, say) to others, each
    through the same guard, all or nothing.

    ``to_assignments`` maps case id to the worker who takes it. ``override_reason``
    and ``acknowledged`` (ids of workers who have agreed) are used for any worker
    the move takes above their ceiling. Every refusal is collected, so the caller
    can show them all; if there is any, nothing moves.
    """
    held = {case.pk: case for case in held_cases(person=from_worker)}
    refusals: dict[int, AllocationRefused] = {}
    allocations = []
    for case_id, worker in sorted(to_assignments.items()):
        case = held.get(case_id)
        if case is None:
            refusals[case_id] = AllocationRefused(
                {WHOLE_FORM: f"{from_worker.full_name} does not hold that case"}
            )
            continue
        try:
            with transaction.atomic():
                allocations.append(
                    case_allocate(
                        case=case,
                        worker=worker,
                        actor=actor,
                        reason=reason,
                        on=on,
                        override_reason=override_reason,
                        worker_acknowledged=worker.pk in acknowledged,
                    )
                )
        except AllocationRefused as refused:
            refusals[case_id] = refused
    if refusals:
        raise ReassignmentRefused(refusals)
    if allocations:
        audit_record(
            organisation=from_worker.organisation,
            actor=actor,
            action="caseload.reassigned",
            target=from_worker,
            data={
                "from_worker": from_worker.staff_number,
                "cases": len(allocations),
                "to_workers": sorted({a.worker.staff_number for a in allocations}),
            },
        )
    return allocations


@dataclass(frozen=True)
class LineOutcome:
    """What happened to one accepted line of a suggested allocation."""

    case: Case
    worker: Person
    allocation: Allocation | None
    refusal: str = ""


def suggestion_apply(
    *, lines: Sequence[tuple[Case, Person]], actor: Actor, on: date
) -> list[LineOutcome]:
    """Allocate each accepted (or edited) line of a suggestion through the guard.

    Lines stand or fall alone: a refused line leaves the others allocated. A line
    that would take a worker above their ceiling is refused here, because the
    override needs a reason and the worker's agreement for that case: the manager
    allocates it through the guard page instead.
    """
    outcomes = []
    for case, worker in lines:
        try:
            with transaction.atomic():
                allocation = case_allocate(
                    case=case,
                    worker=worker,
                    actor=actor,
                    reason="Suggested allocation, accepted by the manager",
                    on=on,
                    unallocated_only=True,
                )
        except AllocationRefused as refused:
            outcomes.append(LineOutcome(case, worker, None, _line_refusal(refused, worker)))
        else:
            outcomes.append(LineOutcome(case, worker, allocation))
    return outcomes


def _line_refusal(refused: AllocationRefused, worker: Person) -> str:
    if refused.needs_override and refused.option and refused.option.potential:
        potential = refused.option.potential
        return (
            f"It would take {worker.full_name} to {potential.percent}% of capacity, above "
            f"their ceiling of {potential.ceiling_percent}%: allocate it on its own page, "
            "with a reason and the worker's agreement"
        )
    return str(refused)


@transaction.atomic
def capacity_declare(*, person: Person, actor: Actor, note: str) -> CapacityDeclaration:
    """Record a worker's declaration that they are at capacity, whatever their score.

    The declaration starts a review (the breach register turns it into a breach).
    The note goes to the reviewer only, never to the audit log.
    """
    declaration = CapacityDeclaration(
        organisation_id=person.organisation_id, person=person, note=note.strip()
    )
    declaration.full_clean()
    with transaction.atomic():
        declaration.save()
        audit_record(
            organisation=person.organisation,
            actor=actor,
            action="capacity.declared",
            target=declaration,
            data={"person": person.staff_number, "with_note": bool(declaration.note)},
        )
        breach_open_for_declaration(declaration=declaration, actor=actor)
    return declaration
