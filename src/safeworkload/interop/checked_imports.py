"""What staff and case imports share: keep a checked file, then apply it once, in one transaction.

An import is checked when it is uploaded and kept only if every row passes.
Applying it claims it (checked to applied, at most once), plans it again
against the records as they are now, writes, and records the counts; if the
file no longer passes, the import is marked failed. The staff and case
services (``services``, ``case_services``) give the plan, the writes and the
names; the steps are here.
"""

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Protocol, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.interop.csvfile import RowError
from safeworkload.interop.models import CheckedImport
from safeworkload.organisations.models import Organisation


class ImportInvalid(Exception):
    """The file has errors; nothing was written."""

    # The kind of file, as in "3 errors in the staff file".
    what = "import"

    def __init__(self, errors: tuple[RowError, ...]) -> None:
        super().__init__(f"{len(errors)} errors in the {self.what} file")
        self.errors = errors


class ImportClosed(Exception):
    """The import is no longer waiting: applied already (perhaps by a second click) or failed."""


class Plan(Protocol):
    """What a staff or case plan offers the shared steps."""

    @property
    def to_create(self) -> Sequence[object]: ...

    @property
    def to_update(self) -> Sequence[object]: ...

    @property
    def errors(self) -> tuple[RowError, ...]: ...


ImportT = TypeVar("ImportT", bound=CheckedImport)
PlanT = TypeVar("PlanT", bound=Plan)
PlanT_contra = TypeVar("PlanT_contra", bound=Plan, contravariant=True)


class Write(Protocol[PlanT_contra]):
    """Makes a plan's changes, raising the import's ImportInvalid for a row that fails."""

    def __call__(self, plan: PlanT_contra, *, organisation: Organisation, actor: Actor) -> None: ...


# plan_of(organisation=..., text=...): what importing the text would do, writing nothing.
PlanOf = Callable[..., PlanT]
# counts_of(plan): the import's count fields (rows, created_count, ...) and their values.
CountsOf = Callable[[PlanT], dict[str, int]]


def import_check(
    model: type[ImportT],
    *,
    plan_of: PlanOf[PlanT],
    counts_of: CountsOf[PlanT],
    invalid: type[ImportInvalid],
    organisation: Organisation,
    actor: Actor,
    text: str,
    file_name: str,
) -> ImportT:
    """Validate the file and keep it for confirmation; keep nothing if any row fails."""
    plan = plan_of(organisation=organisation, text=text)
    if plan.errors:
        raise invalid(plan.errors)
    checked = model(
        organisation=organisation,
        file_name=file_name[:255],
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        uploaded_by=signed_in_user(actor),
        uploaded_at=timezone.now(),
        status=model.Status.CHECKED,
        **counts_of(plan),
    )
    checked.full_clean()
    checked.save()
    return checked


def import_apply(
    checked: ImportT,
    *,
    actor: Actor,
    plan_of: PlanOf[PlanT],
    write: Write[PlanT],
    counts_of: CountsOf[PlanT],
    action: str,
    invalid: type[ImportInvalid],
    closed: type[ImportClosed],
) -> ImportT:
    """Apply a checked import: every row or none, and never twice.

    ``write`` makes the plan's changes, raising ``invalid`` for a row that
    fails. If the file no longer passes, the import is marked failed and
    ``invalid`` carries the errors; if it is no longer waiting, ``closed``.
    """
    model = type(checked)
    try:
        with transaction.atomic():
            _claim(checked, actor=actor, closed=closed)
            plan = plan_of(organisation=checked.organisation, text=checked.text)
            if plan.errors:
                raise invalid(plan.errors)
            write(plan, organisation=checked.organisation, actor=actor)
            _record_result(
                plan, checked=checked, actor=actor, counts=counts_of(plan), action=action
            )
    except invalid:
        model._default_manager.filter(pk=checked.pk).update(status=model.Status.FAILED)
        checked.refresh_from_db()
        raise
    return checked


def import_applied_before(checked: ImportT) -> ImportT | None:
    """The last applied import of the same text, to tell someone they have done this already."""
    model = type(checked)
    return (
        model._default_manager.filter(
            organisation=checked.organisation,
            sha256=checked.sha256,
            status=model.Status.APPLIED,
        )
        .exclude(pk=checked.pk)
        .order_by("-applied_at")
        .first()
    )


@contextmanager
def as_row_error(
    row: int, *, invalid: type[ImportInvalid], column_of: Mapping[str, str] | None = None
) -> Iterator[None]:
    """Report a model's ValidationError against the row, as ``invalid``.

    The file checks mirror the models'; this catches any rule they miss, so it
    is still reported by row and the whole import is rolled back. A field's
    error is reported against ``column_of[field]`` where the file's column has
    another name.
    """
    column_of = column_of or {}
    try:
        yield
    except ValidationError as problem:
        errors = tuple(
            RowError(row, None if name == NON_FIELD_ERRORS else column_of.get(name, name), message)
            for name, messages in problem.message_dict.items()
            for message in messages
        )
        raise invalid(errors) from problem


def _claim(checked: CheckedImport, *, actor: Actor, closed: type[ImportClosed]) -> None:
    # A conditional UPDATE, not a read then a write: of two confirmations sent
    # at once, only one finds the import still checked (on SQLite and PostgreSQL).
    model = type(checked)
    claimed = model._default_manager.filter(pk=checked.pk, status=model.Status.CHECKED).update(
        status=model.Status.APPLIED,
        applied_by=signed_in_user(actor),
        applied_at=timezone.now(),
    )
    if not claimed:
        raise closed
    checked.refresh_from_db()


def _record_result(
    plan: Plan, *, checked: CheckedImport, actor: Actor, counts: dict[str, int], action: str
) -> None:
    for name, value in counts.items():
        setattr(checked, name, value)
    checked.save(update_fields=list(counts))
    # A file that changes nothing leaves no trace in the audit log, so
    # importing the same extract every night does not bury real changes.
    if plan.to_create or plan.to_update:
        audit_record(
            organisation=checked.organisation,
            actor=actor,
            action=action,
            target=checked,
            data={
                # created_count as "created", and so on, in the order of the counts.
                **{
                    name.removesuffix("_count"): value
                    for name, value in counts.items()
                    if name != "rows"
                },
                "sha256": checked.sha256,
            },
        )
