"""docs/staff-import.md keeps up with the code."""

import re
from pathlib import Path

from safeworkload.interop.staff_csv import COLUMNS, parse_staff_csv
from safeworkload.organisations.models import Person

GUIDE = Path(__file__).resolve().parents[4] / "docs" / "staff-import.md"


def test_the_guide_describes_every_column_and_every_accepted_choice():
    text = GUIDE.read_text()
    for name in COLUMNS:
        assert f"| `{name}` |" in text, name
    for choices in (Person.JobRole, Person.EmploymentType):
        for value, label in choices.choices:
            assert f"| `{value}` | {label} |" in text, value


def test_the_example_in_the_guide_imports_cleanly():
    example = re.search(r"```csv\n(.*?)```", GUIDE.read_text(), re.DOTALL)
    assert example is not None
    parsed = parse_staff_csv(text=example.group(1), team_names={"Hospital social work"})
    assert parsed.errors == ()
    assert len(parsed.rows) == 2
