"""Skill mix: MILP-1 of reference/02 §6 (pyworkforce's README), and constructed
establishments small enough to check by hand: eligibility, delegation to
administrators, supervision spans, newly qualified protection, caseload
ceilings, half-FTE steps and the budget, with their boundaries."""

import numpy as np
import pytest

from safeworkload.calc.montecarlo import LogNormal, NegativeBinomial, UncertainActivity
from safeworkload.calc.skillmix import (
    Activity,
    CaseType,
    Profile,
    Role,
    SkillMixProblem,
    Span,
    activity_hour_draws,
    cheapest_cover,
    demand_at_confidence,
    open_cases_at_confidence,
    optimise_skill_mix,
)

HOURS = 1400.0  # activity hours a year in one FTE, for easy sums


def social_worker(**changes):
    fields = {
        "key": "social_worker",
        "kind": "practitioner",
        "registered": True,
        "cost_per_fte": 50_000,
        "hours_per_fte": HOURS,
        "max_weighted_caseload": 20,
    }
    return Role(**{**fields, **changes})


def administrator(**changes):
    fields = {
        "key": "administrator",
        "kind": "administrator",
        "registered": False,
        "cost_per_fte": 30_000,
        "hours_per_fte": HOURS,
    }
    return Role(**{**fields, **changes})


TEAM_MANAGER = Role(
    key="team_manager",
    kind="manager",
    registered=True,
    cost_per_fte=65_000,
    hours_per_fte=HOURS,
)
NEWLY_QUALIFIED = Role(
    key="newly_qualified",
    kind="practitioner",
    registered=True,
    cost_per_fte=40_000,
    hours_per_fte=HOURS,
    protected_hours=140,  # 10% protected development time
    max_weighted_caseload=18,  # 90% of a social worker's 20
)
MANAGER_SPAN = Span(
    name="team manager span",
    over=("team_manager",),
    under=("social_worker",),
    span=8,
)


def enquiries(hours):
    return Activity(key="s42_enquiry", hours=hours, eligible=("social_worker",), reserved=True)


def paperwork(hours, eligible=("social_worker", "administrator")):
    return Activity(key="paperwork", hours=hours, eligible=eligible)


def team(*, enquiry_hours=7000.0, paperwork_hours=2800.0, admin_limit=None, budget=None):
    return SkillMixProblem(
        roles=[social_worker(), administrator(max_fte=admin_limit), TEAM_MANAGER],
        activities=[enquiries(enquiry_hours), paperwork(paperwork_hours)],
        spans=[MANAGER_SPAN],
        budget=budget,
    )


def test_milp_1_two_billing_only_and_three_flexible_agents_cost_6_5():
    profiles = [
        Profile("billing only", ("billing",), 1.0),
        Profile("technical only", ("technical",), 1.0),
        Profile("flexible", ("billing", "technical"), 1.5),
    ]
    cover = cheapest_cover({"billing": 5, "technical": 3}, profiles)
    assert cover.feasible
    assert cover.people == {"billing only": 2, "technical only": 0, "flexible": 3}
    assert cover.cost == 6.5


def test_a_need_no_profile_covers_cannot_be_met():
    cover = cheapest_cover({"amhp": 1}, [Profile("social worker", ("duty",))])
    assert not cover.feasible


def test_administrators_take_the_paperwork_because_they_cost_less_than_social_workers():
    result = optimise_skill_mix(team())
    assert result.feasible
    assert result.fte == {"social_worker": 5.0, "administrator": 2.0, "team_manager": 1.0}
    assert result.cost == 375_000
    assert result.hours["paperwork"] == {"social_worker": 0.0, "administrator": 2800.0}


def test_reserved_work_is_only_ever_given_to_registered_staff():
    problem = SkillMixProblem(
        roles=[social_worker(), administrator()],
        activities=[Activity("s42", 100, ("administrator",), reserved=True)],
    )
    with pytest.raises(ValueError, match="reserved to registered staff"):
        optimise_skill_mix(problem)


@pytest.mark.parametrize(
    ("paperwork_hours", "admin_limit", "freed"),
    [
        pytest.param(2800, None, 0, id="administrators already take all the paperwork"),
        pytest.param(2800, 1, 1400, id="social workers do 1,400 h: one more frees a full post"),
        pytest.param(2100, 1, 700, id="social workers do 700 h: one more frees 700 h"),
    ],
)
def test_one_more_administrator_frees_the_paperwork_social_workers_were_doing(
    paperwork_hours, admin_limit, freed
):
    result = optimise_skill_mix(team(paperwork_hours=paperwork_hours, admin_limit=admin_limit))
    assert result.administrator_value == {"administrator": pytest.approx(freed)}


@pytest.mark.parametrize(
    ("enquiry_hours", "step", "social_workers"),
    [
        pytest.param(7000, 0.5, 5.0, id="exactly 5 FTE of work"),
        pytest.param(7001, 0.5, 5.5, id="an hour over rounds up to the next half"),
        pytest.param(7700, 0.5, 5.5, id="5.5 FTE of work"),
        pytest.param(7700, 1.0, 6.0, id="5.5 FTE of work in whole posts"),
    ],
)
def test_fte_comes_in_steps_of_a_half_unless_whole_posts_are_asked_for(
    enquiry_hours, step, social_workers
):
    problem = SkillMixProblem(
        roles=[social_worker()], activities=[enquiries(enquiry_hours)], fte_step=step
    )
    assert optimise_skill_mix(problem).fte["social_worker"] == social_workers


@pytest.mark.parametrize(
    ("enquiry_hours", "managers", "span_binds"),
    [
        pytest.param(11_200, 1.0, True, id="8 social workers fill one manager's span"),
        pytest.param(11_900, 1.5, False, id="8.5 social workers need a second half manager"),
        pytest.param(5_600, 0.5, True, id="4 social workers fill half a manager's span"),
        pytest.param(4_200, 0.5, False, id="3 social workers still need half a manager"),
    ],
)
def test_every_eight_practitioners_need_a_team_manager(enquiry_hours, managers, span_binds):
    result = optimise_skill_mix(team(enquiry_hours=enquiry_hours, paperwork_hours=0))
    assert result.fte["team_manager"] == managers
    assert ("span: team manager span" in result.binding) is span_binds


@pytest.mark.parametrize(
    ("hours", "protected_hours", "newly_qualified"),
    [
        pytest.param(2600, 140, 2.5, id="with 10% protected time 2,600 h need 2.5"),
        pytest.param(2600, 0, 2.0, id="without protected time 2,600 h need 2"),
        pytest.param(2520, 140, 2.0, id="2,520 h fill exactly 2 protected posts"),
    ],
)
def test_newly_qualified_protected_time_is_kept_free_of_work(
    hours, protected_hours, newly_qualified
):
    role = Role(
        key="newly_qualified",
        kind="practitioner",
        registered=True,
        cost_per_fte=40_000,
        hours_per_fte=HOURS,
        protected_hours=protected_hours,
    )
    problem = SkillMixProblem(
        roles=[role], activities=[Activity("assessment", hours, ("newly_qualified",))]
    )
    result = optimise_skill_mix(problem)
    assert result.fte["newly_qualified"] == newly_qualified
    assert result.spare_hours["newly_qualified"] >= 0


@pytest.mark.parametrize(
    ("weighted_cases", "social_workers"),
    [
        pytest.param(100, 5.0, id="100 points at 20 each"),
        pytest.param(101, 5.5, id="one point over"),
        pytest.param(110, 5.5, id="110 points"),
    ],
)
def test_no_one_holds_more_than_the_maximum_weighted_caseload(weighted_cases, social_workers):
    problem = SkillMixProblem(
        roles=[social_worker()],
        activities=[],
        case_types=[CaseType("review", weighted_cases, ("social_worker",))],
    )
    assert optimise_skill_mix(problem).fte["social_worker"] == social_workers


def test_cases_go_to_newly_qualified_staff_only_within_their_lower_ceiling():
    problem = SkillMixProblem(
        roles=[social_worker(cost_per_fte=60_000), NEWLY_QUALIFIED],
        activities=[],
        case_types=[CaseType("review", 36, ("social_worker", "newly_qualified"))],
        spans=[Span("practice supervision", ("social_worker",), ("newly_qualified",), 2)],
    )
    result = optimise_skill_mix(problem)
    # Two newly qualified at 18 would hold all 36 for £80,000 but need a
    # supervisor; one of each (20 + 18 points) is the cheapest that may.
    assert result.fte == {"social_worker": 1.0, "newly_qualified": 1.0}
    assert result.cost == 100_000
    assert result.caseload["review"]["newly_qualified"] <= 18 + 1e-6


@pytest.mark.parametrize(
    ("budget", "feasible", "binding"),
    [
        pytest.param(375_000, True, ("budget",), id="exactly enough"),
        pytest.param(374_999, False, ("budget",), id="a pound short"),
        pytest.param(1_000_000, True, (), id="plenty"),
    ],
)
def test_a_budget_below_the_cheapest_establishment_says_so_instead_of_failing(
    budget, feasible, binding
):
    result = optimise_skill_mix(team(budget=budget))
    assert result.feasible is feasible
    assert result.binding == binding


def test_a_budget_too_small_reports_what_the_work_would_cost():
    result = optimise_skill_mix(team(budget=300_000))
    assert result.minimum_cost == 375_000
    assert result.message == (
        "The budget of £300,000 is below £375,000, "
        "the cost of the cheapest establishment that covers the work."
    )


def test_a_limit_on_social_workers_that_the_work_exceeds_is_named():
    problem = SkillMixProblem(roles=[social_worker(max_fte=4)], activities=[enquiries(7000)])
    result = optimise_skill_mix(problem)
    assert not result.feasible
    assert result.binding == ("most FTE: social_worker",)


def test_work_that_only_a_role_with_no_posts_may_do_cannot_be_covered():
    problem = SkillMixProblem(
        roles=[social_worker(), administrator(max_fte=0)],
        activities=[paperwork(10, eligible=("administrator",))],
    )
    result = optimise_skill_mix(problem)
    assert not result.feasible
    assert result.binding == ("eligibility: paperwork",)


def test_no_work_needs_no_staff():
    result = optimise_skill_mix(team(enquiry_hours=0, paperwork_hours=0))
    assert result.fte == {"social_worker": 0.0, "administrator": 0.0, "team_manager": 0.0}
    assert result.cost == 0


def test_demand_at_a_confidence_level_brings_the_total_to_its_quantile_not_each_activity():
    draws = {
        "assessment": np.array([100.0, 200.0, 300.0, 400.0, 500.0]),
        "review": np.array([50.0, 40.0, 30.0, 20.0, 10.0]),
    }
    # Totals 150, 240, 330, 420, 510: the median is 330, the mean 330.
    assert demand_at_confidence(draws, 0.5) == {"assessment": 300.0, "review": 30.0}
    at_90 = demand_at_confidence(draws, 0.9)
    assert sum(at_90.values()) == pytest.approx(474.0)
    assert sum(at_90.values()) < np.quantile(draws["assessment"], 0.9) + np.quantile(
        draws["review"], 0.9
    )


def test_mc_1_demand_at_the_median_is_close_to_the_mean_hours():
    # §3.6: 1,200 assessments of 12 h and 400 enquiries of 10 h: 18,400 h on average.
    activities = {
        "assessment": UncertainActivity(NegativeBinomial(1200, 0.10), LogNormal(12, 0.15)),
        "s47": UncertainActivity(NegativeBinomial(400, 0.15), LogNormal(10, 0.15)),
    }
    draws = activity_hour_draws(activities, replications=20_000, seed=20240601)
    assert sum(demand_at_confidence(draws, 0.5).values()) == pytest.approx(18_400, rel=0.02)
    assert sum(demand_at_confidence(draws, 0.9).values()) > 18_400 * 1.1


@pytest.mark.parametrize(
    ("mean", "confidence", "expected"),
    [
        pytest.param(500, 0.5, 500, id="the median of Poisson(500)"),
        pytest.param(500, 0.9, 529, id="P90 is about 500 + 1.28 x sqrt(500)"),
        pytest.param(0, 0.9, 0, id="no cases"),
    ],
)
def test_open_cases_at_a_confidence_level_follow_the_poisson_spread(mean, confidence, expected):
    assert open_cases_at_confidence(mean, confidence) == expected


@pytest.mark.parametrize("confidence", [0, 1, 1.5])
def test_a_confidence_level_must_be_strictly_between_0_and_1(confidence):
    with pytest.raises(ValueError, match="confidence"):
        open_cases_at_confidence(10, confidence)


@pytest.mark.parametrize("first", ["social_worker", "occupational_therapist"])
def test_between_roles_that_cost_the_same_the_one_listed_first_is_chosen(first):
    therapist = social_worker(key="occupational_therapist")
    roles = [social_worker(), therapist]
    if first == "occupational_therapist":
        roles.reverse()
    assessments = Activity(
        key="assessments", hours=7000.0, eligible=("social_worker", "occupational_therapist")
    )
    result = optimise_skill_mix(SkillMixProblem(roles=roles, activities=[assessments]))
    assert result.feasible
    assert result.fte[first] == 5.0
    assert sum(result.fte.values()) == 5.0
