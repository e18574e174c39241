"""``safeworkload bank benchmark --workers N --requests N --seed N --json``."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeworkload.cli import translate

SMALL = ("--workers", "200", "--requests", "500")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("bank_benchmark", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_two_word_command_maps_to_bank_benchmark():
    assert translate(["safeworkload", "bank", "benchmark", "--json"]) == [
        "safeworkload",
        "bank_benchmark",
        "--json",
    ]


@pytest.mark.parametrize("seed", ["1", "2"])
def test_the_json_has_every_figure_and_the_optimum_beats_the_greedy(seed):
    data = json.loads(run(*SMALL, "--seed", seed, "--json"))
    assert {
        "pairs",
        "optimal_cost",
        "optimal_covered",
        "greedy_cost",
        "greedy_covered",
        "solve_s",
        "greedy_s",
        "build_s",
        "density",
        "optimal_statutory_covered",
        "greedy_statutory_covered",
    } <= data.keys()
    assert data["pairs"] > 0
    assert data["density"] == round(data["pairs"] / (200 * 500), 4)
    assert data["optimal_cost"] <= data["greedy_cost"]
    assert data["optimal_covered"] >= data["greedy_covered"]


def test_the_same_seed_gives_the_same_answer():
    first = json.loads(run(*SMALL, "--seed", "3", "--json"))
    second = json.loads(run(*SMALL, "--seed", "3", "--json"))
    for key in ("pairs", "optimal_cost", "optimal_covered", "greedy_cost", "greedy_covered"):
        assert first[key] == second[key]


def test_without_json_it_prints_a_short_table():
    out = run(*SMALL, "--seed", "1")
    assert "200 workers x 500 requests over 28 days (seed 1)" in out
    assert "min-cost flow" in out and "greedy" in out
    assert "The greedy costs £" in out


@pytest.mark.parametrize("option", ["--workers", "--requests", "--days"])
def test_a_size_below_one_is_refused(option):
    with pytest.raises(CommandError, match=f"{option} must be at least 1"):
        run(option, "0", "--json")
