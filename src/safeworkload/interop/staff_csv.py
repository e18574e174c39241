"""Read a staff CSV extract into checked rows, or into errors by row and column.

Nothing here touches the database: the caller passes in the names of the
organisation's teams, and gets back plain values keyed by ``Person`` field
name. Row numbers are the ones a spreadsheet shows, with the header on row 1,
so a person fixing the file can go straight to the cell.
"""

import csv
import io
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# The file helpers moved to csvfile; the names forms, commands and tests use stay here.
from safeworkload.interop.csvfile import (
    HEADER_ROW,
    CellError,
    Parser,
    RowError,
    file_size_problem,  # noqa: F401
)
from safeworkload.interop.csvfile import CsvFileError as StaffFileError  # noqa: F401
from safeworkload.interop.csvfile import choice_cell as _choice
from safeworkload.interop.csvfile import date_cell as _date
from safeworkload.interop.csvfile import decode_csv_file as decode_staff_file  # noqa: F401
from safeworkload.interop.csvfile import name_lookup as _team_lookup
from safeworkload.interop.csvfile import text_cell as _text
from safeworkload.organisations.models import Person

MIN_HOURS = Decimal("0.5")
MAX_HOURS = Decimal("48")
TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})
HOURS = re.compile(r"^\d+(\.\d+)?$")


@dataclass(frozen=True)
class StaffRow:
    row: int
    values: dict[str, Any]

    @property
    def staff_number(self) -> str:
        return str(self.values["staff_number"])


@dataclass(frozen=True)
class ParsedFile:
    rows: tuple[StaffRow, ...] = ()
    errors: tuple[RowError, ...] = ()


def _email(cell: str) -> str:
    if not cell:
        return ""
    if len(cell) > 254:
        raise CellError("Email address must be 254 characters or fewer")
    try:
        validate_email(cell)
    except ValidationError:
        raise CellError(
            "Enter an email address in the correct format, like name@example.org"
        ) from None
    return cell


def _yes_no(column: str) -> Parser:
    def parse(cell: str) -> bool:
        word = cell.casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(f"Enter yes or no for {column}")

    return parse


def _hours(cell: str) -> Decimal:
    if not cell:
        raise CellError("Enter the contracted hours a week")
    hours = Decimal(cell) if HOURS.match(cell) else None
    if hours is None or not MIN_HOURS <= hours <= MAX_HOURS:
        raise CellError("Enter a number of hours between 0.5 and 48")
    if hours != hours.quantize(Decimal("0.1")):
        raise CellError("Enter a number of hours with no more than 1 decimal place, like 22.5")
    return hours.quantize(Decimal("0.1"))


# The columns, in the order the template gives them. Every one must be in the
# header; the order of columns in a file is free.
PARSERS: dict[str, Parser] = {
    "staff_number": _text(label="Staff number", max_length=40, missing="Enter a staff number"),
    "given_name": _text(label="Given name", max_length=80, missing="Enter a given name"),
    "family_name": _text(label="Family name", max_length=80, missing="Enter a family name"),
    "email": _email,
    # Checked against the organisation's teams in _team below.
    "team": _text(label="Team name", max_length=120),
    "job_role": _choice(label="Job role", missing="Enter a job role", choices=Person.JobRole),
    "qualified": _yes_no("qualified"),
    "registered": _yes_no("registered"),
    "registration_number": _text(label="Registration number", max_length=20),
    "contracted_hours": _hours,
    "qualification_date": _date(label="Qualification date", required=False),
    "start_date": _date(label="Start date", required=True),
    "end_date": _date(label="End date", required=False),
    "employment_type": _choice(
        label="Employment type", missing="Enter an employment type", choices=Person.EmploymentType
    ),
    "grade": _text(label="Grade", max_length=40),
}
COLUMNS: tuple[str, ...] = tuple(PARSERS)

EXAMPLE_ROW: dict[str, str] = {
    "staff_number": "S00123",
    "given_name": "Amara",
    "family_name": "Okafor",
    "email": "amara.okafor@example.org",
    "team": "Hospital social work",
    "job_role": "social_worker",
    "qualified": "yes",
    "registered": "yes",
    "registration_number": "SW123456",
    "contracted_hours": "37",
    "qualification_date": "2018-07-01",
    "start_date": "06/01/2020",
    "end_date": "",
    "employment_type": "Permanent",
    "grade": "Grade 9",
}


def template_csv() -> str:
    """The header row and one fictional example row, for people to fill in."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(EXAMPLE_ROW)
    return out.getvalue()


def parse_staff_csv(*, text: str, team_names: Collection[str]) -> ParsedFile:
    """Check every row of the file; return the rows only when none has an error."""
    records = enumerate(csv.reader(io.StringIO(text, newline="")), start=HEADER_ROW)
    try:
        _, header = next(records)
    except (StopIteration, csv.Error):
        return ParsedFile(errors=(RowError(HEADER_ROW, None, "The selected file is empty"),))
    header = [name.strip() for name in header]
    errors = _header_errors(header)
    if errors:
        return ParsedFile(errors=tuple(errors))
    rows, errors = _rows(records, header=header, teams=_team_lookup(team_names))
    if not rows and not errors:
        errors.append(RowError(HEADER_ROW + 1, None, "Add at least one person below the header"))
    return ParsedFile(rows=() if errors else tuple(rows), errors=tuple(errors))


def _header_errors(header: list[str]) -> list[RowError]:
    errors = []
    for position, name in enumerate(header, start=1):
        if not name:
            errors.append(RowError(HEADER_ROW, None, f"Column {position} has no name"))
        elif name not in PARSERS:
            errors.append(
                RowError(
                    HEADER_ROW,
                    name,
                    f"Remove the column {name} or correct "
                    "its name: it is not a staff import column",
                )
            )
        elif header.index(name) != position - 1:
            errors.append(RowError(HEADER_ROW, name, f"The column {name} appears more than once"))
    errors.extend(
        RowError(HEADER_ROW, name, f"Add a column named {name}")
        for name in COLUMNS
        if name not in header
    )
    return errors


def _rows(
    records: Iterator[tuple[int, list[str]]], *, header: list[str], teams: dict[str, str]
) -> tuple[list[StaffRow], list[RowError]]:
    rows: list[StaffRow] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    number = HEADER_ROW
    try:
        for number, cells in records:
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue  # a blank line: spreadsheets often leave some at the end
            values, row_errors = _row(number, cells, header=header, teams=teams)
            row_errors += _duplicate(number, values.get("staff_number"), first_row_of)
            errors.extend(row_errors)
            if not row_errors:
                rows.append(StaffRow(number, values))
    except csv.Error:
        # Only a cell longer than the csv module's limit gets here; later rows go unread.
        errors.append(
            RowError(
                number + 1,
                None,
                "This row cannot be read: a cell is too long, "
                "perhaps because a quotation mark is not closed",
            )
        )
    return rows, errors


def _row(
    number: int, cells: list[str], *, header: list[str], teams: dict[str, str]
) -> tuple[dict[str, Any], list[RowError]]:
    if len(cells) < len(header) or any(cells[len(header) :]):
        message = f"This row has {len(cells)} cells but the header row has {len(header)}"
        return {}, [RowError(number, None, message)]
    values: dict[str, Any] = {}
    errors = []
    for name, cell in zip(header, cells, strict=False):
        try:
            values[name] = PARSERS[name](cell)
            if name == "team":
                values[name] = _team(values[name], teams)
        except CellError as problem:
            errors.append(RowError(number, name, str(problem)))
    errors.extend(_cross_field_errors(number, values))
    return values, errors


def _cross_field_errors(number: int, values: dict[str, Any]) -> list[RowError]:
    errors = []
    if values.get("registered") and values.get("registration_number") == "":
        errors.append(
            RowError(
                number,
                "registration_number",
                "Enter the registration number, or enter no for registered",
            )
        )
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors.append(
            RowError(number, "end_date", "End date must be the same as or after the start date")
        )
    return errors


def _duplicate(
    number: int, staff_number: str | None, first_row_of: dict[str, int]
) -> list[RowError]:
    if not staff_number:
        return []
    first = first_row_of.setdefault(staff_number, number)
    if first == number:
        return []
    message = f"Staff number {staff_number} is already on row {first}: each person must appear once"
    return [RowError(number, "staff_number", message)]


def _team(cell: str, teams: dict[str, str]) -> str | None:
    if not cell:
        return None
    found = teams.get(cell) or teams.get(cell.casefold())
    if found is None:
        raise CellError(
            f"There is no team called “{cell}”: enter the name of one of "
            "your teams, or leave it empty"
        )
    return found
