"""What every CSV import shares: reading the file, the header, cells, and errors by row.

Nothing here touches the database or knows what a row is about; the staff and
case readers (``staff_csv``, ``case_csv``) build on it. Row numbers are the
ones a spreadsheet shows, with the header on row 1, so a person fixing the file
can go straight to the cell.
"""

import csv
import io
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models

HEADER_ROW = 1
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class CellError(ValueError):
    """A cell's value cannot be used; the message is shown to the person importing."""


class CsvFileError(ValueError):
    """The file as a whole cannot be read (too large, not UTF-8, empty)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Record:
    """One data row's cells by column name, stripped, with its spreadsheet row number."""

    row: int
    cells: dict[str, str]


Parser = Callable[[str], Any]


# ---------------------------------------------------------------------------
# The file


def file_size_problem(*, size: int, max_bytes: int) -> str | None:
    if size <= max_bytes:
        return None
    limit = f"{max_bytes / 1_000_000:g} MB" if max_bytes >= 1_000_000 else f"{max_bytes:,} bytes"
    return f"The selected file must be {limit} or smaller"


def decode_csv_file(*, data: bytes, max_bytes: int) -> str:
    """The file's text, without a byte order mark; raise CsvFileError if unusable."""
    too_large = file_size_problem(size=len(data), max_bytes=max_bytes)
    if too_large:
        raise CsvFileError(too_large)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError("The selected file must be saved as CSV UTF-8") from None
    if not text.strip():
        raise CsvFileError("The selected file is empty")
    return text


def template_text(*, columns: Collection[str], example: dict[str, str]) -> str:
    """A header row and one example row, for people to fill in."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(example)
    return out.getvalue()


def read_records(
    text: str, *, columns: Collection[str], kind: str
) -> tuple[list[Record], list[RowError]]:
    """Every non-blank data row's cells, or the errors that stop them being read.

    The header must name every one of ``columns``, each once, and nothing else;
    the order is free. If it does not, no row is read. ``kind`` names the import
    in the message for an unknown column ("not a case import column").
    """
    records = enumerate(csv.reader(io.StringIO(text, newline="")), start=HEADER_ROW)
    try:
        _, header = next(records)
    except (StopIteration, csv.Error):
        return [], [RowError(HEADER_ROW, None, "The selected file is empty")]
    header = [name.strip() for name in header]
    errors = header_errors(header, columns=columns, kind=kind)
    if errors:
        return [], errors
    rows: list[Record] = []
    number = HEADER_ROW
    try:
        for number, cells in records:
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue  # a blank line: spreadsheets often leave some at the end
            if len(cells) < len(header) or any(cells[len(header) :]):
                message = f"This row has {len(cells)} cells but the header row has {len(header)}"
                errors.append(RowError(number, None, message))
                continue
            rows.append(Record(number, dict(zip(header, cells, strict=False))))
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


def header_errors(header: list[str], *, columns: Collection[str], kind: str) -> list[RowError]:
    errors = []
    for position, name in enumerate(header, start=1):
        if not name:
            errors.append(RowError(HEADER_ROW, None, f"Column {position} has no name"))
        elif name not in columns:
            errors.append(
                RowError(
                    HEADER_ROW,
                    name,
                    f"Remove the column {name} or correct "
                    f"its name: it is not a {kind} import column",
                )
            )
        elif header.index(name) != position - 1:
            errors.append(RowError(HEADER_ROW, name, f"The column {name} appears more than once"))
    errors.extend(
        RowError(HEADER_ROW, name, f"Add a column named {name}")
        for name in columns
        if name not in header
    )
    return errors


# ---------------------------------------------------------------------------
# Cells


def text_cell(*, label: str, max_length: int, missing: str = "") -> Parser:
    """Free text; ``missing`` is the message for an empty cell, when a value is required."""

    def parse(cell: str) -> str:
        if missing and not cell:
            raise CellError(missing)
        if len(cell) > max_length:
            raise CellError(f"{label} must be {max_length} characters or fewer")
        return cell

    return parse


def choice_cell(*, label: str, missing: str, choices: type[models.TextChoices]) -> Parser:
    """One of ``choices``: people type either the stored value or the label they are shown."""
    known = {value.casefold(): value for value in choices.values}
    known.update({str(text).casefold(): value for value, text in choices.choices})
    listed = ", ".join(choices.values)

    def parse(cell: str) -> str:
        if not cell:
            raise CellError(missing)
        if cell.casefold() not in known:
            raise CellError(f"{label} “{cell}” is not recognised: enter one of {listed}")
        return known[cell.casefold()]

    return parse


def date_cell(*, label: str, required: bool) -> Parser:
    """A date as YYYY-MM-DD or DD/MM/YYYY; None for an empty cell that may be empty."""

    def parse(cell: str) -> date | None:
        if not cell:
            if required:
                raise CellError(f"Enter the {label.lower()}")
            return None
        iso, uk = ISO_DATE.match(cell), UK_DATE.match(cell)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
        elif uk:
            day, month, year = (int(part) for part in uk.groups())
        else:
            raise CellError(
                f"Enter the {label.lower()} as YYYY-MM-DD or DD/MM/YYYY, like 2024-09-02"
            )
        try:
            return date(year, month, day)
        except ValueError:
            raise CellError(f"{label} must be a real date") from None

    return parse


def name_lookup(names: Collection[str]) -> dict[str, str]:
    """For matching a typed name to a stored one: exact names win over ones that
    differ only in capitals."""
    lookup = {name.casefold(): name for name in names}
    lookup.update({name: name for name in names})
    return lookup
