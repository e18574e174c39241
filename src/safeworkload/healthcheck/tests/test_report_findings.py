"""The plain-English findings: the same figures always give the same sentences."""

from decimal import Decimal

import pytest

from safeworkload.healthcheck.models import Survey
from safeworkload.healthcheck.selectors.report import (
    AreaScore,
    Band,
    HealthCheckReport,
    Hours,
    Share,
    TeamMeasure,
)
from safeworkload.healthcheck.selectors.report_findings import generate_findings, in_ten

D = Decimal


@pytest.mark.parametrize(
    ("percent", "words"),
    [
        (D("0.1"), "Fewer than one in ten"),
        (D("4.9"), "Fewer than one in ten"),
        (D("5.0"), "One in ten"),
        (D("30.0"), "Three in ten"),
        (D("34.9"), "Three in ten"),
        (D("35.0"), "Four in ten"),
        (D("94.9"), "Nine in ten"),
        (D("95.0"), "Nearly all"),
        (D("100.0"), "All"),
    ],
)
def test_a_share_is_said_in_tens(percent, words):
    assert in_ten(percent) == words


def _report(**kwargs) -> HealthCheckReport:
    survey = Survey(title="Health check 2026", year=2026, min_group=10)
    return HealthCheckReport(survey=survey, min_group=10, respondents=40, **kwargs)


def test_a_report_below_the_minimum_has_no_findings():
    report = _report()
    report.respondents = None
    assert generate_findings(report) == []


def test_the_findings_read_the_published_figures_in_a_fixed_order():
    report = _report(
        areas=[
            AreaScore(
                "workload",
                "Workload manageability",
                D("48.0"),
                40,
                D("60.0"),
                D("-12.0"),
                D("55.0"),
            ),
            AreaScore("demands", "Demands", D("41.5"), 40, None, None, D("44.0")),
            AreaScore("manager_support", "Manager support", D("70.0"), 40, D("62.0"), D("8.0")),
        ],
        shares=[
            Share("supervision_could_not_get", "x", 40, 12, D("30.0")),
            Share("bullying_experienced", "x", 40, 4, D("10.0")),
        ],
        hours=Hours(40, [], D("62.5"), D("4.2")),
        intention=[Band("I plan to leave within a year", 8, D("20.0"))],
        teams=[TeamMeasure("Adults long-term", 12, D("38.0"), 2, D("50.0"))],
    )
    assert [f.text for f in generate_findings(report)] == [
        "Three in ten who answered could not get supervision when they needed it last month.",
        "Six in ten work more hours than they are contracted for: 4.2 hours a week more on "
        "average, across everyone who answered.",
        "Demands is the lowest-scoring area, at 41.5 out of 100.",
        "Workload manageability fell by 12 points since last year.",
        "Workload manageability is 7 points below the region's score.",
        "Manager support rose by 8 points since last year.",
        "One in ten who answered have experienced bullying or harassment at work.",
        "Two in ten who answered plan to leave within a year.",
        "Workers are in sustained caseload breach in 1 team that answered: Adults long-term.",
    ]


@pytest.mark.parametrize(
    ("change", "said"), [(D("-4.9"), False), (D("-5.0"), True), (D("4.9"), False)]
)
def test_a_change_under_five_points_is_not_worth_a_sentence(change, said):
    report = _report(areas=[AreaScore("role", "Role", D("60.0"), 40, D("60.0"), change)])
    texts = [f.text for f in generate_findings(report)]
    assert any("since last year" in t for t in texts) is said
