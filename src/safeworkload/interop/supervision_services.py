"""Supervision imports: keep a checked file, then apply it in one transaction.

Agreements are created through ``supervision.services.agreement_create``, so
they are validated and audited as one made on the supervision pages. Sessions
are written by the two small services here rather than by ``session_schedule``
and ``session_record``: the case system is the record of what happened, so an
imported session may be held, cancelled or moved in the past, and an import
books no next session. Each writes one audit entry naming the session only by
its reference and status: ``supervision.session_imported`` and
``supervision.session_import_updated``. Notes are never read or written here,
and an import sends no email (see ``_reminded_on``).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record
from safeworkload.interop import checked_imports
from safeworkload.interop.checked_imports import ImportClosed, ImportInvalid
from safeworkload.interop.csvfile import RowError
from safeworkload.interop.models import SupervisionImport
from safeworkload.interop.supervision_selectors import (
    RECORD_FIELDS,
    SessionChange,
    SupervisionImportPlan,
    supervision_import_plan,
)
from safeworkload.organisations.models import Organisation
from safeworkload.supervision.models import Agreement, Session
from safeworkload.supervision.services import SupervisionError, agreement_create

# A model field's error, reported against the file's column.
COLUMN_OF = {
    "external_ref": "session_ref",
    "agreement": "supervisor_staff_number",
    "supervisor": "supervisor_staff_number",
    "supervisee": "supervisee_staff_number",
}

AgreementKey = tuple[int, int, str]


class SupervisionImportInvalid(ImportInvalid):
    """The file has errors; nothing was written."""

    what = "supervision"


class SupervisionImportClosed(ImportClosed):
    """The import is no longer waiting: applied already (perhaps by a second click) or failed."""


# ---------------------------------------------------------------------------
# One session at a time


@transaction.atomic
def import_session_create(
    *, agreement: Agreement, actor: Actor, session_ref: str, **fields: Any
) -> Session:
    """Add a session as the case system holds it, on ``agreement``."""
    session = Session(
        organisation=agreement.organisation,
        agreement=agreement,
        supervisee_id=agreement.supervisee_id,
        supervisor_id=agreement.supervisor_id,
        external_ref=session_ref,
        **fields,
    )
    # Judged on the day it is recorded, as session_record does.
    session.registered_supervisor = (
        session.status == Session.Status.HELD and agreement.supervisor.registered
    )
    session.reminded_on = _reminded_on(session)
    session.full_clean()
    session.save()
    audit_record(
        organisation=agreement.organisation,
        actor=actor,
        action="supervision.session_imported",
        target=session,
        data={"session_ref": session_ref, "status": session.status},
    )
    return session


@transaction.atomic
def import_session_update(
    *, session: Session, actor: Actor, agreement: Agreement | None = None, **fields: Any
) -> list[str]:
    """Set the fields that differ, and the agreement if given; return the names of
    what changed (empty when nothing did)."""
    changed = sorted(name for name, value in fields.items() if getattr(session, name) != value)
    for name in changed:
        setattr(session, name, fields[name])
    if agreement is not None and agreement.pk != session.agreement_id:
        session.agreement = agreement
        session.supervisee_id = agreement.supervisee_id
        session.supervisor_id = agreement.supervisor_id
        changed.append("agreement")
    if not changed:
        return []
    saved = [*changed, "supervisee", "supervisor"] if "agreement" in changed else list(changed)
    if RECORD_FIELDS.intersection(changed) or "agreement" in changed:
        # A changed record needs confirming again, as in session_record.
        session.registered_supervisor = (
            session.status == Session.Status.HELD and session.supervisor.registered
        )
        session.confirmed_on = None
        saved += ["registered_supervisor", "confirmed_on"]
    if "scheduled_for" in changed or "status" in changed:
        session.reminded_on = _reminded_on(session)
        saved.append("reminded_on")
    session.full_clean()
    session.save(update_fields=saved)
    audit_record(
        organisation=session.organisation,
        actor=actor,
        action="supervision.session_import_updated",
        target=session,
        data={"session_ref": session.external_ref, "status": session.status, "changed": changed},
    )
    return changed


def _reminded_on(session: Session) -> date | None:
    """Marked as reminded on the day of the import unless it is still to come, so
    that reminders_send does not email about two years of history at once. A
    session booked for a later day is reminded about as usual."""
    today = timezone.localdate()
    if session.status == Session.Status.SCHEDULED and session.scheduled_for >= today:
        return None
    return today


# ---------------------------------------------------------------------------
# The import


def supervision_import_check(
    *, organisation: Organisation, actor: Actor, text: str, file_name: str = ""
) -> SupervisionImport:
    """Validate the file and keep it for confirmation; keep nothing if any row fails."""
    return checked_imports.import_check(
        SupervisionImport,
        plan_of=supervision_import_plan,
        counts_of=_counts,
        invalid=SupervisionImportInvalid,
        organisation=organisation,
        actor=actor,
        text=text,
        file_name=file_name,
    )


def supervision_import_apply(
    *, supervision_import: SupervisionImport, actor: Actor
) -> SupervisionImport:
    """Apply a checked import: every row or none, and never twice.

    The file is checked again against the records as they are now. If it no
    longer passes, the import is marked failed and SupervisionImportInvalid
    carries the errors.
    """
    return checked_imports.import_apply(
        supervision_import,
        actor=actor,
        plan_of=supervision_import_plan,
        write=_write_sessions,
        counts_of=_counts,
        action="supervision_import.applied",
        invalid=SupervisionImportInvalid,
        closed=SupervisionImportClosed,
    )


@transaction.atomic
def supervision_import_run(
    *, organisation: Organisation, actor: Actor, text: str, file_name: str = ""
) -> SupervisionImport:
    """Check and apply in one go, for the command line where there is no page to confirm on."""
    supervision_import = supervision_import_check(
        organisation=organisation, actor=actor, text=text, file_name=file_name
    )
    return supervision_import_apply(supervision_import=supervision_import, actor=actor)


def _counts(plan: SupervisionImportPlan) -> dict[str, int]:
    # In the order the audit entry names them (see checked_imports).
    return {
        "rows": plan.rows,
        "created_count": len(plan.to_create),
        "updated_count": len(plan.to_update),
        "agreements_created_count": len(plan.agreements),
        "unchanged_count": plan.unchanged,
    }


def _write_sessions(
    plan: SupervisionImportPlan, *, organisation: Organisation, actor: Actor
) -> None:
    agreements: dict[AgreementKey, Agreement] = dict(plan.open_agreements)
    for new in plan.agreements:
        pair = new.pair
        with _as_row_error(new.row):
            agreements[pair.key] = agreement_create(
                organisation=organisation,
                supervisee=pair.supervisee,
                supervisor=pair.supervisor,
                kind=pair.kind,
                frequency=new.frequency,
                starts_on=new.starts_on,
                actor=actor,
            )
    for change in plan.changes:
        with _as_row_error(change.row):
            _write_session(change, agreements, actor=actor)


def _write_session(
    change: SessionChange, agreements: dict[AgreementKey, Agreement], *, actor: Actor
) -> None:
    if change.session is None:
        import_session_create(
            agreement=agreements[change.pair.key],
            actor=actor,
            session_ref=change.session_ref,
            **change.values,
        )
        return
    import_session_update(
        session=change.session,
        actor=actor,
        agreement=agreements[change.pair.key] if change.new_pair else None,
        **change.values,
    )


@contextmanager
def _as_row_error(row: int) -> Iterator[None]:
    """checked_imports.as_row_error, and a SupervisionError reported by row too."""
    try:
        with checked_imports.as_row_error(
            row, invalid=SupervisionImportInvalid, column_of=COLUMN_OF
        ):
            yield
    except SupervisionError as problem:
        error = RowError(row, "supervisor_staff_number", str(problem))
        raise SupervisionImportInvalid((error,)) from problem
