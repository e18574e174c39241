"""``safeworkload staffing run MODEL.toml [--json] [--replications N] [--seed N]``."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeworkload.cli import translate
from safeworkload.staffing import modelfile
from safeworkload.staffing.management.commands.staffing_run import Command

EXAMPLES = Path(modelfile.__file__).parent / "examples"
ADULTS = EXAMPLES / "adults.toml"
CHILDRENS = EXAMPLES / "childrens.toml"
FEW = "500"  # replications: enough to run every part, quick enough for a test


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str, stderr: io.StringIO | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    call_command("staffing_run", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_json(*args: str) -> dict:
    out, _ = run(*args, "--json")
    return json.loads(out)


@pytest.fixture
def model_file(tmp_path):
    def write(text: str) -> str:
        path = tmp_path / "model.toml"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_the_two_word_command_maps_to_staffing_run():
    assert translate(["safeworkload", "staffing", "run", "m.toml", "--json"]) == [
        "safeworkload",
        "staffing_run",
        "m.toml",
        "--json",
    ]


@pytest.mark.parametrize(
    ("path", "name", "roles"),
    [
        (ADULTS, "Northshire adults' locality team", ["Occupational therapist", "Team manager"]),
        (CHILDRENS, "Westmere children's assessment", ["Family support worker", "Team manager"]),
    ],
)
def test_each_example_prints_a_summary_of_every_part(path, name, roles):
    out, err = run(str(path), "--replications", FEW)
    assert name in out
    assert "500 replications" in out
    assert "Monte Carlo:" in out and "P90" in out
    assert "Chance the staff in post, less vacancies, are enough" in out
    for title in roles:
        assert title in out
    assert "Skill mix: the cheapest establishment costs £" in out
    assert "Needed but not in post:" in out
    assert "Duty rota (Erlang C):" in out
    assert err == ""  # not a terminal: no progress bar


@pytest.mark.parametrize("path", [ADULTS, CHILDRENS])
def test_each_example_writes_json_with_the_files_seed_by_default(path):
    data = run_json(str(path), "--replications", FEW)
    spec = modelfile.load_model(path.read_text())
    assert data["run"] == {"replications": 500, "seed": spec.seed}
    assert data["model"]["name"] == spec.name
    assert [role["key"] for role in data["roles"]] == list(spec.roles)
    assert data["monte_carlo"]["p50"] < data["monte_carlo"]["p90"]
    assert data["duty"]["agents"] > 0


def test_the_same_seed_gives_the_same_json_and_another_seed_another():
    first = run_json(str(ADULTS), "--replications", FEW, "--seed", "3")
    assert run_json(str(ADULTS), "--replications", FEW, "--seed", "3") == first
    other = run_json(str(ADULTS), "--replications", FEW, "--seed", "4")
    assert other["monte_carlo"] != first["monte_carlo"]


def test_a_broken_file_lists_every_problem_with_its_field_path(model_file):
    broken = (
        ADULTS.read_text()
        .replace("hours_per_week = 37", "hours_per_week = 0")
        .replace("confidence = 0.8", 'confidence = "high"')
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 problems in .*model.toml: nothing was run\."):
        run(model_file(broken), stderr=err)
    assert err.getvalue().splitlines() == [
        'model.confidence: expected a number between 0.5 and 0.99, got "high"',
        "working_time.hours_per_week: expected a number between 1 and 48, got 0",
    ]


def test_a_broken_file_exits_with_status_1(model_file, capsys):
    path = model_file(ADULTS.read_text().replace("hours_per_week = 37", "hours_per_week = 49"))
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["safeworkload", "staffing_run", path, "--json"])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "working_time.hours_per_week: expected a number between 1 and 48, got 49" in (
        captured.err
    )
    assert "1 problem in" in captured.err


def test_a_file_that_is_not_there_is_named():
    with pytest.raises(
        CommandError, match=re.escape("Cannot read /no/such/model.toml: No such file")
    ):
        run("/no/such/model.toml")


def test_a_model_whose_draws_leave_no_working_time_says_it_cannot_be_run(model_file):
    # A mean of 10 sick days passes the file's checks; an SD of 100 draws whole years off sick.
    path = model_file(ADULTS.read_text().replace("mean = 10, sd = 3", "mean = 10, sd = 100"))
    with pytest.raises(CommandError, match="the model cannot be run: Some draws leave no"):
        run(path, "--replications", FEW)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--replications", "99", "--replications must be between 100 and 1,000,000, not 99."),
        (
            "--replications",
            "1000001",
            "--replications must be between 100 and 1,000,000, not 1,000,001.",
        ),
        ("--seed", "-1", "--seed must be 0 or more, not -1."),
    ],
)
def test_options_out_of_range_are_refused(option, value, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(str(ADULTS), option, value)


def test_a_terminal_sees_a_progress_bar_that_ends_full():
    _, err = run(str(ADULTS), "--replications", "2500", stderr=Terminal())
    frames = err.split("\r")[1:]
    assert len(frames) == 3  # one for each chunk of 1,000 replications
    assert frames[0].startswith("Monte Carlo [############------------------]  40%  1,000 of 2,500")
    assert frames[-1] == "Monte Carlo [##############################] 100%  2,500 of 2,500\n"


def test_json_on_a_terminal_has_no_progress_bar():
    out, err = run(str(ADULTS), "--replications", FEW, "--json", stderr=Terminal())
    assert err == ""
    assert json.loads(out)["run"]["replications"] == 500
