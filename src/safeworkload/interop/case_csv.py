"""Read a case-management extract into checked rows, or into errors by row and column.

One row per case, with the worker who holds it now. Nothing here touches the
database: the caller passes in a ``Directory`` of the organisation's teams,
case types and staff, and gets back plain values. Every rule a single row can
break is checked here, including the ones that need the directory (the case
type belongs to the team's service area; a reserved case type only to a
registered worker; a worker in post on the allocated date). Rules that need
the case's history (an allocation may not start before the current one) are
checked by the selector that plans the import.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from safeworkload.caseloads.models import Case
from safeworkload.interop.csvfile import (
    HEADER_ROW,
    CellError,
    Parser,
    Record,
    RowError,
    choice_cell,
    date_cell,
    name_lookup,
    read_records,
    template_text,
    text_cell,
)
from safeworkload.organisations.models import Team

DEFAULT_ALLOCATION_REASON = "Imported from the case system"
TIERS = {"1": 1, "2": 2, "3": 3}


@dataclass(frozen=True)
class CaseTypeFacts:
    code: str
    name: str
    reserved: bool


@dataclass(frozen=True)
class WorkerFacts:
    registered: bool
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class Directory:
    """What a file is checked against: one organisation's records, as plain values."""

    teams: Mapping[str, str]  # team name -> service area
    case_types: Mapping[str, tuple[CaseTypeFacts, ...]]  # service area -> its case types
    workers: Mapping[str, WorkerFacts]  # staff number -> what the rules need
    today: date


@dataclass(frozen=True)
class CaseRow:
    row: int
    values: dict[str, Any]

    @property
    def reference(self) -> str:
        return str(self.values["reference"])


@dataclass(frozen=True)
class ParsedCaseFile:
    rows: tuple[CaseRow, ...] = ()
    errors: tuple[RowError, ...] = ()


def _tier(cell: str) -> int:
    if not cell:
        raise CellError("Enter the tier: 1, 2 or 3")
    if cell not in TIERS:
        raise CellError("Enter a tier of 1, 2 or 3")
    return TIERS[cell]


# The columns, in the order the template gives them. Every one must be in the
# header; the order of columns in a file is free.
PARSERS: dict[str, Parser] = {
    "reference": text_cell(label="Reference", max_length=40, missing="Enter the case reference"),
    # Team and case type are matched against the directory in _resolve below.
    "team": text_cell(
        label="Team name", max_length=120, missing="Enter the name of the team the case is in"
    ),
    "case_type": text_cell(
        label="Case type", max_length=120, missing="Enter the case type's code or name"
    ),
    "tier": _tier,
    "status": choice_cell(label="Status", missing="Enter the status", choices=Case.Status),
    "opened_on": date_cell(label="Opened date", required=True),
    "closed_on": date_cell(label="Closed date", required=False),
    "last_contact_on": date_cell(label="Last contact date", required=False),
    "worker_staff_number": text_cell(label="Worker staff number", max_length=40),
    "allocated_on": date_cell(label="Allocated date", required=False),
    "allocation_reason": text_cell(label="Allocation reason", max_length=200),
}
COLUMNS: tuple[str, ...] = tuple(PARSERS)

EXAMPLE_ROW: dict[str, str] = {
    "reference": "C-104233",
    "team": "Hospital social work",
    "case_type": "care-act-assessment",
    "tier": "2",
    "status": "active",
    "opened_on": "2025-01-06",
    "closed_on": "",
    "last_contact_on": "03/02/2025",
    "worker_staff_number": "S00123",
    "allocated_on": "2025-01-08",
    "allocation_reason": "",
}


def template_csv() -> str:
    """The header row and one fictional example row, for people to fill in."""
    return template_text(columns=COLUMNS, example=EXAMPLE_ROW)


def parse_case_csv(*, text: str, directory: Directory) -> ParsedCaseFile:
    """Check every row of the file; return the rows only when none has an error."""
    records, errors = read_records(text, columns=COLUMNS, kind="case")
    if errors and not records:
        return ParsedCaseFile(errors=tuple(errors))
    rows: list[CaseRow] = []
    first_row_of: dict[str, int] = {}
    team_names = name_lookup(directory.teams.keys())
    for record in records:
        values, row_errors = _row(record, directory, team_names)
        row_errors += _duplicate(record.row, values.get("reference"), first_row_of)
        errors.extend(row_errors)
        if not row_errors:
            rows.append(CaseRow(record.row, values))
    if not rows and not errors:
        errors.append(RowError(HEADER_ROW + 1, None, "Add at least one case below the header"))
    errors.sort(key=lambda error: error.row)
    return ParsedCaseFile(rows=() if errors else tuple(rows), errors=tuple(errors))


def _row(
    record: Record, directory: Directory, team_names: dict[str, str]
) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors = []
    for name, cell in record.cells.items():
        try:
            values[name] = PARSERS[name](cell)
        except CellError as problem:
            errors.append(RowError(record.row, name, str(problem)))
    checks = _Checks(record.row, values, directory, team_names)
    return values, errors + checks.errors


class _Checks:
    """The rules between columns, and against the directory, for one row's parsed values.

    A rule is checked only when the cells it needs have been read: a bad date
    is reported once, as a bad date, not again as out of order.
    """

    def __init__(
        self, row: int, values: dict[str, Any], directory: Directory, team_names: dict[str, str]
    ) -> None:
        self.row, self.values, self.directory = row, values, directory
        self.team_names = team_names
        self.errors: list[RowError] = []
        case_type = self._case_type()
        self._dates()
        self._worker(case_type)

    def _error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def _case_type(self) -> CaseTypeFacts | None:
        values, teams = self.values, self.directory.teams
        if not values.get("team"):
            return None
        names = self.team_names
        team = names.get(values["team"]) or names.get(values["team"].casefold())
        if team is None:
            self._error(
                "team",
                f"There is no team called “{values['team']}”: enter the name of one of your teams",
            )
            return None
        values["team"] = team
        if not values.get("case_type"):
            return None
        try:
            found = find_case_type(values["case_type"], self.directory.case_types, teams[team])
        except CellError as problem:
            self._error("case_type", str(problem))
            return None
        values["case_type"] = found.code
        return found

    def _dates(self) -> None:
        values, today = self.values, self.directory.today
        opened, closed = values.get("opened_on"), values.get("closed_on")
        status = values.get("status")
        for column, label in (
            ("opened_on", "Opened date"),
            ("closed_on", "Closed date"),
            ("last_contact_on", "Last contact date"),
            ("allocated_on", "Allocated date"),
        ):
            if values.get(column) and values[column] > today:
                self._error(column, f"{label} must be today or in the past")
        if status == Case.Status.CLOSED and "closed_on" in values and closed is None:
            self._error("closed_on", "Enter the closed date: the status is closed")
        if status and status != Case.Status.CLOSED and closed is not None:
            self._error("closed_on", "Leave the closed date empty, or enter closed as the status")
        if opened and closed and closed < opened:
            self._error("closed_on", "Closed date must be the same as or after the opened date")
        contact = values.get("last_contact_on")
        if opened and contact and contact < opened:
            self._error(
                "last_contact_on", "Last contact date must be the same as or after the opened date"
            )

    def _worker(self, case_type: CaseTypeFacts | None) -> None:
        values = self.values
        if "worker_staff_number" not in values or "allocated_on" not in values:
            return
        staff_number, allocated_on = values["worker_staff_number"], values["allocated_on"]
        if not staff_number:
            if allocated_on is not None:
                self._error(
                    "allocated_on",
                    "Leave the allocated date empty when there is no worker, "
                    "or enter the worker's staff number",
                )
            values["allocation_reason"] = ""
            return
        if "allocation_reason" in values and not values["allocation_reason"]:
            values["allocation_reason"] = DEFAULT_ALLOCATION_REASON
        if allocated_on is None:
            self._error(
                "allocated_on", "Enter the allocated date: the day the worker took the case"
            )
        else:
            self._allocated_on(allocated_on)
        worker = self.directory.workers.get(staff_number)
        if worker is None:
            self._error(
                "worker_staff_number",
                f"There is nobody with staff number {staff_number} in your staff records: "
                "import them first, or leave the cell empty for an unallocated case",
            )
            return
        if allocated_on is not None and allocated_on < worker.start_date:
            self._error(
                "worker_staff_number",
                f"{staff_number} started on {_shown(worker.start_date)}, after the allocated date",
            )
        if allocated_on is not None and worker.end_date and worker.end_date < allocated_on:
            self._error(
                "worker_staff_number",
                f"{staff_number} left on {_shown(worker.end_date)}, before the allocated date: "
                "a case can only be allocated to someone in post",
            )
        if case_type is not None and case_type.reserved and not worker.registered:
            self._error(
                "worker_staff_number",
                f"{case_type.name} is reserved to registered social workers, "
                f"and {staff_number} is not registered",
            )

    def _allocated_on(self, allocated_on: date) -> None:
        opened, closed = self.values.get("opened_on"), self.values.get("closed_on")
        if opened and allocated_on < opened:
            self._error(
                "allocated_on", "Allocated date must be the same as or after the opened date"
            )
        if closed and allocated_on > closed:
            self._error(
                "allocated_on", "Allocated date must be the same as or before the closed date"
            )


def find_case_type(
    cell: str, case_types: Mapping[str, tuple[CaseTypeFacts, ...]], service_area: str
) -> CaseTypeFacts:
    """The case type of the service area whose code, or else whose name, is ``cell``
    (capitals do not matter); CellError if there is none or the name is ambiguous."""
    area = Team.ServiceArea(service_area).label
    in_area = case_types.get(service_area, ())
    wanted = cell.casefold()
    for case_type in in_area:
        if case_type.code.casefold() == wanted:
            return case_type
    named = [case_type for case_type in in_area if case_type.name.casefold() == wanted]
    if len(named) > 1:
        raise CellError(f"More than one {area} case type is called “{cell}”: enter its code")
    if not named:
        raise CellError(
            f"There is no {area} case type “{cell}”: enter the code or name of one of the "
            "case types for the team's service area"
        )
    return named[0]


def _duplicate(number: int, reference: str | None, first_row_of: dict[str, int]) -> list[RowError]:
    if not reference:
        return []
    first = first_row_of.setdefault(reference, number)
    if first == number:
        return []
    message = f"Case {reference} is already on row {first}: each case must appear once"
    return [RowError(number, "reference", message)]


def _shown(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
