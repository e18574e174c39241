"""The DfE workforce measures against the national figures of reference/03 §1.1
and §1.2 (the 2017-2025 file, snapshot of April 2026), with their boundaries."""

from datetime import date
from decimal import Decimal

import pytest

from safeworkload.calc.workforce import (
    agency_covering_vacancies,
    agency_rate,
    annual_cost_pence,
    census_date,
    fte,
    percent,
    turnover_rate,
    vacancies_covered_by_agency,
    vacancy_rate,
    weekly_cost_pence,
    year_to,
)

D = Decimal


def two_places(value: Decimal | None) -> Decimal:
    assert value is not None
    return value.quantize(D("0.01"))


def one_place(value: Decimal | None) -> Decimal:
    assert value is not None
    return value.quantize(D("0.1"))


# reference/03 §1.2, the 2025 check column, to two places.
@pytest.mark.parametrize(
    ("measure", "numerator", "other", "expected"),
    [
        pytest.param(vacancy_rate, "5965.4", "36186.3", "14.15", id="vacancy 5,965.4 / 42,151.7"),
        pytest.param(agency_rate, "5415.9", "36186.3", "13.02", id="agency 5,415.9 / 41,602.2"),
        pytest.param(turnover_rate, "4276.3", "36186.3", "11.82", id="turnover 4,276.3 / 36,186.3"),
        pytest.param(
            agency_covering_vacancies, "4390.8", "5415.9", "81.07", id="agency on vacancies"
        ),
        pytest.param(
            vacancies_covered_by_agency, "4390.8", "5965.4", "73.60", id="vacancies by agency"
        ),
    ],
)
def test_the_2025_national_figures_give_the_published_rates(measure, numerator, other, expected):
    assert two_places(measure(D(numerator), D(other))) == D(expected)


# reference/03 §1.1: in-post FTE, vacancy FTE and the published vacancy rate, every year.
@pytest.mark.parametrize(
    ("year", "in_post", "vacancies", "published"),
    [
        (2017, "28482.6", "5822.6", "17.0"),
        (2018, "29464.9", "5812.4", "16.5"),
        (2019, "30683.8", "6036.6", "16.4"),
        (2020, "31852.3", "6112.6", "16.1"),
        (2021, "32502.0", "6521.9", "16.7"),
        (2022, "31634.1", "7912.9", "20.0"),
        (2023, "33119.1", "7722.7", "18.9"),
        (2024, "34328.2", "7188.6", "17.3"),
        (2025, "36186.3", "5965.4", "14.2"),
    ],
)
def test_each_years_vacancy_rate_matches_the_published_one(year, in_post, vacancies, published):
    assert one_place(vacancy_rate(D(vacancies), D(in_post))) == D(published)


def test_headcount_turnover_divides_headcount_leavers_by_headcount_in_post():
    # 2023: 5,640 leavers over 35,199 in post, published as 16.0%.
    assert one_place(turnover_rate(5640, 35199)) == D("16.0")


@pytest.mark.parametrize(
    ("vacancy_fte", "in_post_fte", "expected"),
    [
        pytest.param("0", "0", None, id="no posts at all: no figure"),
        pytest.param("0", "10", D("0"), id="nothing vacant: 0%"),
        pytest.param("2.5", "0", D("100"), id="nobody in post: 100%"),
        pytest.param("1", "3", D("25"), id="one of four"),
    ],
)
def test_vacancy_rate_boundaries(vacancy_fte, in_post_fte, expected):
    assert vacancy_rate(D(vacancy_fte), D(in_post_fte)) == expected


@pytest.mark.parametrize(
    ("measure", "args"),
    [
        (agency_rate, ("0", "0")),
        (turnover_rate, ("3", "0")),
        (agency_covering_vacancies, ("0", "0")),
        (vacancies_covered_by_agency, ("0", "0")),
    ],
)
def test_a_rate_over_nothing_has_no_figure(measure, args):
    assert measure(*(D(a) for a in args)) is None


def test_percent_of_zero_is_no_figure_not_a_division_error():
    assert percent(5, 0) is None


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(date(2026, 9, 30), date(2026, 9, 30), id="on the census day itself"),
        pytest.param(date(2026, 10, 1), date(2026, 9, 30), id="the day after"),
        pytest.param(date(2026, 9, 29), date(2025, 9, 30), id="the day before: last year's"),
        pytest.param(date(2027, 1, 1), date(2026, 9, 30), id="new year"),
    ],
)
def test_the_census_date_is_the_last_30_september(on, expected):
    assert census_date(on) == expected


def test_the_year_to_a_census_runs_from_1_october():
    assert year_to(date(2025, 9, 30)) == (date(2024, 10, 1), date(2025, 9, 30))


def test_a_year_ending_on_29_february_starts_on_1_march():
    assert year_to(date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))


@pytest.mark.parametrize(
    ("hours", "standard", "expected"),
    [("37", "37", "1"), ("18.5", "37", "0.5"), ("22.5", "36", "0.625")],
)
def test_fte_is_hours_over_the_full_time_week(hours, standard, expected):
    assert fte(D(hours), D(standard)) == D(expected)


def test_a_full_time_week_of_zero_hours_is_refused():
    with pytest.raises(ValueError, match="more than 0"):
        fte(D("37"), D("0"))


@pytest.mark.parametrize(
    ("hours", "pence", "weekly"),
    [
        pytest.param("37", 4500, 166_500, id="a full week at 45 pounds"),
        pytest.param("18.5", 3333, 61_661, id="half a penny rounds up"),
        pytest.param("0", 4500, 0, id="no hours cost nothing"),
    ],
)
def test_a_week_of_cover_costs_hours_times_the_rate(hours, pence, weekly):
    assert weekly_cost_pence(D(hours), pence) == weekly


def test_a_year_of_cover_is_52_weeks():
    assert annual_cost_pence(166_500) == 8_658_000
