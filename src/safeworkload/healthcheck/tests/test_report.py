"""The health check report's figures, on responses built straight into the tables."""

from datetime import date
from decimal import Decimal

import pytest

from safeworkload.caseloads.models import Breach
from safeworkload.healthcheck.selectors.report import (
    Area,
    ItemScale,
    region_health_check,
    survey_report,
)
from safeworkload.healthcheck.tests.test_report_factories import (
    Person,
    answer,
    make_survey,
    same,
)
from safeworkload.organisations.models import Team
from safeworkload.testing import OrganisationFactory, PersonFactory, TeamFactory

D = Decimal


@pytest.mark.parametrize(
    ("answers", "reverse", "expected"),
    [
        ([5], False, D(100)),
        ([1], False, D(0)),
        ([4], False, D(75)),
        ([3, 4], False, D("62.5")),
        ([5], True, D(0)),
        ([1], True, D(100)),
        ([2], True, D(75)),
    ],
)
def test_an_agreement_answer_is_turned_to_a_score_out_of_100(answers, reverse, expected):
    item = ItemScale("x", Area.DEMANDS, D(1), D(5), reverse)
    assert item.points(len(answers), D(sum(answers))) / len(answers) == expected


def test_below_the_minimum_nothing_but_the_self_assessment_and_plan_is_shown(world):
    survey = make_survey(world.a, min_group=10)
    answer(survey, same(9, answers={"workload_manageable": 4, "comments": "Too much"}))
    report = survey_report(survey=survey)
    assert report.respondents is None
    assert not report.published
    assert report.areas == [] and report.cuts == [] and report.comments is None


def test_at_the_minimum_the_scores_and_the_comments_are_shown(world):
    survey = make_survey(world.a, min_group=10)
    answer(
        survey,
        same(
            10,
            answers={
                "workload_manageable": 4,
                "wellbeing_support": 5,
                "wellbeing_exhausted": 5,  # reverse scored: the worst answer
                "comments": "Too much",
            },
        ),
    )
    report = survey_report(survey=survey)
    assert report.respondents == 10
    assert report.area(Area.WORKLOAD).score == D("75.0")
    assert report.area(Area.WELLBEING).score == D("50.0")
    assert report.comments == ["Too much"] * 10


def test_hours_worked_against_contracted_fall_into_bands(world):
    survey = make_survey(world.a, min_group=10)
    people = [
        *same(4, answers={"hours_contracted": 37, "hours_worked": 37}),
        *same(3, answers={"hours_contracted": 37, "hours_worked": 39}),
        *same(2, answers={"hours_contracted": 30, "hours_worked": 36}),
        *same(1, answers={"hours_contracted": 37, "hours_worked": 55}),
    ]
    answer(survey, people)
    hours = survey_report(survey=survey).hours
    assert hours is not None
    assert [b.count for b in hours.bands] == [4, 3, 0, 2, 1]
    assert hours.more_than_contracted == D("60.0")
    # (0*4 + 2*3 + 6*2 + 18) / 10
    assert hours.mean_extra == D("3.6")


def test_the_share_who_could_not_get_supervision_and_its_finding(world):
    from safeworkload.healthcheck.selectors.report_findings import generate_findings

    survey = make_survey(world.a, min_group=10)
    answer(
        survey,
        [
            *same(3, answers={"supervision_could_not_get": 2, "bullying_experienced": 2}),
            *same(7, answers={"supervision_could_not_get": 1, "bullying_experienced": 3}),
        ],
    )
    report = survey_report(survey=survey)
    assert report.share("supervision_could_not_get").share == D("30.0")
    assert report.share("bullying_experienced").share == D("30.0")
    texts = [f.text for f in generate_findings(report)]
    assert (
        "Three in ten who answered could not get supervision when they needed it last month."
        in texts
    )


def test_a_share_is_hidden_when_fewer_than_the_minimum_answered_it(world):
    survey = make_survey(world.a, min_group=10)
    answer(
        survey,
        [*same(4, answers={"bullying_seen": 2}), *same(8, answers={"workload_manageable": 3})],
    )
    assert survey_report(survey=survey).share("bullying_seen").share is None


def test_last_years_wave_is_compared_on_the_questions_both_asked(world):
    before = make_survey(world.a, year=2025, min_group=10)
    answer(before, same(10, answers={"workload_manageable": 2}))
    now = make_survey(world.a, year=2026, min_group=10)
    answer(now, same(10, answers={"workload_manageable": 4}))
    workload = survey_report(survey=now).area(Area.WORKLOAD)
    assert (workload.last_year, workload.change) == (D("25.0"), D("50.0"))


def test_last_year_is_not_compared_when_it_had_too_few_respondents(world):
    before = make_survey(world.a, year=2025, min_group=10)
    answer(before, same(9, answers={"workload_manageable": 2}))
    now = make_survey(world.a, year=2026, min_group=10)
    answer(now, same(10, answers={"workload_manageable": 4}))
    assert survey_report(survey=now).area(Area.WORKLOAD).last_year is None


def test_the_region_pools_only_waves_that_pass_their_minimum(world):
    neighbour = OrganisationFactory(region=world.region, name="Council C", code="council-c")
    small = OrganisationFactory(region=world.region, name="Council D", code="council-d")
    mine = make_survey(world.a, min_group=10)
    answer(mine, same(10, answers={"workload_manageable": 5}))
    theirs = make_survey(neighbour, min_group=10)
    answer(theirs, same(10, answers={"workload_manageable": 3}))
    hidden = make_survey(small, min_group=10)
    answer(hidden, same(5, answers={"workload_manageable": 1}))
    workload = survey_report(survey=mine).area(Area.WORKLOAD)
    # (100 * 10 + 50 * 10) / 20: Council D's five answers are left out.
    assert workload.region == D("75.0")


def test_with_no_other_organisation_in_the_region_there_is_no_comparison(world):
    mine = make_survey(world.a, min_group=10)
    answer(mine, same(10, answers={"workload_manageable": 5}))
    assert survey_report(survey=mine).area(Area.WORKLOAD).region is None


def _by(report, field):
    cut = next(c for c in report.cuts if c.field == field)
    return cut, {row.label: row for row in cut.rows}


def test_a_small_team_is_hidden_and_so_is_a_second_one_to_protect_it(world):
    survey = make_survey(world.a, min_group=10)
    third = TeamFactory(organisation=world.a, name="Hospital")
    answer(
        survey,
        [
            *same(12, team=world.team_a, answers={"manager_support_discuss": 4}),
            *same(10, team=third, answers={"manager_support_discuss": 2}),
            *same(3, team=world.other_team_a, answers={"manager_support_discuss": 1}),
        ],
    )
    cut, rows = _by(survey_report(survey=survey), "team_id")
    assert rows["Children duty"].hidden
    # Total 25 minus the visible teams must not give the three: the smaller of the
    # other two goes too, and together they reach ten.
    assert rows["Hospital"].hidden
    assert not rows["Adults long-term"].hidden
    assert cut.combined is not None and cut.combined.respondents == 13
    assert rows["Hospital"].scores[Area.MANAGER_SUPPORT] is None


def test_when_no_pair_reaches_the_minimum_every_group_is_hidden(world):
    survey = make_survey(world.a, min_group=10)
    answer(
        survey,
        [
            *same(20, team=world.team_a, answers={"workload_manageable": 4}),
            *same(2, team=world.other_team_a, answers={"workload_manageable": 1}),
            *same(1, answers={"workload_manageable": 1}),
        ],
    )
    cut, rows = _by(survey_report(survey=survey), "team_id")
    assert all(row.hidden for row in rows.values())
    assert cut.combined is None


def test_a_group_that_moved_by_a_few_people_since_last_year_is_hidden(world):
    before = make_survey(world.a, year=2025, min_group=10)
    answer(
        before,
        [
            *same(12, grade="Senior", answers={"workload_manageable": 3}),
            *same(20, grade="Band 6", answers={"workload_manageable": 3}),
            *same(20, grade="Band 7", answers={"workload_manageable": 3}),
        ],
    )
    now = make_survey(world.a, year=2026, min_group=10)
    answer(
        now,
        [
            *same(13, grade="Senior", answers={"workload_manageable": 1}),
            *same(20, grade="Band 6", answers={"workload_manageable": 3}),
            *same(20, grade="Band 7", answers={"workload_manageable": 3}),
        ],
    )
    _, rows = _by(survey_report(survey=now), "grade")
    # One joiner: this year's Senior score minus last year's would be theirs.
    assert rows["Senior"].hidden
    assert sum(row.hidden for row in rows.values()) >= 2


def test_the_service_area_cut_uses_the_service_names(world):
    survey = make_survey(world.a, min_group=10)
    answer(survey, same(10, service_area=Team.ServiceArea.ADULTS, answers={"role_clear": 4}))
    _, rows = _by(survey_report(survey=survey), "service_area")
    assert rows[Team.ServiceArea.ADULTS.label].respondents == 10


def test_teams_show_manager_support_beside_sustained_breaches(world):
    survey = make_survey(world.a, min_group=10)
    answer(
        survey,
        [
            *same(10, team=world.team_a, answers={"manager_support_discuss": 2}),
            *same(10, team=world.other_team_a, answers={"manager_support_discuss": 4}),
        ],
    )
    for person in (
        world.practitioner_person,
        PersonFactory(organisation=world.a, team=world.team_a),
    ):
        Breach.objects.create(
            organisation=world.a,
            person=person,
            team=world.team_a,
            kind=Breach.Kind.SUSTAINED_OVERLOAD,
            opened_on=date(2026, 5, 4),
            due_on=date(2026, 5, 18),
        )
    report = survey_report(survey=survey, today=date(2026, 6, 15))
    teams = {t.team: t for t in report.teams}
    assert teams["Adults long-term"].workers_in_sustained_breach == 2
    assert teams["Adults long-term"].manager_support == D("25.0")
    assert teams["Children duty"].workers_in_sustained_breach == 0
    assert report.supervision_month == date(2026, 5, 1)


def test_the_region_view_hides_an_organisation_below_its_minimum(world):
    small = OrganisationFactory(region=world.region, name="Council D", code="council-d")
    answer(make_survey(world.a, min_group=10), same(10, answers={"workload_manageable": 4}))
    answer(make_survey(small, min_group=10), same(6, answers={"workload_manageable": 1}))
    rows = {
        r.organisation.name: r
        for r in region_health_check(organisations=[world.a, small], year=2026)
    }
    assert rows["Council A"].respondents == 10
    assert rows["Council A"].scores[Area.WORKLOAD] == D("75.0")
    assert rows["Council D"].respondents is None
    assert rows["Council D"].scores[Area.WORKLOAD] is None


def test_the_report_lists_last_years_actions_and_whether_each_was_done(world):
    from safeworkload.healthcheck.services.plan import (
        action_cosign,
        action_done,
        action_propose,
        finding_add,
    )

    before = make_survey(world.a, year=2025)
    finding = finding_add(survey=before, actor=None, area=Area.SUPERVISION, text="Too little")
    done = action_propose(
        finding=finding,
        actor=None,
        description="Book sessions",
        owner="PSW",
        due_on=date(2025, 9, 1),
    )
    action_cosign(action=done, actor=None, today=date(2025, 7, 1))
    action_done(action=done, actor=None, evidence="All booked", today=date(2025, 8, 1))
    action_propose(
        finding=finding,
        actor=None,
        description="Train managers",
        owner="HR",
        due_on=date(2025, 9, 1),
    )
    now = make_survey(world.a, year=2026)
    actions = {a.description: a for a in survey_report(survey=now).previous_actions}
    assert actions["Book sessions"].status == "done"
    assert actions["Train managers"].status == "proposed"


def test_the_query_count_does_not_grow_with_the_number_of_responses(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (20, 60):
        survey = make_survey(world.a, year=2020 + n)
        answer(
            survey,
            [
                Person(
                    team=world.team_a if i % 2 else world.other_team_a,
                    grade=f"Band {i % 3}",
                    answers={
                        "workload_manageable": 1 + i % 5,
                        "hours_contracted": 37,
                        "hours_worked": 40,
                    },
                )
                for i in range(n)
            ],
        )
        with CaptureQueriesContext(connection) as queries:
            survey_report(survey=survey)
        counts.append(len(queries))
    assert counts[0] == counts[1]
