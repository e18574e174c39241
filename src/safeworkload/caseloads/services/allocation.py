"""Allocating cases through the guard, moving a caseload, and declaring "at capacity".

The guard (issue 4, part 4; reference/01 section 5 item 3): a case goes only to
a worker who may hold it (``selectors.allocation.ineligibility``: reserved work
only to registered social workers, nobody who is leaving, nobody on leave,
nobody outside the organisation), and never above the worker's own ceiling
unless the manager gives a reason and the worker agrees. The manager, the reason and
the agreement are written to the audit log.

Above the ceiling the manager does not allocate: they send an ``AllocationRequest``
naming the worker and the reason (``allocation_request_over_ceiling``); the case
stays in the queue until the worker themself acknowledges it on their own cases
page (``allocation_request_acknowledge``, which runs the guard again at that
moment) or declines it. ``acknowledged_by_worker_at`` records when they agreed.

Audit entries name a case by its pseudonymised reference and people by staff
number; they never carry case detail.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.caseloads.models import (
    Allocation,
    AllocationRequest,
    CapacityDeclaration,
    Case,
)
from safeworkload.caseloads.selectors.allocation import Option, allocation_check, held_cases
from safeworkload.caseloads.services.breaches import breach_open_for_declaration
from safeworkload.organisations.models import Membership, Person

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
    authorised_by: User | None = None,
) -> Allocation:
    """Give a case to a worker through the guard, ending the current holder's spell.

    Raises AllocationRefused if the worker may not hold the case, or if it takes
    them above their ceiling without a reason and their agreement.
    ``unallocated_only`` refuses a case someone else allocated in the meantime.
    ``authorised_by`` is the manager who asked, when the worker's own
    acknowledgement of an ``AllocationRequest`` is what allocates the case.
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
        authorised_by=authorised_by,
    )


def _allocation_write(
    *,
    case: Case,
    option: Option,
    actor: Actor,
    reason: str,
    on: date,
    override_reason: str,
    authorised_by: User | None = None,
) -> Allocation:
    assert option.potential is not None and option.current is not None
    worker, potential = option.worker, option.potential
    over = potential.over_ceiling
    user = signed_in_user(actor)
    authoriser = authorised_by or user
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
        authorised_by=authoriser if over else None,
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
                "authorised_by": authoriser.get_username() if authoriser else "system",
                "worker_agreed": True,
                "worker_agreement_confirmed_by": (
                    "the worker" if authorised_by is not None else "the authorising manager"
                ),
                "worker_agreement_confirmed_at": now.isoformat(),
            },
        )
    _requests_withdraw_for(case=case, actor=actor)
    return allocation


# ---------------------------------------------------------------------------
# Asking a worker to take a case above their ceiling

ONLY_OVER_CEILING = "Allocate the case directly: it does not take the worker above their ceiling"
ALREADY_REQUESTED = "Somebody has already been asked to take this case"
NOT_PENDING = "This request has already been answered or withdrawn"


class RequestRefused(Exception):
    """The request cannot be made or answered; ``errors`` as for AllocationRefused."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def _is_the_worker(actor: Actor, request: AllocationRequest) -> bool:
    user = signed_in_user(actor)
    return (
        user is not None
        and Membership.objects.filter(
            user=user, organisation_id=request.organisation_id, person_id=request.worker_id
        ).exists()
    )


def _lock_request(request: AllocationRequest) -> None:
    list(AllocationRequest.objects.select_for_update().filter(pk=request.pk).values_list("pk"))
    request.refresh_from_db(fields=["status", "responded_at"])
    if request.status != AllocationRequest.Status.PENDING:
        raise RequestRefused({WHOLE_FORM: NOT_PENDING})


@transaction.atomic
def allocation_request_over_ceiling(
    *, case: Case, worker: Person, actor: Actor, reason: str, on: date
) -> AllocationRequest:
    """Ask the worker to take a case that would take them above their ceiling.

    The case stays unallocated until the worker acknowledges. Raises
    AllocationRefused if they may not hold it at all, or if it does not take them
    above their ceiling (allocate it with ``case_allocate`` then), or without a reason.
    """
    _lock(case, worker)
    if case.status == Case.Status.CLOSED:
        raise AllocationRefused({WHOLE_FORM: f"Case {case.reference} is closed"})
    if case.worker_id is not None:
        raise AllocationRefused({WHOLE_FORM: f"Case {case.reference} has been allocated already"})
    option = allocation_check(case=case, worker=worker, on=on)
    if not option.eligible or option.potential is None:
        message = f"{worker.full_name} cannot take case {case.reference}: "
        raise AllocationRefused({WORKER: message + _lower_first(option.why_not)}, option=option)
    if not option.potential.over_ceiling:
        raise AllocationRefused({WHOLE_FORM: ONLY_OVER_CEILING}, option=option)
    reason = reason.strip()
    if not reason:
        raise AllocationRefused({OVERRIDE_REASON: ENTER_OVERRIDE_REASON}, option=option)
    pending = AllocationRequest.objects.select_for_update().filter(
        case=case, status=AllocationRequest.Status.PENDING
    )
    if pending.exists():
        raise AllocationRefused({WHOLE_FORM: ALREADY_REQUESTED}, option=option)
    user = signed_in_user(actor)
    request = AllocationRequest(
        organisation_id=case.organisation_id,
        case=case,
        worker=worker,
        requested_by=user,
        reason=reason,
        potential_percent=option.potential.percent,
    )
    request.full_clean()
    request.save()
    audit_record(
        organisation=worker.organisation,
        actor=actor,
        action="case.allocation_requested_over_ceiling",
        target=request,
        data={
            "case": case.reference,
            "worker": worker.staff_number,
            "manager": user.get_username() if user else "system",
            "reason": reason,
            "potential_percent": str(option.potential.percent),
            "ceiling_percent": option.potential.ceiling_percent,
        },
    )
    return request


@transaction.atomic
def allocation_request_acknowledge(
    *, request: AllocationRequest, actor: Actor, on: date | None = None
) -> Allocation:
    """The named worker agrees: the guard runs again now, and allocates the case.

    Raises RequestRefused unless the actor is the worker named, or the request is
    no longer pending; AllocationRefused if the guard now refuses (the request
    then stays pending, for the worker to decline or the manager to withdraw).
    """
    if not _is_the_worker(actor, request):
        raise RequestRefused({WHOLE_FORM: "Only the worker asked can acknowledge this request"})
    _lock_request(request)
    now = timezone.now()
    request.status = AllocationRequest.Status.ACKNOWLEDGED
    request.responded_at = now
    request.save(update_fields=["status", "responded_at"])
    allocation = case_allocate(
        case=request.case,
        worker=request.worker,
        actor=actor,
        reason="Allocated above the ceiling with the worker's acknowledgement",
        on=on or timezone.localdate(),
        override_reason=request.reason,
        worker_acknowledged=True,
        unallocated_only=True,
        authorised_by=request.requested_by,
    )
    audit_record(
        organisation=request.worker.organisation,
        actor=actor,
        action="case.allocation_acknowledged",
        target=request,
        data={
            "case": request.case.reference,
            "worker": request.worker.staff_number,
            "manager": request.requested_by.get_username() if request.requested_by else None,
            "acknowledged_at": (allocation.acknowledged_by_worker_at or now).isoformat(),
        },
    )
    return allocation


@transaction.atomic
def allocation_request_decline(
    *, request: AllocationRequest, actor: Actor, note: str = ""
) -> AllocationRequest:
    """The named worker says no. The case stays in the queue; the note goes to the
    manager only, never to the audit log."""
    if not _is_the_worker(actor, request):
        raise RequestRefused({WHOLE_FORM: "Only the worker asked can decline this request"})
    _lock_request(request)
    request.status = AllocationRequest.Status.DECLINED
    request.responded_at = timezone.now()
    request.response_note = note.strip()
    request.save(update_fields=["status", "responded_at", "response_note"])
    audit_record(
        organisation=request.worker.organisation,
        actor=actor,
        action="case.allocation_declined",
        target=request,
        data={
            "case": request.case.reference,
            "worker": request.worker.staff_number,
            "with_note": bool(request.response_note),
        },
    )
    return request


@transaction.atomic
def allocation_request_withdraw(*, request: AllocationRequest, actor: Actor) -> AllocationRequest:
    """A manager takes the request back; the case stays in the queue."""
    _lock_request(request)
    _withdraw(request, actor=actor, automatic=False)
    return request


def _withdraw(request: AllocationRequest, *, actor: Actor, automatic: bool) -> None:
    request.status = AllocationRequest.Status.WITHDRAWN
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at"])
    audit_record(
        organisation=request.worker.organisation,
        actor=actor,
        action="case.allocation_request_withdrawn",
        target=request,
        data={
            "case": request.case.reference,
            "worker": request.worker.staff_number,
            "because_allocated": automatic,
        },
    )


def _requests_withdraw_for(*, case: Case, actor: Actor) -> None:
    """Once a case is allocated, nobody is still being asked to take it."""
    pending = AllocationRequest.objects.select_for_update().filter(
        case=case, status=AllocationRequest.Status.PENDING
    )
    for request in pending.select_related("case", "worker__organisation"):
        _withdraw(request, actor=actor, automatic=True)


def _above_ceiling_in_bulk(worker: Person) -> AllocationRefused:
    return AllocationRefused(
        {
            WORKER: f"{worker.full_name} would go above their ceiling. Choose someone else, or "
            "move this case on its own through the allocation guard, which asks them to "
            "acknowledge it"
        }
    )


@transaction.atomic
def caseload_reassign(
    *,
    from_worker: Person,
    to_assignments: Mapping[int, Person],
    actor: Actor,
    reason: str,
    on: date,
) -> list[Allocation]:
    """Move cases a person holds (a leaver's whole caseload, say) to others, each
    through the same guard, all or nothing.

    ``to_assignments`` maps case id to the worker who takes it. A move that would
    take someone above their ceiling is refused: that needs the worker's own
    acknowledgement, asked for case by case through the guard. Every refusal is
    collected, so the caller can show them all; if there is any, nothing moves.
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
                    )
                )
        except AllocationRefused as refused:
            refusals[case_id] = (
                _above_ceiling_in_bulk(worker) if refused.needs_override else refused
            )
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
    override needs a reason and the worker's own acknowledgement: the manager asks
    for it from the guard page instead.
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
            f"their ceiling of {potential.ceiling_percent}%: open the case to ask them, "
            "with a reason, to acknowledge it"
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
