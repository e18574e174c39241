"""What importing a supervision extract would do: the plan, worked out without writing anything.

Sessions are matched on ``Session.external_ref`` (the file's ``session_ref``).
Each row's session belongs to the open agreement between its two people of its
kind; where there is none, the import creates one, starting on the earliest
date the file gives for that pair and kind.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

# The case import's batching of IN (...) queries, shared rather than copied.
from safeworkload.interop.case_selectors import _chunks as chunks
from safeworkload.interop.checked_imports import import_applied_before
from safeworkload.interop.csvfile import RowError
from safeworkload.interop.models import SupervisionImport
from safeworkload.interop.supervision_csv import Directory, SessionRow, parse_supervision_csv
from safeworkload.organisations.models import Organisation, Person
from safeworkload.supervision.models import Agreement, Session

# The Session fields a row sets, in the order a change is described.
SESSION_FIELDS = (
    "scheduled_for",
    "status",
    "change_reason",
    "held_on",
    "minutes",
    "interrupted",
    "reflective_minutes",
)
# The fields of a held session's record: a change to any needs confirming again.
RECORD_FIELDS = frozenset({"status", "held_on", "minutes", "interrupted", "reflective_minutes"})


@dataclass(frozen=True)
class Pair:
    """The two people in a supervision agreement, and its kind."""

    supervisee: Person
    supervisor: Person
    kind: str

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.supervisee.pk, self.supervisor.pk, self.kind)


@dataclass(frozen=True)
class NewAgreement:
    """An agreement the import creates, for sessions between two people with none open."""

    pair: Pair
    frequency: str
    starts_on: date
    row: int  # the first row that needs it, where an error in creating it is reported


@dataclass(frozen=True)
class SessionChange:
    """One row that will write: a new session, or the fields of one that differ."""

    row: int
    session_ref: str
    pair: Pair
    values: dict[str, Any]  # every field for a new session; only the changed ones otherwise
    session: Session | None = None
    before: dict[str, Any] = field(default_factory=dict)
    # Whether the session moves to another agreement (other people, or another kind).
    new_pair: bool = False

    @property
    def is_new(self) -> bool:
        return self.session is None


@dataclass(frozen=True)
class SupervisionImportPlan:
    to_create: tuple[SessionChange, ...] = ()
    to_update: tuple[SessionChange, ...] = ()
    unchanged: int = 0
    errors: tuple[RowError, ...] = ()
    agreements: tuple[NewAgreement, ...] = ()
    # The open agreements the sessions go on, by Pair.key (new ones are added when written).
    open_agreements: dict[tuple[int, int, str], Agreement] = field(default_factory=dict)

    @property
    def changes(self) -> tuple[SessionChange, ...]:
        return tuple(sorted(self.to_create + self.to_update, key=lambda change: change.row))

    @property
    def rows(self) -> int:
        return len(self.to_create) + len(self.to_update) + self.unchanged


def supervision_import_plan(
    *, organisation: Organisation, text: str, today: date | None = None
) -> SupervisionImportPlan:
    """What importing ``text`` would do to the organisation's sessions; writes nothing."""
    today = today or timezone.localdate()
    people = {
        person.staff_number: person for person in Person.objects.filter(organisation=organisation)
    }
    parsed = parse_supervision_csv(
        text=text, directory=Directory(staff_numbers=people.keys(), today=today)
    )
    if parsed.errors:
        return SupervisionImportPlan(errors=parsed.errors)
    pairs = {row.row: _pair(row, people) for row in parsed.rows}
    sessions = _sessions(organisation, [row.session_ref for row in parsed.rows])
    # A session already on an agreement between the same two people, of the same
    # kind, stays on it, even if it has since ended; any other needs an open one.
    moving = [
        row for row in parsed.rows if not _same_pair(sessions.get(row.session_ref), pairs, row)
    ]
    moving_rows = {row.row for row in moving}
    open_agreements = _open_agreements(organisation)
    agreements, errors = _new_agreements(moving, pairs, open_agreements)
    if errors:
        return SupervisionImportPlan(errors=tuple(errors))
    to_create, to_update, unchanged = [], [], 0
    for row in parsed.rows:
        pair = pairs[row.row]
        values = {name: row.values[name] for name in SESSION_FIELDS}
        session = sessions.get(row.session_ref)
        if session is None:
            to_create.append(SessionChange(row.row, row.session_ref, pair, values))
            continue
        new_pair = row.row in moving_rows
        changed = {name: value for name, value in values.items() if getattr(session, name) != value}
        if not changed and not new_pair:
            unchanged += 1
            continue
        before = {name: getattr(session, name) for name in changed}
        to_update.append(
            SessionChange(row.row, row.session_ref, pair, changed, session, before, new_pair)
        )
    return SupervisionImportPlan(
        tuple(to_create), tuple(to_update), unchanged, (), tuple(agreements), open_agreements
    )


def supervision_import_applied_before(
    *, supervision_import: SupervisionImport
) -> SupervisionImport | None:
    """The last applied import of the same text, to tell someone they have done this already."""
    return import_applied_before(supervision_import)


def _pair(row: SessionRow, people: dict[str, Person]) -> Pair:
    return Pair(
        people[row.values["supervisee_staff_number"]],
        people[row.values["supervisor_staff_number"]],
        row.values["kind"],
    )


def _same_pair(session: Session | None, pairs: dict[int, Pair], row: SessionRow) -> bool:
    if session is None:
        return False
    agreement = session.agreement
    return (agreement.supervisee_id, agreement.supervisor_id, agreement.kind) == pairs[row.row].key


def _open_agreements(organisation: Organisation) -> dict[tuple[int, int, str], Agreement]:
    """Each pair's open agreement of each kind; the latest to start, if there are several."""
    found: dict[tuple[int, int, str], Agreement] = {}
    agreements = Agreement.objects.filter(organisation=organisation, ends_on__isnull=True)
    for agreement in agreements.order_by("-starts_on", "-id"):
        key = (agreement.supervisee_id, agreement.supervisor_id, agreement.kind)
        found.setdefault(key, agreement)
    return found


def _new_agreements(
    rows: list[SessionRow],
    pairs: dict[int, Pair],
    open_agreements: dict[tuple[int, int, str], Agreement],
) -> tuple[list[NewAgreement], list[RowError]]:
    """The agreements to create, one for each pair and kind with none open, and the
    rows whose agreement could not be created."""
    first_row: dict[tuple[int, int, str], SessionRow] = {}
    starts_on: dict[tuple[int, int, str], date] = {}
    for row in rows:
        key = pairs[row.row].key
        if key in open_agreements:
            continue
        first_row.setdefault(key, row)
        starts_on[key] = min(starts_on.get(key, row.earliest), row.earliest)
    agreements, errors = [], []
    for key, row in first_row.items():
        pair = pairs[row.row]
        if pair.kind == Agreement.Kind.PROFESSIONAL and not pair.supervisor.registered:
            errors.append(
                RowError(
                    row.row,
                    "supervisor_staff_number",
                    f"{pair.supervisor.staff_number} is not a registered social worker, and "
                    "professional supervision must come from one: enter line as the kind, "
                    "or a registered supervisor",
                )
            )
            continue
        frequency = (
            Agreement.Frequency.NEWLY_QUALIFIED
            if pair.supervisee.job_role == Person.JobRole.NEWLY_QUALIFIED
            else Agreement.Frequency.MONTHLY
        )
        agreements.append(NewAgreement(pair, frequency, starts_on[key], row.row))
    return agreements, errors


def _sessions(organisation: Organisation, refs: list[str]) -> dict[str, Session]:
    found: dict[str, Session] = {}
    for chunk in chunks(refs):
        sessions = Session.objects.filter(organisation=organisation, external_ref__in=chunk)
        sessions = sessions.select_related("agreement")
        found.update((session.external_ref, session) for session in sessions)
    return found
