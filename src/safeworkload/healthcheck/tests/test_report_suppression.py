"""SUR-02 and SUR-03 on the published report: an intruder with the CSV (every figure the
page and the PDF show) tries to recover a hidden group, and must fail.

The attack: the wave's total minus the visible groups of a cut is what the hidden
groups hold together. It must be nobody, or at least the minimum spread over at least
two groups; and no hidden group may show a figure of its own. (The report publishes
only one-way cuts with their total, never a two-way table, so this subtraction is the
whole attack; ``exposed_cells`` is its two-way form.)
"""

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeworkload.healthcheck.selectors.report import survey_report
from safeworkload.healthcheck.tests.test_report_factories import Person, answer, make_survey
from safeworkload.healthcheck.views.report import HIDDEN, report_rows
from safeworkload.testing import TeamFactory

MIN_GROUP = 5


def published(report) -> tuple[int | None, dict[str, dict[str, str]]]:
    """What the CSV gives away: the total, and per cut each group's respondents."""
    rows = list(report_rows(report))
    total = next(r[3] for r in rows if r[0] == "Respondents")
    cuts: dict[str, dict[str, str]] = defaultdict(dict)
    for section, group, measure, value in rows:
        if section.startswith("By ") and measure == "Respondents":
            cuts[section][group] = value
    return (None if total == HIDDEN else int(total)), cuts


def recoverable(total: int, groups: dict[str, str], true_sizes: dict[str, int]) -> list[str]:
    """The hidden groups the intruder can pin down by subtraction."""
    visible = {
        g: int(v) for g, v in groups.items() if v != HIDDEN and g != "Smaller groups together"
    }
    hidden = [g for g, v in groups.items() if v == HIDDEN]
    remainder = total - sum(visible.values())
    nonempty = [g for g in hidden if true_sizes.get(g, 0) > 0]
    if remainder == 0:
        return []
    if len(nonempty) == 1 or remainder < MIN_GROUP:
        return nonempty
    return []


def check(report, team_sizes: dict[str, int]) -> None:
    total, cuts = published(report)
    if total is None:
        assert cuts == {}
        return
    teams = cuts["By team"]
    for name, size in team_sizes.items():
        if 0 < size < MIN_GROUP:
            assert teams[name] == HIDDEN, f"{name} has {size} and is shown"
    assert recoverable(total, teams, team_sizes) == []
    # No score of a hidden group reaches the CSV.
    for section, group, measure, value in report_rows(report):
        if section == "By team" and teams.get(group) == HIDDEN and measure != "Respondents":
            assert value == HIDDEN


@pytest.fixture
def teams(world):
    return [TeamFactory(organisation=world.a, name=f"Team {n}") for n in range(6)]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sizes=st.lists(st.integers(min_value=0, max_value=14), min_size=2, max_size=6))
def test_no_hidden_team_can_be_recovered_from_the_published_report(world, teams, sizes):
    survey = make_survey(world.a, min_group=MIN_GROUP, year=2000 + sum(sizes))
    people = [
        Person(team=team, answers={"manager_support_discuss": 1 + (i % 5)})
        for team, n in zip(teams, sizes, strict=False)
        for i in range(n)
    ]
    answer(survey, people)
    check(survey_report(survey=survey), {t.name: n for t, n in zip(teams, sizes, strict=False)})


def test_the_worked_example_of_five_and_one_shows_neither(world, teams):
    # Quantum Workplace's example (reference/06 SUR-03): 5 men and 1 woman.
    survey = make_survey(world.a, min_group=MIN_GROUP)
    answer(
        survey,
        [
            *[Person(team=teams[0], answers={"role_clear": 4}) for _ in range(5)],
            Person(team=teams[1], answers={"role_clear": 1}),
        ],
    )
    report = survey_report(survey=survey)
    _, cuts = published(report)
    assert cuts["By team"] == {"Team 0": HIDDEN, "Team 1": HIDDEN}
