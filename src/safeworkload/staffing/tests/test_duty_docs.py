"""docs/duty-sizing.md keeps up with the code."""

import re
import tomllib
from pathlib import Path

from safeworkload.staffing import duty
from safeworkload.staffing.duty import DutyOptions, parse_contact_log, size_duty

GUIDE = Path(__file__).resolve().parents[4] / "docs" / "duty-sizing.md"
EXAMPLE = Path(duty.__file__).parent / "examples" / "duty_contacts.csv"


def test_the_guide_describes_every_column():
    text = GUIDE.read_text()
    for name in (*duty.REQUIRED_COLUMNS, *duty.OPTIONAL_COLUMNS):
        assert f"| `{name}` |" in text, name


def test_the_example_log_in_the_guide_reads_cleanly():
    example = re.search(r"```csv\n(.*?)```", GUIDE.read_text(), re.DOTALL)
    assert example is not None
    assert len(parse_contact_log(example.group(1))) == 3


def test_the_guide_gives_the_example_logs_duty_table_and_defaults():
    text = GUIDE.read_text()
    block = re.search(r"```toml\n(.*?)```", text, re.DOTALL)
    assert block is not None
    sizing = size_duty(parse_contact_log(EXAMPLE.read_text()), DutyOptions(des="never"))
    assert tomllib.loads(block.group(1))["duty"] == sizing.model_file_duty()
    defaults = DutyOptions()
    assert f"more than {duty.CV_TOLERANCE} away from 1" in text
    assert f"seed {defaults.seed}" in text
