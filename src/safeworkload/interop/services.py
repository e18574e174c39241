"""Staff imports: keep a checked file, then apply it in one transaction.

People are created and changed only through the organisations services, so
each change is validated and audited exactly as one made on the People pages.
"""

from django.db import transaction

from safeworkload.audit.services import Actor
from safeworkload.interop import checked_imports
from safeworkload.interop.checked_imports import ImportClosed, ImportInvalid
from safeworkload.interop.models import StaffImport
from safeworkload.interop.selectors import StaffImportPlan, staff_import_plan
from safeworkload.organisations.models import Organisation
from safeworkload.organisations.services import person_create, person_update


class StaffImportInvalid(ImportInvalid):
    """The file has errors; nothing was written."""

    what = "staff"


class StaffImportClosed(ImportClosed):
    """The import is no longer waiting: applied already (perhaps by a second click) or failed."""


def staff_import_check(
    *, organisation: Organisation, actor: Actor, text: str, file_name: str = ""
) -> StaffImport:
    """Validate the file and keep it for confirmation; keep nothing if any row fails."""
    return checked_imports.import_check(
        StaffImport,
        plan_of=staff_import_plan,
        counts_of=_counts,
        invalid=StaffImportInvalid,
        organisation=organisation,
        actor=actor,
        text=text,
        file_name=file_name,
    )


def staff_import_apply(*, staff_import: StaffImport, actor: Actor) -> StaffImport:
    """Apply a checked import: every row or none, and never twice.

    The file is checked again against the records as they are now, since they
    may have changed since it was uploaded. If it no longer passes, the import
    is marked failed and StaffImportInvalid carries the errors.
    """
    return checked_imports.import_apply(
        staff_import,
        actor=actor,
        plan_of=staff_import_plan,
        write=_write_people,
        counts_of=_counts,
        action="staff_import.applied",
        invalid=StaffImportInvalid,
        closed=StaffImportClosed,
    )


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


def _write_people(plan: StaffImportPlan, *, organisation: Organisation, actor: Actor) -> None:
    for change in plan.to_create:
        with checked_imports.as_row_error(change.row, invalid=StaffImportInvalid):
            person_create(organisation=organisation, actor=actor, **change.values)
    for change in plan.to_update:
        assert change.person is not None  # to_update holds existing people only
        with checked_imports.as_row_error(change.row, invalid=StaffImportInvalid):
            person_update(person=change.person, actor=actor, **change.values)
