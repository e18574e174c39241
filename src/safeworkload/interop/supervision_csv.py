"""Read a supervision extract into checked rows, or into errors by row and column.

One row per session, named by the case system's own identifier (``session_ref``).
Nothing here touches the database: the caller passes in a ``Directory`` of the
organisation's staff, and gets back plain values. Every rule a single row can
break is checked here, including the ones that need the directory (both staff
numbers known, two different people). Rules that need the organisation's
supervision agreements (professional supervision from a registered social
worker, for an agreement the import would create) are checked by the selector
that plans the import.

There are no notes columns. Reflective and personal notes are written by the
two people in the room; an extract never carries them.
"""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from safeworkload.interop.csvfile import (
    HEADER_ROW,
    CellError,
    Parser,
    Record,
    RowError,
    choice_cell,
    date_cell,
    read_records,
    template_text,
    text_cell,
)
from safeworkload.interop.staff_csv import FALSE_WORDS, TRUE_WORDS
from safeworkload.supervision.models import Agreement, Session

MAX_MINUTES = 600  # as Session.minutes allows: a working day at most
WHOLE_NUMBER = re.compile(r"^\d+$")
# Columns someone might add from a case system's extract, and why they are refused.
NOTES_COLUMNS = frozenset({"notes", "reflective_notes", "personal_notes", "case_notes"})
NOTES_MESSAGE = (
    "Remove the column {name}: notes are never imported, because they are written "
    "by the two people in the session"
)
# The columns whose cells only a held session may fill.
HELD_ONLY = {
    "held_on": "Held date",
    "minutes": "Minutes",
    "reflective_minutes": "Reflective minutes",
}


@dataclass(frozen=True)
class Directory:
    """What a file is checked against: the staff numbers of one organisation's people."""

    staff_numbers: Collection[str]
    today: date


@dataclass(frozen=True)
class SessionRow:
    row: int
    values: dict[str, Any]

    @property
    def session_ref(self) -> str:
        return str(self.values["session_ref"])

    @property
    def earliest(self) -> date:
        """The first date the row names: when an agreement for it must have begun."""
        dates = [self.values["scheduled_for"], self.values["held_on"]]
        return min(day for day in dates if day is not None)


@dataclass(frozen=True)
class ParsedSupervisionFile:
    rows: tuple[SessionRow, ...] = ()
    errors: tuple[RowError, ...] = ()


def _optional(parse: Parser, *, empty: Any) -> Parser:
    """``parse``, with ``empty`` for an empty cell."""

    def parse_or_empty(cell: str) -> Any:
        return parse(cell) if cell else empty

    return parse_or_empty


def _minutes(*, label: str, low: int) -> Callable[[str], int | None]:
    def parse(cell: str) -> int | None:
        if not cell:
            return None
        if not WHOLE_NUMBER.match(cell):
            raise CellError(f"Enter {label} as a whole number, like 90")
        minutes = int(cell)
        if not low <= minutes <= MAX_MINUTES:
            raise CellError(f"Enter {label} between {low} and {MAX_MINUTES}")
        return minutes

    return parse


def _interrupted(cell: str) -> bool:
    word = cell.casefold()
    if not word or word in FALSE_WORDS:
        return False
    if word in TRUE_WORDS:
        return True
    raise CellError("Enter yes or no for interrupted, or leave it empty for no")


# The columns, in the order the template gives them. Every one must be in the
# header; the order of columns in a file is free.
PARSERS: dict[str, Parser] = {
    "session_ref": text_cell(
        label="Session reference",
        max_length=60,
        missing="Enter the session reference from the case system",
    ),
    # Staff numbers are matched against the directory in _Checks below.
    "supervisee_staff_number": text_cell(
        label="Supervisee staff number",
        max_length=40,
        missing="Enter the staff number of the person supervised",
    ),
    "supervisor_staff_number": text_cell(
        label="Supervisor staff number",
        max_length=40,
        missing="Enter the staff number of the supervisor",
    ),
    "kind": _optional(
        choice_cell(label="Kind", missing="", choices=Agreement.Kind), empty=Agreement.Kind.LINE
    ),
    # Required unless the session was held: then it defaults to the held date.
    "scheduled_for": date_cell(label="Scheduled date", required=False),
    "status": choice_cell(label="Status", missing="Enter the status", choices=Session.Status),
    "held_on": date_cell(label="Held date", required=False),
    "minutes": _minutes(label="minutes", low=1),
    "interrupted": _interrupted,
    "reflective_minutes": _minutes(label="reflective minutes", low=0),
    "change_reason": text_cell(label="Change reason", max_length=300),
}
COLUMNS: tuple[str, ...] = tuple(PARSERS)

EXAMPLE_ROW: dict[str, str] = {
    "session_ref": "SUP-20250106-0042",
    "supervisee_staff_number": "S00123",
    "supervisor_staff_number": "S00045",
    "kind": "line",
    "scheduled_for": "2025-01-06",
    "status": "held",
    "held_on": "06/01/2025",
    "minutes": "90",
    "interrupted": "no",
    "reflective_minutes": "30",
    "change_reason": "",
}


def template_csv() -> str:
    """The header row and one fictional example row, for people to fill in."""
    return template_text(columns=COLUMNS, example=EXAMPLE_ROW)


def parse_supervision_csv(*, text: str, directory: Directory) -> ParsedSupervisionFile:
    """Check every row of the file; return the rows only when none has an error."""
    records, errors = read_records(text, columns=COLUMNS, kind="supervision")
    if errors and not records:
        return ParsedSupervisionFile(errors=tuple(_explain_notes(errors)))
    rows: list[SessionRow] = []
    first_row_of: dict[str, int] = {}
    for record in records:
        values, row_errors = _row(record, directory)
        row_errors += _duplicate(record.row, values.get("session_ref"), first_row_of)
        errors.extend(row_errors)
        if not row_errors:
            rows.append(SessionRow(record.row, values))
    if not rows and not errors:
        errors.append(RowError(HEADER_ROW + 1, None, "Add at least one session below the header"))
    errors.sort(key=lambda error: error.row)
    return ParsedSupervisionFile(rows=() if errors else tuple(rows), errors=tuple(errors))


def _explain_notes(errors: list[RowError]) -> list[RowError]:
    """Say why a notes column is refused, rather than only that it is unknown."""
    return [
        RowError(error.row, error.column, NOTES_MESSAGE.format(name=error.column))
        if error.row == HEADER_ROW and (error.column or "").casefold() in NOTES_COLUMNS
        else error
        for error in errors
    ]


def _row(record: Record, directory: Directory) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors = []
    for name, cell in record.cells.items():
        try:
            values[name] = PARSERS[name](cell)
        except CellError as problem:
            errors.append(RowError(record.row, name, str(problem)))
    return values, errors + _Checks(record.row, values, directory).errors


class _Checks:
    """The rules between columns, and against the directory, for one row's parsed values.

    A rule is checked only when the cells it needs have been read: bad minutes
    are reported once, as bad minutes, not again as longer than the session.
    """

    def __init__(self, row: int, values: dict[str, Any], directory: Directory) -> None:
        self.row, self.values, self.directory = row, values, directory
        self.errors: list[RowError] = []
        self._people()
        status = values.get("status")
        if status == Session.Status.HELD:
            self._held()
        elif status is not None:
            self._not_held(status)
        if "scheduled_for" in values and values["scheduled_for"] is None and status is not None:
            if status == Session.Status.HELD:
                values["scheduled_for"] = values.get("held_on")
            else:
                self._error("scheduled_for", "Enter the scheduled date")

    def _error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def _people(self) -> None:
        staff = self.directory.staff_numbers
        numbers = {}
        for column in ("supervisee_staff_number", "supervisor_staff_number"):
            number = self.values.get(column)
            if not number:
                continue
            if number not in staff:
                self._error(
                    column,
                    f"There is nobody with staff number {number} in your staff records: "
                    "import them first, or correct the staff number",
                )
            else:
                numbers[column] = number
        if len(numbers) == 2 and len(set(numbers.values())) == 1:
            self._error(
                "supervisor_staff_number",
                "Enter a supervisor who is not the person supervised",
            )

    def _held(self) -> None:
        values, today = self.values, self.directory.today
        held_on, minutes = values.get("held_on"), values.get("minutes")
        if "held_on" in values and held_on is None:
            self._error("held_on", "Enter the held date: the status is held")
        if held_on is not None and held_on > today:
            self._error("held_on", "Held date must be today or in the past")
        if "minutes" in values and minutes is None:
            self._error("minutes", "Enter the minutes the session lasted: the status is held")
        reflective = values.get("reflective_minutes")
        if reflective is None and "reflective_minutes" in values:
            values["reflective_minutes"] = reflective = 0
        if minutes is not None and reflective is not None and reflective > minutes:
            self._error(
                "reflective_minutes",
                "Reflective minutes must be no more than the minutes of the whole session",
            )
        self._no_reason("held")

    def _not_held(self, status: str) -> None:
        values = self.values
        for column, label in HELD_ONLY.items():
            if values.get(column) is not None:
                self._error(column, f"Leave the {label.lower()} empty, or enter held as the status")
        if values.get("interrupted"):
            self._error("interrupted", "Leave interrupted empty, or enter held as the status")
        values["reflective_minutes"] = 0
        if status == Session.Status.SCHEDULED:
            self._no_reason(status)
        elif "change_reason" in values and not values["change_reason"]:
            self._error(
                "change_reason",
                f"Enter the change reason: the status is {status}, so say why it did not go ahead",
            )

    def _no_reason(self, status: str) -> None:
        if self.values.get("change_reason"):
            self._error(
                "change_reason",
                f"Leave the change reason empty: the status is {status}. "
                "A reason is for a cancelled or moved session",
            )


def _duplicate(number: int, ref: str | None, first_row_of: dict[str, int]) -> list[RowError]:
    if not ref:
        return []
    first = first_row_of.setdefault(ref, number)
    if first == number:
        return []
    message = f"Session {ref} is already on row {first}: each session must appear once"
    return [RowError(number, "session_ref", message)]
