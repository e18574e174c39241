"""Build staff CSV files for tests: one good row, changed as each test needs."""

import csv
import io
from datetime import date

from safeworkload.interop.staff_csv import COLUMNS
from safeworkload.organisations.models import Person

GOOD_ROW: dict[str, str] = {
    "staff_number": "N00001",
    "given_name": "Priya",
    "family_name": "Shah",
    "email": "priya.shah@a.example",
    "team": "Adults long-term",
    "job_role": "social_worker",
    "qualified": "yes",
    "registered": "yes",
    "registration_number": "SW900001",
    "contracted_hours": "37",
    "qualification_date": "2019-07-01",
    "start_date": "2021-09-06",
    "end_date": "",
    "employment_type": "permanent",
    "grade": "Grade 9",
}


def row(**overrides: str) -> dict[str, str]:
    return {**GOOD_ROW, **overrides}


def staff_csv(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def numbered(count: int, **overrides: str) -> list[dict[str, str]]:
    """``count`` good rows with different staff numbers and registration numbers."""
    return [
        row(staff_number=f"N{n:05d}", registration_number=f"SW{n:06d}", **overrides)
        for n in range(1, count + 1)
    ]


def row_for(person: Person, **overrides: str) -> dict[str, str]:
    """A row that matches ``person`` exactly, apart from ``overrides``."""
    return {
        "staff_number": person.staff_number,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": person.email,
        "team": person.team.name if person.team else "",
        "job_role": person.job_role,
        "qualified": "yes" if person.qualified else "no",
        "registered": "yes" if person.registered else "no",
        "registration_number": person.registration_number,
        "contracted_hours": str(person.contracted_hours),
        "qualification_date": _iso(person.qualification_date),
        "start_date": _iso(person.start_date),
        "end_date": _iso(person.end_date),
        "employment_type": person.employment_type,
        "grade": person.grade,
        **overrides,
    }


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""
