"""docs/supervision-import.md keeps up with the code."""

import re
from datetime import date
from pathlib import Path

from safeworkload.interop.supervision_csv import COLUMNS, Directory, parse_supervision_csv
from safeworkload.supervision.models import Agreement, Session

GUIDE = Path(__file__).resolve().parents[4] / "docs" / "supervision-import.md"


def test_the_guide_describes_every_column_kind_and_status():
    text = GUIDE.read_text()
    for name in COLUMNS:
        assert f"| `{name}` |" in text, name
    for choices in (Agreement.Kind, Session.Status):
        for value, label in choices.choices:
            assert f"| `{value}` | {label} |" in text, value


def test_the_guide_says_that_notes_are_never_imported():
    assert "**Notes are never imported.**" in GUIDE.read_text()


def test_the_example_in_the_guide_imports_cleanly():
    example = re.search(r"```csv\n(.*?)```", GUIDE.read_text(), re.DOTALL)
    assert example is not None
    directory = Directory(staff_numbers={"S00123", "S00045"}, today=date(2025, 6, 30))
    parsed = parse_supervision_csv(text=example.group(1), directory=directory)
    assert parsed.errors == ()
    assert len(parsed.rows) == 4
