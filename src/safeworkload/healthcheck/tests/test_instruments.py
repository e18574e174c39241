"""The standard instruments as data: the codes the reports rely on, and idempotence."""

import pytest

from safeworkload.healthcheck.instruments import (
    PRACTITIONER_QUESTIONS,
    ensure_standard_instruments,
    option_labels,
)
from safeworkload.healthcheck.models import Instrument, Question, Scale

pytestmark = pytest.mark.django_db

REPORTED_CODES = [
    "hours_contracted",
    "hours_worked",
    "caseload_now",
    "caseload_next_month",
    "workload_manageable",
    "supervision_last_month",
    "supervision_could_not_get",
    "time_with_people_percent",
    "bullying_seen",
    "bullying_experienced",
    "intention_to_stay",
    "comments",
]
CULTURE_AREAS = [
    "wellbeing",
    "demands",
    "control",
    "manager_support",
    "peer_support",
    "relationships",
    "role",
    "change",
]


def _questions() -> dict[str, Question]:
    practitioner = ensure_standard_instruments().practitioner
    return {q.code: q for q in practitioner.questions.select_related("scale")}


def test_calling_it_twice_creates_nothing_more():
    ensure_standard_instruments()
    counts = (Scale.objects.count(), Instrument.objects.count(), Question.objects.count())
    again = ensure_standard_instruments()
    assert (Scale.objects.count(), Instrument.objects.count(), Question.objects.count()) == counts
    assert again.practitioner.version == 1
    assert again.practitioner.owner is None


@pytest.mark.parametrize("code", REPORTED_CODES)
def test_the_practitioner_survey_asks_each_question_the_reports_rely_on(code):
    assert code in _questions()


@pytest.mark.parametrize("area", CULTURE_AREAS)
def test_each_culture_area_has_two_or_three_agreement_items(area):
    items = [q for code, q in _questions().items() if code.startswith(f"{area}_")]
    assert 2 <= len(items) <= 3
    assert all(q.area == area for q in items)
    assert all(q.scale.code == "agree-5" for q in items)


def test_some_culture_items_are_reverse_scored_where_agreeing_is_worse():
    questions = _questions()
    assert questions["demands_deadlines"].reverse_scored
    assert questions["relationships_blame"].reverse_scored
    assert not questions["manager_support_discuss"].reverse_scored


def test_every_question_has_an_area_and_codes_are_unique():
    assert len({spec.code for spec in PRACTITIONER_QUESTIONS}) == len(PRACTITIONER_QUESTIONS)
    assert all(q.area in Question.Area.values for q in _questions().values())


@pytest.mark.parametrize(
    ("code", "labels"),
    [
        ("supervision_last_month", {1: "None", 2: "Under 1.5 hours", 3: "1.5 hours or more"}),
        ("supervision_could_not_get", {1: "No", 2: "Yes"}),
        ("bullying_seen", {1: "No", 2: "Yes", 3: "Prefer not to say"}),
    ],
)
def test_option_values_are_the_ones_the_reports_count(code, labels):
    assert option_labels(_questions()[code].scale) == labels


def test_intention_to_stay_runs_from_leaving_within_a_year_to_staying_over_three():
    labels = option_labels(_questions()["intention_to_stay"].scale)
    assert labels[1] == "I plan to leave within a year"
    assert labels[4] == "I plan to stay more than three years"


def test_hours_are_a_number_with_the_bands_the_report_uses():
    scale = _questions()["hours_worked"].scale
    assert scale.kind == Scale.Kind.NUMBER
    assert scale.definition["bands"] == [0, 30, 37, 45, 50, 60]


def test_the_self_assessment_has_the_eight_standards_rated_from_not_met_to_fully_met():
    assessment = ensure_standard_instruments().self_assessment
    questions = list(assessment.questions.select_related("scale"))
    assert [q.code for q in questions] == [f"standard_{n}" for n in range(1, 9)]
    assert questions[2].text == "Standard 3: Safe workloads and case allocation"
    labels = option_labels(questions[0].scale)
    assert (labels[1], labels[4]) == ("Not met", "Fully met")
