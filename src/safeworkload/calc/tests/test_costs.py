"""Costs: pay with on-costs, and the gap between required, funded and in post.

Reference/02 gives no pay figures, so every figure here is constructed: rates
of the kind in force in England in 2025/26 (employer's NI 15% above £5,000 a
year), an assumed pension fund rate of 19%, and round salaries."""

import pytest

from safeworkload.calc.costs import (
    OnCosts,
    cost_per_fte,
    costs_by_grade,
    employer_cost,
    staffing_gap,
)

ENGLAND_2025 = OnCosts(employer_ni_rate=0.15, ni_threshold=5_000, pension_rate=0.19)


def test_a_40000_salary_costs_the_employer_52850_with_ni_and_pension():
    cost = employer_cost(40_000, ENGLAND_2025)
    assert cost.employer_ni == pytest.approx(5_250)  # 15% of 35,000
    assert cost.pension == pytest.approx(7_600)  # 19% of 40,000
    assert cost.total == pytest.approx(52_850)
    assert cost.on_cost_percent == pytest.approx(32.125)


@pytest.mark.parametrize(
    ("salary", "employer_ni"),
    [
        pytest.param(4_999, 0, id="below the threshold"),
        pytest.param(5_000, 0, id="at the threshold"),
        pytest.param(5_001, 0.15, id="a pound above"),
        pytest.param(0, 0, id="unpaid"),
    ],
)
def test_employers_ni_is_charged_only_on_pay_above_the_threshold(salary, employer_ni):
    assert employer_cost(salary, ENGLAND_2025).employer_ni == pytest.approx(employer_ni)


def test_an_apprenticeship_levy_is_an_other_on_cost_on_the_whole_salary():
    with_levy = OnCosts(
        employer_ni_rate=0.15, ni_threshold=5_000, pension_rate=0.19, other_rate=0.005
    )
    assert cost_per_fte(40_000, with_levy) == pytest.approx(52_850 + 200)


def test_each_grade_is_costed_on_its_own_salary():
    costs = costs_by_grade({"Grade 8": 30_000, "Grade 10": 40_000}, ENGLAND_2025)
    assert costs["Grade 8"].total == pytest.approx(30_000 + 3_750 + 5_700)
    assert costs["Grade 10"].total == pytest.approx(52_850)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("employer_ni_rate", -0.01),
        ("employer_ni_rate", 1.0),
        ("pension_rate", 1.5),
        ("other_rate", -1),
        ("ni_threshold", -1),
    ],
)
def test_an_impossible_on_cost_rate_is_refused(field, value):
    fields = {"employer_ni_rate": 0.15, "ni_threshold": 5_000, "pension_rate": 0.19}
    with pytest.raises(ValueError):
        OnCosts(**{**fields, field: value})


def test_a_negative_salary_is_refused():
    with pytest.raises(ValueError, match="salary"):
        employer_cost(-1, ENGLAND_2025)


# A team needs 12 social workers, the budget pays for 10 and 8 are in post;
# it needs 2 administrators, pays for 3 and has 3.
GAP = staffing_gap(
    required={"social_worker": 12, "administrator": 2},
    funded={"social_worker": 10, "administrator": 3},
    in_post={"social_worker": 8, "administrator": 3},
    cost_per_fte={"social_worker": 52_850, "administrator": 35_000},
)


@pytest.mark.parametrize(
    ("role", "unfunded", "vacant", "shortfall"),
    [
        pytest.param("social_worker", 2, 2, 4, id="social workers"),
        pytest.param("administrator", -1, 0, -1, id="administrators: one funded post spare"),
    ],
)
def test_the_gap_separates_posts_not_funded_from_posts_not_filled(
    role, unfunded, vacant, shortfall
):
    row = next(row for row in GAP.roles if row.role == role)
    assert (row.unfunded, row.vacant, row.shortfall) == (unfunded, vacant, shortfall)


def test_the_gap_is_priced_at_each_roles_cost_per_fte():
    assert GAP.unfunded_cost == pytest.approx(2 * 52_850 - 35_000)
    assert GAP.vacant_cost == pytest.approx(2 * 52_850)
    assert GAP.shortfall_cost == pytest.approx(4 * 52_850 - 35_000)
    assert GAP.required_cost - GAP.funded_cost == pytest.approx(GAP.unfunded_cost)


def test_a_role_missing_from_a_count_has_none_there():
    gap = staffing_gap(
        required={"occupational_therapist": 1.5},
        funded={},
        in_post={},
        cost_per_fte={"occupational_therapist": 50_000},
    )
    assert gap.roles[0].unfunded_cost == pytest.approx(75_000)


def test_every_role_in_the_gap_needs_a_cost():
    with pytest.raises(ValueError, match="No cost per FTE for roles: assistant"):
        staffing_gap(required={"assistant": 1}, funded={}, in_post={}, cost_per_fte={})
