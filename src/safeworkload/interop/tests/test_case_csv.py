"""Reading a case file: every column's accepted values and its errors, by row and column.

The helpers at the top (``case_row``, ``case_csv``) build files for the other
case import tests too.
"""

import csv
import io
from datetime import date

import pytest

from safeworkload.interop.case_csv import (
    COLUMNS,
    DEFAULT_ALLOCATION_REASON,
    CaseTypeFacts,
    Directory,
    WorkerFacts,
    parse_case_csv,
    template_csv,
)
from safeworkload.interop.csvfile import CsvFileError, RowError, decode_csv_file

GOOD_ROW: dict[str, str] = {
    "reference": "C-000001",
    "team": "Adults long-term",
    "case_type": "care-act-assessment",
    "tier": "2",
    "status": "active",
    "opened_on": "2025-01-06",
    "closed_on": "",
    "last_contact_on": "2025-02-03",
    "worker_staff_number": "W1",
    "allocated_on": "2025-01-08",
    "allocation_reason": "",
}


def case_row(**overrides: str) -> dict[str, str]:
    return {**GOOD_ROW, **overrides}


def case_csv(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def numbered_cases(count: int, **overrides: str) -> list[dict[str, str]]:
    """``count`` good rows with different references."""
    return [case_row(reference=f"C-{n:06d}", **overrides) for n in range(1, count + 1)]


TODAY = date(2025, 6, 30)
DIRECTORY = Directory(
    teams={"Adults long-term": "adults", "Children duty": "children"},
    case_types={
        "adults": (
            CaseTypeFacts("care-act-assessment", "Care Act assessment", reserved=True),
            CaseTypeFacts("review", "Review", reserved=False),
        ),
        "children": (
            CaseTypeFacts("s47-enquiry", "Section 47 enquiry", reserved=True),
            CaseTypeFacts("family-support", "Family support", reserved=False),
            CaseTypeFacts("cin", "Child in need", reserved=False),
            CaseTypeFacts("cin-disabled", "Child in need", reserved=False),
        ),
    },
    workers={
        "W1": WorkerFacts(registered=True, start_date=date(2020, 1, 6), end_date=None),
        "U1": WorkerFacts(registered=False, start_date=date(2020, 1, 6), end_date=None),
        "L1": WorkerFacts(registered=True, start_date=date(2020, 1, 6), end_date=date(2025, 3, 31)),
        "N1": WorkerFacts(registered=True, start_date=date(2025, 6, 1), end_date=None),
    },
    today=TODAY,
)


def parse_row(**overrides: str):
    return parse_case_csv(text=case_csv(case_row(**overrides)), directory=DIRECTORY)


GOOD_VALUES = [
    ({"reference": "  C-9  "}, "reference", "C-9"),
    ({"reference": "R" * 40}, "reference", "R" * 40),
    ({"team": "adults LONG-term"}, "team", "Adults long-term"),
    ({"team": "Children duty", "case_type": "family-support"}, "team", "Children duty"),
    ({"case_type": "Care Act assessment"}, "case_type", "care-act-assessment"),
    ({"case_type": "CARE-ACT-ASSESSMENT"}, "case_type", "care-act-assessment"),
    ({"case_type": "review"}, "case_type", "review"),
    ({"team": "Children duty", "case_type": "cin"}, "case_type", "cin"),
    ({"tier": "1"}, "tier", 1),
    ({"tier": "3"}, "tier", 3),
    ({"tier": " 2 "}, "tier", 2),
    ({"status": "Awaiting closure"}, "status", "awaiting_closure"),
    ({"status": "DORMANT"}, "status", "dormant"),
    ({"status": "closed", "closed_on": "2025-03-01"}, "status", "closed"),
    ({"opened_on": "06/01/2025"}, "opened_on", date(2025, 1, 6)),
    ({"opened_on": "2025-01-08"}, "opened_on", date(2025, 1, 8)),
    ({"opened_on": "2025-01-08", "last_contact_on": ""}, "opened_on", date(2025, 1, 8)),
    ({"status": "closed", "closed_on": "2025-01-08"}, "closed_on", date(2025, 1, 8)),
    ({"status": "closed", "closed_on": "30/06/2025"}, "closed_on", TODAY),
    ({"closed_on": ""}, "closed_on", None),
    ({"last_contact_on": ""}, "last_contact_on", None),
    ({"last_contact_on": "2025-01-06"}, "last_contact_on", date(2025, 1, 6)),
    ({"last_contact_on": "2025-06-30"}, "last_contact_on", TODAY),
    ({"worker_staff_number": "", "allocated_on": ""}, "worker_staff_number", ""),
    ({"worker_staff_number": "W1"}, "worker_staff_number", "W1"),
    ({"worker_staff_number": "U1", "case_type": "review"}, "worker_staff_number", "U1"),
    (
        {"worker_staff_number": "L1", "allocated_on": "2025-03-31"},
        "allocated_on",
        date(2025, 3, 31),
    ),
    ({"worker_staff_number": "N1", "allocated_on": "2025-06-01"}, "allocated_on", date(2025, 6, 1)),
    ({"allocated_on": "2025-01-06"}, "allocated_on", date(2025, 1, 6)),
    ({"allocated_on": "2025-06-30"}, "allocated_on", TODAY),
    ({"allocated_on": "8/1/2025"}, "allocated_on", date(2025, 1, 8)),
    (
        {"status": "closed", "closed_on": "2025-03-01", "allocated_on": "2025-03-01"},
        "allocated_on",
        date(2025, 3, 1),
    ),
    ({"worker_staff_number": "", "allocated_on": ""}, "allocated_on", None),
    ({"allocation_reason": ""}, "allocation_reason", DEFAULT_ALLOCATION_REASON),
    ({"allocation_reason": "Transferred from duty"}, "allocation_reason", "Transferred from duty"),
    ({"allocation_reason": "x" * 200}, "allocation_reason", "x" * 200),
    (
        {"worker_staff_number": "", "allocated_on": "", "allocation_reason": "x"},
        "allocation_reason",
        "",
    ),
]


@pytest.mark.parametrize(("overrides", "column", "expected"), GOOD_VALUES)
def test_a_good_value_is_read(overrides, column, expected):
    parsed = parse_row(**overrides)
    assert parsed.errors == ()
    assert parsed.rows[0].values[column] == expected


UNALLOCATED = {"worker_staff_number": "", "allocated_on": ""}

BAD_VALUES = [
    ({"reference": ""}, "reference", "Enter the case reference"),
    ({"reference": "R" * 41}, "reference", "Reference must be 40 characters or fewer"),
    ({"team": ""}, "team", "Enter the name of the team the case is in"),
    ({"team": "Nowhere"}, "team", "There is no team called “Nowhere”: enter the name of one"),
    ({"team": "T" * 121}, "team", "Team name must be 120 characters or fewer"),
    ({"case_type": ""}, "case_type", "Enter the case type's code or name"),
    ({"case_type": "s47-enquiry"}, "case_type", "There is no Adults case type “s47-enquiry”"),
    ({"case_type": "Section 47 enquiry"}, "case_type", "There is no Adults case type"),
    (
        {"team": "Children duty", "case_type": "child in need"},
        "case_type",
        "More than one Children and families case type is called “child in need”: enter its code",
    ),
    ({"tier": ""}, "tier", "Enter the tier: 1, 2 or 3"),
    ({"tier": "0"}, "tier", "Enter a tier of 1, 2 or 3"),
    ({"tier": "4"}, "tier", "Enter a tier of 1, 2 or 3"),
    ({"tier": "2.0"}, "tier", "Enter a tier of 1, 2 or 3"),
    ({"tier": "two"}, "tier", "Enter a tier of 1, 2 or 3"),
    ({"tier": "-1"}, "tier", "Enter a tier of 1, 2 or 3"),
    ({"status": ""}, "status", "Enter the status"),
    (
        {"status": "open"},
        "status",
        "Status “open” is not recognised: enter one of active, awaiting_closure, dormant, closed",
    ),
    ({"opened_on": ""}, "opened_on", "Enter the opened date"),
    ({"opened_on": "2025-02-29"}, "opened_on", "Opened date must be a real date"),
    ({"opened_on": "31/04/2025"}, "opened_on", "Opened date must be a real date"),
    ({"opened_on": "6 Jan 2025"}, "opened_on", "Enter the opened date as YYYY-MM-DD or DD/MM/YYYY"),
    (
        {"opened_on": "2025-07-01", "last_contact_on": "", **UNALLOCATED},
        "opened_on",
        "Opened date must be today or in the past",
    ),
    ({"status": "closed", "closed_on": ""}, "closed_on", "Enter the closed date: the status is"),
    ({"closed_on": "2025-03-01"}, "closed_on", "Leave the closed date empty, or enter closed"),
    (
        {"status": "dormant", "closed_on": "2025-03-01"},
        "closed_on",
        "Leave the closed date empty, or enter closed",
    ),
    (
        {"status": "closed", "closed_on": "2025-01-05", "last_contact_on": "", **UNALLOCATED},
        "closed_on",
        "Closed date must be the same as or after the opened date",
    ),
    (
        {"status": "closed", "closed_on": "2025-07-01"},
        "closed_on",
        "Closed date must be today or in the past",
    ),
    ({"status": "closed", "closed_on": "2025-13-01"}, "closed_on", "Closed date must be a real"),
    ({"status": "closed", "closed_on": "1.3.2025"}, "closed_on", "Enter the closed date as"),
    (
        {"last_contact_on": "2025-01-05"},
        "last_contact_on",
        "Last contact date must be the same as or after the opened date",
    ),
    ({"last_contact_on": "2025-07-01"}, "last_contact_on", "Last contact date must be today or"),
    ({"last_contact_on": "yesterday"}, "last_contact_on", "Enter the last contact date as"),
    (
        {"worker_staff_number": "ZZ9"},
        "worker_staff_number",
        "There is nobody with staff number ZZ9 in your staff records",
    ),
    ({"worker_staff_number": "w1"}, "worker_staff_number", "There is nobody with staff number w1"),
    (
        {"worker_staff_number": "W" * 41},
        "worker_staff_number",
        "Worker staff number must be 40 characters or fewer",
    ),
    (
        {"worker_staff_number": "U1"},
        "worker_staff_number",
        "Care Act assessment is reserved to registered social workers, and U1 is not registered",
    ),
    (
        {"team": "Children duty", "case_type": "Section 47 enquiry", "worker_staff_number": "U1"},
        "worker_staff_number",
        "Section 47 enquiry is reserved to registered social workers",
    ),
    (
        {"worker_staff_number": "L1", "allocated_on": "2025-04-01"},
        "worker_staff_number",
        "L1 left on 31 March 2025, before the allocated date",
    ),
    (
        {"worker_staff_number": "N1", "allocated_on": "2025-05-31"},
        "worker_staff_number",
        "N1 started on 1 June 2025, after the allocated date",
    ),
    ({"allocated_on": ""}, "allocated_on", "Enter the allocated date: the day the worker took"),
    (
        {"worker_staff_number": "", "allocated_on": "2025-01-08"},
        "allocated_on",
        "Leave the allocated date empty when there is no worker",
    ),
    (
        {"allocated_on": "2025-01-05"},
        "allocated_on",
        "Allocated date must be the same as or after the opened date",
    ),
    ({"allocated_on": "2025-07-01"}, "allocated_on", "Allocated date must be today or in the past"),
    (
        {"status": "closed", "closed_on": "2025-03-01", "allocated_on": "2025-03-02"},
        "allocated_on",
        "Allocated date must be the same as or before the closed date",
    ),
    ({"allocated_on": "2025-1-8x"}, "allocated_on", "Enter the allocated date as YYYY-MM-DD"),
    (
        {"allocation_reason": "x" * 201},
        "allocation_reason",
        "Allocation reason must be 200 characters or fewer",
    ),
]


@pytest.mark.parametrize(("overrides", "column", "message"), BAD_VALUES)
def test_a_bad_value_is_reported_once_by_row_and_column(overrides, column, message):
    parsed = parse_row(**overrides)
    assert parsed.rows == ()
    assert len(parsed.errors) == 1, parsed.errors
    error = parsed.errors[0]
    assert (error.row, error.column) == (2, column)
    assert error.message.startswith(message)


def test_a_case_type_is_checked_only_once_the_team_is_known():
    parsed = parse_row(team="Nowhere", case_type="no-such-type")
    assert [error.column for error in parsed.errors] == ["team"]


def test_every_error_in_every_row_is_reported_in_row_order():
    text = case_csv(
        case_row(reference="A1", tier="9", status="open"),
        case_row(reference="A2"),
        case_row(reference="A3", opened_on="", worker_staff_number="ZZ"),
    )
    parsed = parse_case_csv(text=text, directory=DIRECTORY)
    assert parsed.rows == ()
    assert [(error.row, error.column) for error in parsed.errors] == [
        (2, "tier"),
        (2, "status"),
        (4, "opened_on"),
        (4, "worker_staff_number"),
    ]


def test_a_reference_may_appear_only_once():
    text = case_csv(case_row(reference="C1"), case_row(reference="C2"), case_row(reference="C1"))
    parsed = parse_case_csv(text=text, directory=DIRECTORY)
    assert parsed.errors == (
        RowError(4, "reference", "Case C1 is already on row 2: each case must appear once"),
    )


def test_the_header_must_name_every_column_once_and_nothing_else():
    columns = (*COLUMNS[1:], "tier", "shoe_size")
    parsed = parse_case_csv(text=case_csv(case_row(), columns=columns), directory=DIRECTORY)
    assert [str(error) for error in parsed.errors] == [
        "Row 1, tier: The column tier appears more than once",
        "Row 1, shoe_size: Remove the column shoe_size or correct its name: "
        "it is not a case import column",
        "Row 1, reference: Add a column named reference",
    ]


def test_the_order_of_columns_is_free():
    parsed = parse_case_csv(
        text=case_csv(case_row(), columns=tuple(reversed(COLUMNS))), directory=DIRECTORY
    )
    assert parsed.errors == ()


def test_blank_rows_are_skipped_and_row_numbers_still_match_the_spreadsheet():
    text = case_csv(case_row(reference="C1")) + ",,,,,,,,,,\n\n" + "C2,x\n"
    parsed = parse_case_csv(text=text, directory=DIRECTORY)
    assert parsed.errors == (RowError(5, None, "This row has 2 cells but the header row has 11"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Row 1: The selected file is empty"),
        (",".join(COLUMNS) + "\n", "Row 2: Add at least one case below the header"),
    ],
)
def test_a_file_with_no_cases_is_an_error(text, message):
    parsed = parse_case_csv(text=text, directory=DIRECTORY)
    assert [str(error) for error in parsed.errors] == [message]


def test_a_byte_order_mark_is_removed_and_other_encodings_refused():
    text = case_csv(case_row())
    assert decode_csv_file(data=("\ufeff" + text).encode(), max_bytes=10_000) == text
    with pytest.raises(CsvFileError, match="must be saved as CSV UTF-8"):
        decode_csv_file(data="reference\nZoë\n".encode("latin-1"), max_bytes=10_000)


def test_the_template_is_the_columns_and_an_example_that_imports_cleanly():
    text = template_csv()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    directory = Directory(
        teams={"Hospital social work": "adults"},
        case_types={"adults": (CaseTypeFacts("care-act-assessment", "Care Act", reserved=True),)},
        workers={
            "S00123": WorkerFacts(registered=True, start_date=date(2020, 1, 6), end_date=None)
        },
        today=TODAY,
    )
    parsed = parse_case_csv(text=text, directory=directory)
    assert parsed.errors == ()
    assert parsed.rows[0].values["allocation_reason"] == DEFAULT_ALLOCATION_REASON
