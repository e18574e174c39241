"""Staff imports: keep a checked file, then apply it in one transaction.

People are created and changed only through the organisations services, so
each change is validated and audited exactly as one made on the People pages.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.interop.models import StaffImport
from safeworkload.interop.selectors import StaffImportPlan, staff_import_plan
from safeworkload.interop.staff_csv import RowError
from safeworkload.organisations.models import Organisation
from safeworkload.organisations.services import person_create, person_update


class StaffImportInvalid(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, errors: tuple[RowError, ...]) -> None:
        super().__init__(f"{len(errors)} errors in the staff file")
        self.errors = errors


class StaffImportClosed(Exception):
    """The import is no longer waiting: applied already (perhaps by a second click) or failed."""


def staff_import_check(
    *, organisation: Organisation, actor: Actor, text: str, file_name: str = ""
) -> StaffImport:
    """Validate the file and keep it for confirmation; keep nothing if any row fails."""
    plan = staff_import_plan(organisation=organisation, text=text)
    if plan.errors:
        raise StaffImportInvalid(plan.errors)
    staff_import = StaffImport(
        organisation=organisation,
        file_name=file_name[:255],
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        uploaded_by=signed_in_user(actor),
        uploaded_at=timezone.now(),
        status=StaffImport.Status.CHECKED,
        **_counts(plan),
    )
    staff_import.full_clean()
    staff_import.save()
    return staff_import


def staff_import_apply(*, staff_import: StaffImport, actor: Actor) -> StaffImport:
    """Apply a checked import: every row or none, and never twice.

    The file is checked again against the records as they are now, since they
    may have changed since it was uploaded. If it no longer passes, the import
    is marked failed and StaffImportInvalid carries the errors.
    """
    try:
        with transaction.atomic():
            _claim(staff_import, actor=actor)
            plan = staff_import_plan(organisation=staff_import.organisation, text=staff_import.text)
            if plan.errors:
                raise StaffImportInvalid(plan.errors)
            _write_people(plan, staff_import=staff_import, actor=actor)
            _record_result(plan, staff_import=staff_import, actor=actor)
    except StaffImportInvalid:
        StaffImport.objects.filter(pk=staff_import.pk).update(status=StaffImport.Status.FAILED)
        staff_import.refresh_from_db()
        raise
    return staff_import


@transaction.atomic
def staff_import_run(
    *, organisation: Organisation, actor: Actor, text: str, file_name: str = ""
) -> StaffImport:
    """Check and apply in one go, for the command line where there is no page to confirm on."""
    staff_import = staff_import_check(
        organisation=organisation, actor=actor, text=text, file_name=file_name
    )
    return staff_import_apply(staff_import=staff_import, actor=actor)


def _counts(plan: StaffImportPlan) -> dict[str, int]:
    return {
        "rows": plan.rows,
        "created_count": len(plan.to_create),
        "updated_count": len(plan.to_update),
        "unchanged_count": plan.unchanged,
    }


def _claim(staff_import: StaffImport, *, actor: Actor) -> None:
    # A conditional UPDATE, not a read then a write: of two confirmations sent
    # at once, only one finds the import still checked (on SQLite and PostgreSQL).
    claimed = StaffImport.objects.filter(
        pk=staff_import.pk, status=StaffImport.Status.CHECKED
    ).update(
        status=StaffImport.Status.APPLIED,
        applied_by=signed_in_user(actor),
        applied_at=timezone.now(),
    )
    if not claimed:
        raise StaffImportClosed
    staff_import.refresh_from_db()


def _write_people(plan: StaffImportPlan, *, staff_import: StaffImport, actor: Actor) -> None:
    organisation = staff_import.organisation
    for change in plan.to_create:
        with _as_row_error(change.row):
            person_create(organisation=organisation, actor=actor, **change.values)
    for change in plan.to_update:
        assert change.person is not None  # to_update holds existing people only
        with _as_row_error(change.row):
            person_update(person=change.person, actor=actor, **change.values)


@contextmanager
def _as_row_error(row: int) -> Iterator[None]:
    # The file checks mirror the model's; this catches any rule they miss, so
    # it is still reported by row and the whole import is rolled back.
    try:
        yield
    except ValidationError as invalid:
        errors = tuple(
            RowError(row, None if name == NON_FIELD_ERRORS else name, message)
            for name, messages in invalid.message_dict.items()
            for message in messages
        )
        raise StaffImportInvalid(errors) from invalid


def _record_result(plan: StaffImportPlan, *, staff_import: StaffImport, actor: Actor) -> None:
    counts = _counts(plan)
    for name, value in counts.items():
        setattr(staff_import, name, value)
    staff_import.save(update_fields=list(counts))
    # A file that changes nothing leaves no trace in the audit log, so
    # importing the same extract every night does not bury real changes.
    if plan.to_create or plan.to_update:
        audit_record(
            organisation=staff_import.organisation,
            actor=actor,
            action="staff_import.applied",
            target=staff_import,
            data={
                "created": counts["created_count"],
                "updated": counts["updated_count"],
                "unchanged": counts["unchanged_count"],
                "sha256": staff_import.sha256,
            },
        )
