"""Case imports: keep a checked file, then apply it in one transaction.

Each change goes through one small service here, which validates the record
and writes one audit entry naming the case only by its pseudonymised
reference: ``case.imported``, ``case.updated``, ``case.allocated`` and
``case.unallocated``.

Imports do not stop at a worker's capacity ceiling, as the allocation guard
does: the case system is the record of what has already happened, and
refusing it would only make this one wrong. The check page says instead who
would end up over their ceiling (``case_import_ceiling_warnings``).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.caseloads.models import Allocation, Case
from safeworkload.caseloads.selectors.capacity import WorkerLoad, worker_loads
from safeworkload.interop import checked_imports
from safeworkload.interop.case_selectors import (
    CASE_FIELDS,
    CaseChange,
    CaseImportPlan,
    case_import_plan,
)
from safeworkload.interop.checked_imports import ImportClosed, ImportInvalid
from safeworkload.interop.models import CaseImport
from safeworkload.organisations.models import Organisation, Person

# A model field's error, reported against the file's column.
COLUMN_OF = {
    "starts_on": "allocated_on",
    "ends_on": "allocated_on",
    "worker": "worker_staff_number",
    "reason": "allocation_reason",
}


class CaseImportInvalid(ImportInvalid):
    """The file has errors; nothing was written."""

    what = "case"


class CaseImportClosed(ImportClosed):
    """The import is no longer waiting: applied already (perhaps by a second click) or failed."""


@dataclass(frozen=True)
class CeilingWarning:
    person: Person
    before: WorkerLoad | None
    after: WorkerLoad


# ---------------------------------------------------------------------------
# One case at a time


@transaction.atomic
def import_case_create(*, organisation: Organisation, actor: Actor, **fields: Any) -> Case:
    """Add a case as the case system holds it; its holder is set by import_case_allocate."""
    case = Case(organisation=organisation, **fields)
    case.full_clean()
    case.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="case.imported",
        target=case,
        data={"case": case.reference},
    )
    return case


@transaction.atomic
def import_case_update(*, case: Case, actor: Actor, **fields: Any) -> list[str]:
    """Set the fields that differ; return their names (empty when nothing did)."""
    changed = sorted(name for name, value in fields.items() if getattr(case, name) != value)
    if not changed:
        return []
    for name in changed:
        setattr(case, name, fields[name])
    case.full_clean()
    case.save(update_fields=changed)
    audit_record(
        organisation=case.organisation,
        actor=actor,
        action="case.updated",
        target=case,
        data={"case": case.reference, "changed": changed},
    )
    return changed


@transaction.atomic
def import_case_allocate(
    *, case: Case, actor: Actor, worker: Person, starts_on: date, reason: str
) -> Allocation:
    """Record that ``worker`` holds the case from ``starts_on``.

    The open allocation, if any, ends that day; the history is kept. Work
    reserved to registered social workers goes only to a registered worker,
    as in the allocation guard. There is no ceiling check (see the module).
    """
    if worker.organisation_id != case.organisation_id:
        raise ValidationError({"worker": "The worker must be in the case's organisation"})
    if case.case_type.reserved and not worker.registered:
        raise ValidationError(
            {"worker": f"{case.case_type.name} is reserved to registered social workers"}
        )
    _end_open_allocation(case, on=starts_on)
    allocation = Allocation(
        organisation=case.organisation,
        case=case,
        worker=worker,
        starts_on=starts_on,
        reason=reason,
        allocated_by=signed_in_user(actor),
    )
    allocation.full_clean(exclude=["allocated_by"])
    allocation.save()
    case.worker = worker
    case.save(update_fields=["worker"])
    audit_record(
        organisation=case.organisation,
        actor=actor,
        action="case.allocated",
        target=allocation,
        data={"case": case.reference},
    )
    return allocation


@transaction.atomic
def import_case_unallocate(*, case: Case, actor: Actor, on: date) -> Allocation | None:
    """Record that nobody holds the case: the open allocation, if any, ends on ``on``."""
    ended = _end_open_allocation(case, on=on)
    case.worker = None
    case.save(update_fields=["worker"])
    audit_record(
        organisation=case.organisation,
        actor=actor,
        action="case.unallocated",
        target=ended or case,
        data={"case": case.reference},
    )
    return ended


def _end_open_allocation(case: Case, *, on: date) -> Allocation | None:
    current = (
        Allocation.objects.select_for_update()
        .filter(organisation=case.organisation, case=case, ends_on__isnull=True)
        .first()
    )
    if current is None:
        return None
    if on < current.starts_on:
        raise ValidationError(
            {"ends_on": "An allocation cannot end before it starts: the history stands"}
        )
    current.ends_on = on
    current.save(update_fields=["ends_on"])
    return current


# ---------------------------------------------------------------------------
# The import


def case_import_check(
    *, organisation: Organisation, actor: Actor, text: str, file_name: str = ""
) -> CaseImport:
    """Validate the file and keep it for confirmation; keep nothing if any row fails."""
    return checked_imports.import_check(
        CaseImport,
        plan_of=case_import_plan,
        counts_of=_counts,
        invalid=CaseImportInvalid,
        organisation=organisation,
        actor=actor,
        text=text,
        file_name=file_name,
    )


def case_import_apply(*, case_import: CaseImport, actor: Actor) -> CaseImport:
    """Apply a checked import: every row or none, and never twice.

    The file is checked again against the records as they are now. If it no
    longer passes, the import is marked failed and CaseImportInvalid carries
    the errors.
    """
    return checked_imports.import_apply(
        case_import,
        actor=actor,
        plan_of=case_import_plan,
        write=_write_cases,
        counts_of=_counts,
        action="case_import.applied",
        invalid=CaseImportInvalid,
        closed=CaseImportClosed,
    )


@transaction.atomic
def case_import_run(
    *, organisation: Organisation, actor: Actor, text: str, file_name: str = ""
) -> CaseImport:
    """Check and apply in one go, for the command line where there is no page to confirm on."""
    case_import = case_import_check(
        organisation=organisation, actor=actor, text=text, file_name=file_name
    )
    return case_import_apply(case_import=case_import, actor=actor)


class _Preview(Exception):
    """Raised to roll the preview's writes back."""


def case_import_ceiling_warnings(
    *, organisation: Organisation, text: str, on: date | None = None
) -> list[CeilingWarning]:
    """The workers importing ``text`` would leave over their capacity ceiling, most loaded first.

    Writes nothing that lasts: the cases are written as the import would leave
    them inside a savepoint, the loads read with the capacity selector, and the
    savepoint rolled back, so the figures are exactly what the allocation
    guard would then see. Only what a load is made of is written (a case's
    holder, type, tier and status), in bulk and without audit entries, so the
    preview stays quick for a large file. Workers whose team has no weighting
    scheme in force are not assessed.
    """
    on = on or timezone.localdate()
    # A plan of its own: the preview changes the records a plan holds.
    plan = case_import_plan(organisation=organisation, text=text)
    people = plan.workers
    if plan.errors or not people:
        return []
    before = worker_loads(people=people, on=on)
    after: dict[int, WorkerLoad] = {}
    try:
        with transaction.atomic():
            _write_loads(plan, organisation=organisation)
            after = worker_loads(people=people, on=on)
            raise _Preview
    except _Preview:
        pass
    warnings = [
        CeilingWarning(person, before.get(person.pk), after[person.pk])
        for person in people
        if person.pk in after and after[person.pk].over_ceiling
    ]
    return sorted(warnings, key=lambda w: (-w.after.percent_of_ceiling, w.person.staff_number))


def _write_loads(plan: CaseImportPlan, *, organisation: Organisation) -> None:
    """The cases as the plan leaves them, for the preview only."""
    Case.objects.bulk_create(
        [
            Case(
                organisation=organisation,
                reference=change.reference,
                worker=change.holder.worker if change.holder else None,
                **change.values,
            )
            for change in plan.to_create
        ],
        batch_size=500,
    )
    updated = []
    for change in plan.to_update:
        assert change.case is not None  # to_update holds existing cases only
        for name, value in change.values.items():
            setattr(change.case, name, value)
        if change.holder is not None:
            change.case.worker = change.holder.worker
        updated.append(change.case)
    Case.objects.bulk_update(updated, [*CASE_FIELDS, "worker"], batch_size=500)


def _counts(plan: CaseImportPlan) -> dict[str, int]:
    # In the order the audit entry names them (see checked_imports).
    return {
        "rows": plan.rows,
        "created_count": len(plan.to_create),
        "updated_count": len(plan.to_update),
        "allocated_count": plan.allocations,
        "unchanged_count": plan.unchanged,
    }


def _write_cases(plan: CaseImportPlan, *, organisation: Organisation, actor: Actor) -> None:
    for change in plan.changes:
        with checked_imports.as_row_error(
            change.row, invalid=CaseImportInvalid, column_of=COLUMN_OF
        ):
            _write_case(change, organisation=organisation, actor=actor)


def _write_case(change: CaseChange, *, organisation: Organisation, actor: Actor) -> None:
    if change.case is None:
        case = import_case_create(
            organisation=organisation, actor=actor, reference=change.reference, **change.values
        )
    else:
        case = change.case
        if change.values:
            import_case_update(case=case, actor=actor, **change.values)
    holder = change.holder
    if holder is None:
        return
    if holder.worker is None:
        import_case_unallocate(case=case, actor=actor, on=holder.on)
    else:
        import_case_allocate(
            case=case, actor=actor, worker=holder.worker, starts_on=holder.on, reason=holder.reason
        )
