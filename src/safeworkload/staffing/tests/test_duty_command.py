"""``safeworkload staffing duty LOG.csv [--json] ...``: the table, the JSON, and bad files."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeworkload.cli import translate
from safeworkload.staffing import duty
from safeworkload.staffing.tests.test_duty import TINY

EXAMPLE = str(Path(duty.__file__).parent / "examples" / "duty_contacts.csv")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("staffing_duty", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def tiny_file(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(TINY, encoding="utf-8")
    return str(path)


def test_the_two_word_command_maps_to_staffing_duty():
    assert translate(["safeworkload", "staffing", "duty", "log.csv", "--json"]) == [
        "safeworkload",
        "staffing_duty",
        "log.csv",
        "--json",
    ]


def test_json_gives_every_open_hour_with_erlang_the_check_and_the_rota():
    data = json.loads(run(EXAMPLE, "--json")[0])
    assert data["log"]["contacts"] == 766
    assert data["log"]["weeks"] == 4
    assert len(data["intervals"]) == 5 * 8
    monday_ten = data["intervals"][1]
    assert (monday_ten["day"], monday_ten["hour"], monday_ten["contacts"]) == ("mon", 10, 37)
    assert monday_ten["arrivals_per_hour"] == 9.25
    assert monday_ten["des_agents"] == monday_ten["on_duty"]
    assert data["des_check"]["used"] is True
    assert data["totals"]["rostered_hours_per_week"] == sum(
        i["rostered"] for i in data["intervals"]
    )
    assert data["model_file_duty"]["hours_per_day"] == 8


def test_the_options_change_the_answer_as_they_should(tiny_file):
    base = json.loads(run(tiny_file, "--json", "--check", "never")[0])
    stricter = json.loads(
        run(tiny_file, "--json", "--check", "never", "--service-level", "95", "--target-wait", "5")[
            0
        ]
    )
    assert stricter["options"]["service_level"] == 0.95
    assert stricter["totals"]["on_duty_hours_per_week"] > base["totals"]["on_duty_hours_per_week"]
    no_shrinkage = json.loads(run(tiny_file, "--json", "--check", "never", "--shrinkage", "0")[0])
    assert all(i["rostered"] == i["on_duty"] for i in no_shrinkage["intervals"])
    weekend = json.loads(
        run(
            tiny_file,
            "--json",
            "--check",
            "never",
            "--days",
            "sat",
            "--opens",
            "10",
            "--closes",
            "12",
        )[0]
    )
    assert [(i["day"], i["hour"], i["contacts"]) for i in weekend["intervals"]] == [
        ("sat", 10, 0),
        ("sat", 11, 1),
    ]


def test_the_same_seed_gives_the_same_json():
    assert run(EXAMPLE, "--json", "--seed", "5") == run(EXAMPLE, "--json", "--seed", "5")


def test_the_text_table_has_a_row_per_hour_and_the_totals(tiny_file):
    out, _ = run(tiny_file, "--check", "never")
    assert "Monday     09:00 to 10:00" in out
    assert "Not checked by simulation" in out
    assert "Totals a week:" in out
    assert "[duty]" in out and "contacts_per_day = 0.83" in out
    assert out.count(" to 1") >= 40


def test_the_text_says_where_the_simulation_overrode_erlang_c():
    out, _ = run(EXAMPLE)
    assert "Checked by simulation:" in out
    assert "over-staffs" in out
    assert "the rota above uses the simulation's answer" in out


def test_a_bad_file_names_every_row_and_sizes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("received_at,handling_minutes\nsoon,20\n2025-03-03T09:00,0\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=r"2 problems in .*bad\.csv: nothing was sized"):
        call_command("staffing_duty", str(path), stdout=out, stderr=err)
    assert "Row 2, received_at: Enter when the contact arrived" in err.getvalue()
    assert "Row 3, handling_minutes: Handling minutes must be more than 0" in err.getvalue()
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--service-level", "100"], "service level"),
        (["--days", "someday"], "Days are written like"),
        (["--opens", "18"], "open before it closes"),
    ],
)
def test_impossible_options_are_refused(tiny_file, args, message):
    with pytest.raises(CommandError, match=message):
        run(tiny_file, *args)


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "nowhere.csv"))
