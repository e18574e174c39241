"""docs/case-import.md keeps up with the code."""

import re
from datetime import date
from pathlib import Path

from safeworkload.caseloads.models import Case
from safeworkload.interop.case_csv import (
    COLUMNS,
    DEFAULT_ALLOCATION_REASON,
    CaseTypeFacts,
    Directory,
    WorkerFacts,
    parse_case_csv,
)

GUIDE = Path(__file__).resolve().parents[4] / "docs" / "case-import.md"


def test_the_guide_describes_every_column_and_every_status():
    text = GUIDE.read_text()
    for name in COLUMNS:
        assert f"| `{name}` |" in text, name
    for value, label in Case.Status.choices:
        assert f"| `{value}` | {label} |" in text, value
    assert DEFAULT_ALLOCATION_REASON in text


def test_the_example_in_the_guide_imports_cleanly():
    example = re.search(r"```csv\n(.*?)```", GUIDE.read_text(), re.DOTALL)
    assert example is not None
    directory = Directory(
        teams={"Hospital social work": "adults"},
        case_types={"adults": (CaseTypeFacts("care-act-assessment", "Care Act assessment", True),)},
        workers={"S00123": WorkerFacts(True, date(2020, 1, 6), None)},
        today=date(2025, 6, 30),
    )
    parsed = parse_case_csv(text=example.group(1), directory=directory)
    assert parsed.errors == ()
    assert len(parsed.rows) == 3
