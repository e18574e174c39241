"""Reading a supervision file: every column's accepted values and its errors, by row and column.

The helpers at the top (``session_row``, ``supervision_csv``) build files for the
other supervision import tests too.
"""

import csv
import io
from datetime import date

import pytest

from safeworkload.interop.csvfile import RowError
from safeworkload.interop.supervision_csv import (
    COLUMNS,
    EXAMPLE_ROW,
    Directory,
    parse_supervision_csv,
    template_csv,
)

GOOD_ROW: dict[str, str] = {
    "session_ref": "SUP-1",
    "supervisee_staff_number": "W1",
    "supervisor_staff_number": "M1",
    "kind": "line",
    "scheduled_for": "2025-03-03",
    "status": "held",
    "held_on": "2025-03-03",
    "minutes": "90",
    "interrupted": "no",
    "reflective_minutes": "30",
    "change_reason": "",
}
# The cells a session that was not held leaves empty.
NOT_HELD = {"held_on": "", "minutes": "", "interrupted": "", "reflective_minutes": ""}


def session_row(**overrides: str) -> dict[str, str]:
    return {**GOOD_ROW, **overrides}


def cancelled_row(**overrides: str) -> dict[str, str]:
    cancelled = {**NOT_HELD, "status": "cancelled", "change_reason": "Supervisor off sick"}
    return session_row(**{**cancelled, **overrides})


def supervision_csv(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


TODAY = date(2025, 6, 30)
DIRECTORY = Directory(staff_numbers={"W1", "W2", "M1", "M2"}, today=TODAY)


def parse(*rows: dict[str, str]):
    return parse_supervision_csv(text=supervision_csv(*rows), directory=DIRECTORY)


def parse_row(**overrides: str):
    return parse(session_row(**overrides))


GOOD_VALUES = [
    ({"session_ref": "  SUP-9  "}, "session_ref", "SUP-9"),
    ({"session_ref": "R" * 60}, "session_ref", "R" * 60),
    ({"kind": ""}, "kind", "line"),
    ({"kind": "Professional"}, "kind", "professional"),
    ({"kind": "LINE"}, "kind", "line"),
    ({"scheduled_for": "03/03/2025"}, "scheduled_for", date(2025, 3, 3)),
    # A held session with no booked date was booked for the day it was held.
    ({"scheduled_for": ""}, "scheduled_for", date(2025, 3, 3)),
    ({"status": "HELD"}, "status", "held"),
    ({"held_on": "2025-06-30", "scheduled_for": "2025-06-30"}, "held_on", TODAY),
    ({"minutes": "1", "reflective_minutes": "0"}, "minutes", 1),
    ({"minutes": "89"}, "minutes", 89),
    ({"minutes": "90"}, "minutes", 90),
    ({"minutes": "600"}, "minutes", 600),
    ({"interrupted": "yes"}, "interrupted", True),
    ({"interrupted": "Y"}, "interrupted", True),
    ({"interrupted": ""}, "interrupted", False),
    ({"interrupted": "no"}, "interrupted", False),
    ({"reflective_minutes": ""}, "reflective_minutes", 0),
    ({"reflective_minutes": "90"}, "reflective_minutes", 90),
    ({**NOT_HELD, "status": "scheduled", "scheduled_for": "2025-09-01"}, "status", "scheduled"),
    ({**NOT_HELD, "status": "scheduled"}, "reflective_minutes", 0),
    ({**NOT_HELD, "status": "moved", "change_reason": "Court"}, "change_reason", "Court"),
    ({**NOT_HELD, "status": "cancelled", "change_reason": "x" * 300}, "change_reason", "x" * 300),
]


@pytest.mark.parametrize(("overrides", "column", "expected"), GOOD_VALUES)
def test_a_good_value_is_read(overrides, column, expected):
    parsed = parse_row(**overrides)
    assert parsed.errors == ()
    assert parsed.rows[0].values[column] == expected


BAD_VALUES = [
    ({"session_ref": ""}, "session_ref", "Enter the session reference from the case system"),
    ({"session_ref": "R" * 61}, "session_ref", "Session reference must be 60 characters or fewer"),
    ({"supervisee_staff_number": ""}, "supervisee_staff_number", "Enter the staff number of"),
    (
        {"supervisee_staff_number": "X9"},
        "supervisee_staff_number",
        "There is nobody with staff number X9 in your staff records",
    ),
    ({"supervisor_staff_number": ""}, "supervisor_staff_number", "Enter the staff number of"),
    (
        {"supervisor_staff_number": "M9"},
        "supervisor_staff_number",
        "There is nobody with staff number M9 in your staff records",
    ),
    (
        {"supervisor_staff_number": "W1"},
        "supervisor_staff_number",
        "Enter a supervisor who is not the person supervised",
    ),
    (
        {"kind": "peer"},
        "kind",
        "Kind “peer” is not recognised: enter one of line, professional",
    ),
    ({"status": ""}, "status", "Enter the status"),
    (
        {"status": "done"},
        "status",
        "Status “done” is not recognised: enter one of scheduled, held, cancelled, moved",
    ),
    ({"scheduled_for": "2025-02-30"}, "scheduled_for", "Scheduled date must be a real date"),
    ({"scheduled_for": "3 March"}, "scheduled_for", "Enter the scheduled date as YYYY-MM-DD"),
    ({**NOT_HELD, "status": "scheduled", "scheduled_for": ""}, "scheduled_for", "Enter the"),
    ({"held_on": ""}, "held_on", "Enter the held date: the status is held"),
    ({"held_on": "2025-07-01"}, "held_on", "Held date must be today or in the past"),
    ({"minutes": ""}, "minutes", "Enter the minutes the session lasted: the status is held"),
    ({"minutes": "ninety"}, "minutes", "Enter minutes as a whole number, like 90"),
    ({"minutes": "90.5"}, "minutes", "Enter minutes as a whole number, like 90"),
    ({"minutes": "-5"}, "minutes", "Enter minutes as a whole number, like 90"),
    ({"minutes": "0"}, "minutes", "Enter minutes between 1 and 600"),
    ({"minutes": "601"}, "minutes", "Enter minutes between 1 and 600"),
    ({"interrupted": "maybe"}, "interrupted", "Enter yes or no for interrupted"),
    ({"reflective_minutes": "half"}, "reflective_minutes", "Enter reflective minutes as a whole"),
    (
        {"reflective_minutes": "91"},
        "reflective_minutes",
        "Reflective minutes must be no more than the minutes of the whole session",
    ),
    ({"change_reason": "x" * 301}, "change_reason", "Change reason must be 300 characters or"),
    (
        {"change_reason": "Late"},
        "change_reason",
        "Leave the change reason empty: the status is held",
    ),
    (
        {**NOT_HELD, "status": "cancelled"},
        "change_reason",
        "Enter the change reason: the status is cancelled",
    ),
    (
        {**NOT_HELD, "status": "moved"},
        "change_reason",
        "Enter the change reason: the status is moved",
    ),
    (
        {**NOT_HELD, "status": "scheduled", "change_reason": "Because"},
        "change_reason",
        "Leave the change reason empty: the status is scheduled",
    ),
    (
        {**NOT_HELD, "status": "cancelled", "change_reason": "Ill", "held_on": "2025-03-03"},
        "held_on",
        "Leave the held date empty, or enter held as the status",
    ),
    (
        {**NOT_HELD, "status": "cancelled", "change_reason": "Ill", "minutes": "90"},
        "minutes",
        "Leave the minutes empty, or enter held as the status",
    ),
    (
        {**NOT_HELD, "status": "scheduled", "reflective_minutes": "0"},
        "reflective_minutes",
        "Leave the reflective minutes empty, or enter held as the status",
    ),
    (
        {**NOT_HELD, "status": "scheduled", "interrupted": "yes"},
        "interrupted",
        "Leave interrupted empty, or enter held as the status",
    ),
]


@pytest.mark.parametrize(("overrides", "column", "message"), BAD_VALUES)
def test_a_bad_value_is_reported_by_row_and_column(overrides, column, message):
    parsed = parse_row(**overrides)
    assert parsed.rows == ()
    assert [(error.row, error.column) for error in parsed.errors] == [(2, column)]
    assert parsed.errors[0].message.startswith(message)


def test_an_error_reads_with_its_row_and_column():
    parsed = parse(session_row(), session_row(session_ref="SUP-2", minutes="1h30"))
    assert [str(error) for error in parsed.errors] == [
        "Row 3, minutes: Enter minutes as a whole number, like 90"
    ]


def test_bad_minutes_are_reported_once_not_again_as_shorter_than_the_reflective_time():
    assert len(parse_row(minutes="x", reflective_minutes="45").errors) == 1


def test_a_session_reference_may_appear_only_once():
    parsed = parse(session_row(), session_row(), session_row(session_ref="SUP-2"))
    assert parsed.errors == (
        RowError(
            3, "session_ref", "Session SUP-1 is already on row 2: each session must appear once"
        ),
    )


def test_every_row_is_checked_and_the_errors_are_in_row_order():
    parsed = parse(
        session_row(session_ref="A", minutes=""),
        session_row(session_ref="B"),
        session_row(session_ref="C", supervisee_staff_number="X", held_on="2026-01-01"),
    )
    assert [(error.row, error.column) for error in parsed.errors] == [
        (2, "minutes"),
        (4, "supervisee_staff_number"),
        (4, "held_on"),
    ]
    assert parsed.rows == ()


@pytest.mark.parametrize("column", ["notes", "reflective_notes", "personal_notes"])
def test_a_notes_column_is_refused_and_the_reason_given(column):
    text = supervision_csv(session_row(), columns=(*COLUMNS, column))
    parsed = parse_supervision_csv(text=text, directory=DIRECTORY)
    assert [str(error) for error in parsed.errors] == [
        f"Row 1, {column}: Remove the column {column}: notes are never imported, "
        "because they are written by the two people in the session"
    ]


def test_a_missing_column_is_named():
    text = supervision_csv(session_row(), columns=tuple(c for c in COLUMNS if c != "kind"))
    parsed = parse_supervision_csv(text=text, directory=DIRECTORY)
    assert [str(error) for error in parsed.errors] == ["Row 1, kind: Add a column named kind"]


def test_a_file_with_only_a_header_is_refused():
    parsed = parse_supervision_csv(text=supervision_csv(), directory=DIRECTORY)
    assert [str(error) for error in parsed.errors] == [
        "Row 2: Add at least one session below the header"
    ]


def test_the_template_is_the_header_and_an_example_that_reads_cleanly():
    text = template_csv()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    directory = Directory(
        staff_numbers={
            EXAMPLE_ROW["supervisee_staff_number"],
            EXAMPLE_ROW["supervisor_staff_number"],
        },
        today=TODAY,
    )
    parsed = parse_supervision_csv(text=text, directory=directory)
    assert parsed.errors == ()
    assert len(parsed.rows) == 1
