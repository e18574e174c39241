"""The demo health check: realistic shares, groups too small to show, and no link to people."""

import random
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.db.models import Count

from safeworkload.healthcheck.demo import HealthCheckFigures, healthcheck_demo_build
from safeworkload.healthcheck.models import (
    Comment,
    Invitation,
    Rating,
    Response,
    SelfAssessment,
    Survey,
)
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.testing import OrganisationFactory, PersonFactory, TeamFactory

TODAY = date(2026, 6, 1)
# Two large teams and one too small for any wave to show.
TEAM_SIZES = (40, 36, 6)


@dataclass
class Employer:
    organisation: Organisation
    teams: list[Team]
    current: list[Person]
    leavers: list[Person] = field(default_factory=list)


@pytest.fixture
def built(db) -> tuple[Employer, HealthCheckFigures]:
    organisation = OrganisationFactory()
    teams = [TeamFactory(organisation=organisation) for _ in TEAM_SIZES]
    people = [
        PersonFactory(organisation=organisation, team=team, start_date=date(2020, 1, 6))
        for team, size in zip(teams, TEAM_SIZES, strict=True)
        for _ in range(size)
    ]
    employer = Employer(organisation, teams, people)
    figures = healthcheck_demo_build(rng=random.Random(3), organisations=[employer], today=TODAY)
    return employer, figures


def test_each_employer_has_a_closed_wave_last_year_and_this_year(built):
    employer, figures = built
    waves = Survey.objects.filter(organisation=employer.organisation)
    assert sorted(waves.values_list("year", "status")) == [(2025, "closed"), (2026, "closed")]
    assert figures.surveys == 2


def test_about_55_percent_answer_and_invitations_record_exactly_that(built):
    _, figures = built
    assert 45 <= figures.response_rate_percent <= 65
    assert Invitation.objects.filter(completed=True).count() == Response.objects.count()


def test_many_work_beyond_their_hours_and_about_a_third_could_not_get_supervision(built):
    _, figures = built
    assert figures.worked_over_percent > 50
    assert 22 <= figures.could_not_get_supervision_percent <= 45


def test_the_small_team_is_too_small_to_show_in_every_wave(built):
    employer, figures = built
    small = employer.teams[2]
    for survey in Survey.objects.all():
        assert Response.objects.filter(survey=survey, team=small).count() < survey.min_group
    assert figures.groups_too_small >= 2


def test_the_large_teams_have_enough_responses_to_show(built):
    employer, _ = built
    counts = (
        Response.objects.filter(team__in=employer.teams[:2])
        .values("survey", "team")
        .annotate(n=Count("id"))
    )
    assert all(row["n"] >= 10 for row in counts)


def test_comments_name_nobody(built):
    employer, figures = built
    texts = " ".join(Comment.objects.values_list("text", flat=True))
    assert figures.comments > 0
    for person in employer.current:
        assert person.family_name not in texts


def test_this_years_self_assessment_rates_all_eight_standards(built):
    employer, _ = built
    assessment = SelfAssessment.objects.get(organisation=employer.organisation)
    assert assessment.year == 2026
    assert Rating.objects.filter(assessment=assessment).count() == 8


def test_the_figures_line_reads_as_a_sentence(built):
    _, figures = built
    assert figures.line().startswith("2 health check surveys, ")


def test_last_years_findings_have_actions_agreed_on_them_some_already_done(built):
    from safeworkload.healthcheck.models import PlanAction

    _, figures = built
    actions = PlanAction.objects.select_related("finding__survey")
    assert actions.count() == figures.actions > 0
    assert {a.finding.survey.year for a in actions} == {TODAY.year - 1}
    assert {a.status for a in actions} <= {PlanAction.Status.AGREED, PlanAction.Status.DONE}
    assert actions.filter(status=PlanAction.Status.DONE, done_on__lte=TODAY).exists()
