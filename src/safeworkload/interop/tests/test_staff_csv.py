"""Reading a staff file: every column's accepted values and its errors, by row and column."""

from datetime import date
from decimal import Decimal

import pytest

from safeworkload.interop.staff_csv import (
    COLUMNS,
    RowError,
    StaffFileError,
    decode_staff_file,
    parse_staff_csv,
    template_csv,
)
from safeworkload.interop.tests.staff_files import row, staff_csv

TEAMS = {"Adults long-term", "Children duty"}


def parse_row(**overrides: str):
    return parse_staff_csv(text=staff_csv(row(**overrides)), team_names=TEAMS)


GOOD_VALUES = [
    ("staff_number", "  X-1  ", "X-1"),
    ("staff_number", "S" * 40, "S" * 40),
    ("given_name", "Nia", "Nia"),
    ("family_name", "O'Neill-Adeyemi", "O'Neill-Adeyemi"),
    ("email", "", ""),
    ("email", "nia@council.example", "nia@council.example"),
    ("team", "", None),
    ("team", "Children duty", "Children duty"),
    ("team", "children DUTY", "Children duty"),
    ("job_role", "senior_practitioner", "senior_practitioner"),
    ("job_role", "Senior or advanced practitioner", "senior_practitioner"),
    ("job_role", "SOCIAL WORK ASSISTANT", "assistant"),
    ("qualified", "no", False),
    ("qualified", "Y", True),
    ("qualified", "N", False),
    ("qualified", "TRUE", True),
    ("qualified", "false", False),
    ("qualified", "1", True),
    ("qualified", "0", False),
    ("registered", "No", False),
    ("registration_number", "", ""),
    ("contracted_hours", "0.5", Decimal("0.5")),
    ("contracted_hours", "48", Decimal("48")),
    ("contracted_hours", "48.0", Decimal("48")),
    ("contracted_hours", "22.5", Decimal("22.5")),
    ("contracted_hours", "22.50", Decimal("22.5")),
    ("qualification_date", "", None),
    ("qualification_date", "2019-07-01", date(2019, 7, 1)),
    ("qualification_date", "01/07/2019", date(2019, 7, 1)),
    ("qualification_date", "1/7/2019", date(2019, 7, 1)),
    ("start_date", "2024-02-29", date(2024, 2, 29)),
    ("end_date", "", None),
    ("end_date", "2021-09-06", date(2021, 9, 6)),
    ("employment_type", "fixed_term", "fixed_term"),
    ("employment_type", "Fixed-term", "fixed_term"),
    ("employment_type", "agency", "agency"),
    ("grade", "", ""),
    ("grade", "G" * 40, "G" * 40),
]


@pytest.mark.parametrize(("column", "cell", "expected"), GOOD_VALUES)
def test_it_accepts_each_good_value(column, cell, expected):
    # An unregistered person needs no registration number.
    overrides = {"registered": "no", column: cell} if "regist" in column else {column: cell}
    parsed = parse_row(**overrides)
    assert parsed.errors == ()
    assert parsed.rows[0].values[column] == expected


BAD_VALUES = [
    ("staff_number", "", "Enter a staff number"),
    ("staff_number", "S" * 41, "Staff number must be 40 characters or fewer"),
    ("given_name", "", "Enter a given name"),
    ("given_name", "G" * 81, "Given name must be 80 characters or fewer"),
    ("family_name", "", "Enter a family name"),
    ("email", "priya.shah", "Enter an email address in the correct format, like name@example.org"),
    ("email", "a" * 64 + "@" + "b" * 186 + ".org", "Email address must be 254 characters or fewer"),
    (
        "team",
        "Adults long-tem",
        "There is no team called “Adults long-tem”: enter the name of one of your teams, "
        "or leave it empty",
    ),
    ("job_role", "", "Enter a job role"),
    (
        "job_role",
        "Chief social worker",
        "Job role “Chief social worker” is not recognised: enter one of social_worker, "
        "senior_practitioner, newly_qualified, occupational_therapist, assistant, administrator, "
        "team_manager, service_lead",
    ),
    ("qualified", "", "Enter yes or no for qualified"),
    ("qualified", "maybe", "Enter yes or no for qualified"),
    ("registered", "yes please", "Enter yes or no for registered"),
    ("registration_number", "SW" + "1" * 19, "Registration number must be 20 characters or fewer"),
    ("contracted_hours", "", "Enter the contracted hours a week"),
    ("contracted_hours", "0.4", "Enter a number of hours between 0.5 and 48"),
    ("contracted_hours", "0", "Enter a number of hours between 0.5 and 48"),
    ("contracted_hours", "48.1", "Enter a number of hours between 0.5 and 48"),
    ("contracted_hours", "-5", "Enter a number of hours between 0.5 and 48"),
    ("contracted_hours", "thirty", "Enter a number of hours between 0.5 and 48"),
    ("contracted_hours", "1e1", "Enter a number of hours between 0.5 and 48"),
    (
        "contracted_hours",
        "37.25",
        "Enter a number of hours with no more than 1 decimal place, like 22.5",
    ),
    ("qualification_date", "2019-13-01", "Qualification date must be a real date"),
    ("start_date", "", "Enter the start date"),
    (
        "start_date",
        "6 September 2021",
        "Enter the start date as YYYY-MM-DD or DD/MM/YYYY, like 2024-09-02",
    ),
    ("start_date", "21-09-06", "Enter the start date as YYYY-MM-DD or DD/MM/YYYY, like 2024-09-02"),
    ("start_date", "2023-02-29", "Start date must be a real date"),
    ("start_date", "31/04/2021", "Start date must be a real date"),
    ("end_date", "2021-09-05", "End date must be the same as or after the start date"),
    ("employment_type", "", "Enter an employment type"),
    (
        "employment_type",
        "casual",
        "Employment type “casual” is not recognised: enter one of permanent, fixed_term, agency, "
        "bank",
    ),
    ("grade", "G" * 41, "Grade must be 40 characters or fewer"),
]


@pytest.mark.parametrize(("column", "cell", "message"), BAD_VALUES)
def test_it_names_the_row_and_column_of_each_bad_value(column, cell, message):
    parsed = parse_row(**{column: cell})
    assert parsed.errors == (RowError(2, column, message),)
    assert parsed.rows == ()


def test_it_requires_a_registration_number_for_a_registered_person():
    parsed = parse_row(registered="yes", registration_number="")
    assert [str(e) for e in parsed.errors] == [
        "Row 2, registration_number: Enter the registration number, or enter no for registered"
    ]


def test_it_shows_the_row_number_a_spreadsheet_shows():
    text = staff_csv(
        row(staff_number="A1"),
        row(staff_number="A2"),
        row(staff_number="A3", contracted_hours="60"),
    )
    errors = parse_staff_csv(text=text, team_names=TEAMS).errors
    assert [str(e) for e in errors] == [
        "Row 4, contracted_hours: Enter a number of hours between 0.5 and 48"
    ]


def test_it_reports_every_error_not_just_the_first():
    text = staff_csv(
        row(staff_number="A1", given_name="", contracted_hours="99"),
        row(staff_number="A2", start_date="tomorrow"),
    )
    errors = parse_staff_csv(text=text, team_names=TEAMS).errors
    assert [(e.row, e.column) for e in errors] == [
        (2, "given_name"),
        (2, "contracted_hours"),
        (3, "start_date"),
    ]


def test_it_counts_blank_lines_as_rows_but_does_not_read_them():
    text = (
        staff_csv(row(staff_number="A1"))
        + "\n,,,\n"
        + staff_csv(row(staff_number="A2", grade="G" * 41)).split("\n", 1)[1]
    )
    parsed = parse_staff_csv(text=text, team_names=TEAMS)
    assert [(e.row, e.column) for e in parsed.errors] == [(5, "grade")]


def test_it_counts_a_cell_spread_over_lines_as_one_row():
    text = staff_csv(row(staff_number="A1", grade="Grade\n9"), row(staff_number="A2", email="x"))
    assert [e.row for e in parse_staff_csv(text=text, team_names=TEAMS).errors] == [3]


def test_a_repeated_staff_number_is_an_error_on_the_second_row():
    text = staff_csv(row(staff_number="A1"), row(staff_number="A2"), row(staff_number="A1"))
    errors = parse_staff_csv(text=text, team_names=TEAMS).errors
    assert [str(e) for e in errors] == [
        "Row 4, staff_number: Staff number A1 is already on row 2: each person must appear once"
    ]


def test_the_columns_may_come_in_any_order():
    parsed = parse_staff_csv(
        text=staff_csv(row(), columns=tuple(reversed(COLUMNS))), team_names=TEAMS
    )
    assert parsed.errors == ()
    assert parsed.rows[0].values["given_name"] == "Priya"


def test_an_unknown_column_is_an_error():
    text = staff_csv(row(), columns=(*COLUMNS, "shoe_size"))
    assert [str(e) for e in parse_staff_csv(text=text, team_names=TEAMS).errors] == [
        "Row 1, shoe_size: Remove the column shoe_size or correct its name: it is not a staff "
        "import column"
    ]


def test_a_missing_column_is_an_error():
    columns = tuple(name for name in COLUMNS if name != "grade")
    text = staff_csv(row(), columns=columns)
    assert [str(e) for e in parse_staff_csv(text=text, team_names=TEAMS).errors] == [
        "Row 1, grade: Add a column named grade"
    ]


def test_a_column_named_twice_is_an_error():
    text = ",".join((*COLUMNS, "team")) + "\n"
    assert [str(e) for e in parse_staff_csv(text=text, team_names=TEAMS).errors] == [
        "Row 1, team: The column team appears more than once"
    ]


def test_column_names_are_exact():
    text = staff_csv(row()).replace("given_name", "Given name", 1)
    errors = parse_staff_csv(text=text, team_names=TEAMS).errors
    assert [(e.column, e.message) for e in errors] == [
        (
            "Given name",
            "Remove the column Given name or correct its name: it is not a staff import column",
        ),
        ("given_name", "Add a column named given_name"),
    ]


def test_a_row_with_too_many_or_too_few_cells_is_an_error():
    text = (
        staff_csv(row())
        + "N00002,Too,Few\n"
        + staff_csv(row(staff_number="N3")).split("\n", 1)[1].rstrip("\n")
        + ",extra\n"
    )
    assert [str(e) for e in parse_staff_csv(text=text, team_names=TEAMS).errors] == [
        "Row 3: This row has 3 cells but the header row has 15",
        "Row 4: This row has 16 cells but the header row has 15",
    ]


def test_empty_cells_after_the_last_column_are_ignored():
    text = staff_csv(row()).rstrip("\n") + ",,\n"
    assert parse_staff_csv(text=text, team_names=TEAMS).errors == ()


def test_a_header_with_no_people_is_an_error():
    errors = parse_staff_csv(text=staff_csv(), team_names=TEAMS).errors
    assert [str(e) for e in errors] == ["Row 2: Add at least one person below the header"]


def test_it_reads_utf8_with_or_without_a_byte_order_mark():
    text = staff_csv(row(given_name="Zoë"))
    plain = decode_staff_file(data=text.encode(), max_bytes=10_000)
    with_bom = decode_staff_file(data=b"\xef\xbb\xbf" + text.encode(), max_bytes=10_000)
    assert plain == with_bom == text
    assert parse_staff_csv(text=with_bom, team_names=TEAMS).rows[0].values["given_name"] == "Zoë"


@pytest.mark.parametrize(
    ("data", "max_bytes", "message"),
    [
        (b"x" * 1001, 1000, "The selected file must be 1,000 bytes or smaller"),
        (b"x" * 5_000_001, 5_000_000, "The selected file must be 5 MB or smaller"),
        (
            "given_name\nZoë\n".encode("latin-1"),
            1000,
            "The selected file must be saved as CSV UTF-8",
        ),
        (b"\xef\xbb\xbf \n", 1000, "The selected file is empty"),
    ],
)
def test_it_refuses_a_file_it_cannot_read(data, max_bytes, message):
    with pytest.raises(StaffFileError, match=message):
        decode_staff_file(data=data, max_bytes=max_bytes)


def test_a_file_exactly_at_the_limit_is_read():
    assert decode_staff_file(data=b"x" * 1000, max_bytes=1000) == "x" * 1000


def test_the_template_has_every_column_and_an_example_that_passes():
    text = template_csv()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    parsed = parse_staff_csv(text=text, team_names={"Hospital social work"})
    assert parsed.errors == ()
    assert len(parsed.rows) == 1


def test_a_repeated_staff_number_is_found_even_when_its_first_row_has_other_errors():
    text = staff_csv(row(staff_number="A1", grade="G" * 41), row(staff_number="A1"))
    errors = parse_staff_csv(text=text, team_names=TEAMS).errors
    assert [(e.row, e.column) for e in errors] == [(2, "grade"), (3, "staff_number")]


def test_a_cell_too_long_to_read_stops_the_reading_with_an_error():
    text = staff_csv(row(staff_number="A1"), row(staff_number="A2", grade='"' + "x" * 200_000))
    errors = parse_staff_csv(text=text, team_names=TEAMS).errors
    assert [str(e) for e in errors] == [
        "Row 3: This row cannot be read: a cell is too long, perhaps because a quotation mark "
        "is not closed"
    ]
