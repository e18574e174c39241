"""What importing a case extract would do: the plan, worked out without writing anything."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from safeworkload.caseloads.models import Allocation, Case, CaseType
from safeworkload.core.govuk import format_date
from safeworkload.interop.case_csv import (
    CaseRow,
    CaseTypeFacts,
    Directory,
    WorkerFacts,
    parse_case_csv,
)
from safeworkload.interop.checked_imports import import_applied_before
from safeworkload.interop.csvfile import RowError
from safeworkload.interop.models import CaseImport
from safeworkload.organisations.models import Organisation, Person, Team

# The Case fields a row sets, in the order a change is described.
CASE_FIELDS = (
    "team",
    "case_type",
    "tier",
    "status",
    "opened_on",
    "closed_on",
    "last_contact_on",
)
# Bound on the parameters of one IN (...) query: SQLite allows 32,766, older builds 999.
CHUNK = 900


@dataclass(frozen=True)
class HolderChange:
    """The case changes hands: the open allocation, if any, ends and, if there is a
    new worker, a new allocation starts the same day."""

    worker: Person | None  # None: the case becomes unallocated
    previous: Person | None
    on: date  # the new allocation's start, or the day the old one ends
    reason: str = ""


@dataclass(frozen=True)
class CaseChange:
    """One row that will write: a new case, or the fields and holder of one that differ."""

    row: int
    reference: str
    values: dict[str, Any]  # every Case field for a new case; only the changed ones otherwise
    case: Case | None = None
    before: dict[str, Any] = field(default_factory=dict)
    holder: HolderChange | None = None

    @property
    def is_new(self) -> bool:
        return self.case is None


@dataclass(frozen=True)
class CaseImportPlan:
    to_create: tuple[CaseChange, ...] = ()
    to_update: tuple[CaseChange, ...] = ()
    unchanged: int = 0
    errors: tuple[RowError, ...] = ()

    @property
    def changes(self) -> tuple[CaseChange, ...]:
        return tuple(sorted(self.to_create + self.to_update, key=lambda change: change.row))

    @property
    def rows(self) -> int:
        return len(self.to_create) + len(self.to_update) + self.unchanged

    @property
    def allocations(self) -> int:
        """New allocations the import will open."""
        return sum(1 for c in self.changes if c.holder is not None and c.holder.worker is not None)

    @property
    def workers(self) -> list[Person]:
        """Everyone whose caseload the import changes: new holders, previous holders,
        and the holders of cases whose type, tier or status changes."""
        people: dict[int, Person] = {}
        for change in self.changes:
            candidates = [change.holder.worker, change.holder.previous] if change.holder else []
            if change.case is not None and change.case.worker is not None:
                candidates.append(change.case.worker)
            people.update({person.pk: person for person in candidates if person is not None})
        return list(people.values())


def case_import_plan(
    *, organisation: Organisation, text: str, today: date | None = None
) -> CaseImportPlan:
    """What importing ``text`` would do to the organisation's cases; writes nothing."""
    today = today or timezone.localdate()
    teams = {team.name: team for team in Team.objects.filter(organisation=organisation)}
    case_types = list(CaseType.objects.filter(organisation=organisation))
    people = {
        person.staff_number: person for person in Person.objects.filter(organisation=organisation)
    }
    parsed = parse_case_csv(
        text=text, directory=_directory(teams, case_types, people.values(), today)
    )
    if parsed.errors:
        return CaseImportPlan(errors=parsed.errors)
    by_code = {(t.service_area, t.code): t for t in case_types}
    cases = _cases(organisation, [row.reference for row in parsed.rows])
    latest = _latest_allocations(organisation, cases.values())
    to_create, to_update, unchanged, errors = [], [], 0, []
    for row in parsed.rows:
        team = teams[row.values["team"]]
        values = {
            **{name: row.values[name] for name in CASE_FIELDS},
            "team": team,
            "case_type": by_code[(team.service_area, row.values["case_type"])],
        }
        worker = people.get(row.values["worker_staff_number"])
        case = cases.get(row.reference)
        if case is None:
            holder = _new_holder(row, worker)
            to_create.append(CaseChange(row.row, row.reference, values, holder=holder))
            continue
        try:
            holder = _holder_change(row, case, worker, latest.get(case.pk), today)
        except _HistoryError as problem:
            errors.append(RowError(row.row, "allocated_on", str(problem)))
            continue
        changed = {name: value for name, value in values.items() if getattr(case, name) != value}
        if not changed and holder is None:
            unchanged += 1
            continue
        before = {name: getattr(case, name) for name in changed}
        to_update.append(CaseChange(row.row, row.reference, changed, case, before, holder))
    if errors:
        return CaseImportPlan(errors=tuple(errors))
    return CaseImportPlan(tuple(to_create), tuple(to_update), unchanged)


def case_import_applied_before(*, case_import: CaseImport) -> CaseImport | None:
    """The last applied import of the same text, to tell someone they have done this already."""
    return import_applied_before(case_import)


def _directory(
    teams: dict[str, Team], case_types: list[CaseType], people: Iterable[Person], today: date
) -> Directory:
    by_area: dict[str, list[CaseTypeFacts]] = {}
    for case_type in case_types:
        facts = CaseTypeFacts(case_type.code, case_type.name, case_type.reserved)
        by_area.setdefault(case_type.service_area, []).append(facts)
    return Directory(
        teams={name: team.service_area for name, team in teams.items()},
        case_types={area: tuple(facts) for area, facts in by_area.items()},
        workers={
            person.staff_number: WorkerFacts(person.registered, person.start_date, person.end_date)
            for person in people
        },
        today=today,
    )


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _cases(organisation: Organisation, references: list[str]) -> dict[str, Case]:
    found: dict[str, Case] = {}
    for chunk in _chunks(references):
        cases = Case.objects.filter(organisation=organisation, reference__in=chunk)
        found.update(
            (case.reference, case) for case in cases.select_related("team", "case_type", "worker")
        )
    return found


def _latest_allocations(organisation: Organisation, cases: Iterable[Case]) -> dict[int, Allocation]:
    """Each case's most recent allocation: the open one, or the last to end."""
    latest: dict[int, Allocation] = {}
    for chunk in _chunks([case.pk for case in cases]):
        allocations = Allocation.objects.filter(organisation=organisation, case_id__in=chunk)
        for allocation in allocations.order_by("case_id", "-starts_on", "-id"):
            latest.setdefault(allocation.case_id, allocation)
    return latest


class _HistoryError(ValueError):
    """The row's allocation would overlap the case's recorded history."""


def _new_holder(row: CaseRow, worker: Person | None) -> HolderChange | None:
    if worker is None:
        return None
    return HolderChange(worker, None, row.values["allocated_on"], row.values["allocation_reason"])


def _holder_change(
    row: CaseRow, case: Case, worker: Person | None, latest: Allocation | None, today: date
) -> HolderChange | None:
    """How the holder changes, if at all. Still held by the same worker: no change,
    whatever allocated_on says, since the spell already recorded stands."""
    if worker == case.worker:
        return None
    if worker is None:
        # Unallocated in the case system: the spell ends on the closed date, or today.
        closed_on = row.values["closed_on"]
        ends_on = closed_on if closed_on is not None else today
        if latest is not None and latest.ends_on is None:
            ends_on = max(ends_on, latest.starts_on)
        return HolderChange(None, case.worker, ends_on)
    starts_on: date = row.values["allocated_on"]
    if latest is not None:
        since = latest.starts_on if latest.ends_on is None else latest.ends_on
        if starts_on < since:
            when = "started" if latest.ends_on is None else "ended"
            raise _HistoryError(
                f"Allocated date must be on or after {format_date(since)}, when the case's "
                f"last allocation {when}: the history of who held it cannot be rewritten"
            )
    return HolderChange(worker, case.worker, starts_on, row.values["allocation_reason"])
