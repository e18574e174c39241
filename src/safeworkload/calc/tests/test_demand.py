"""Demand: LITTLE-1 of reference/02 §6, need rates per 10,000, Little's law both
ways, and activity counts from case events."""

from datetime import date

import pytest

from safeworkload.calc.demand import (
    EventRule,
    activity_counts,
    annual_counts_from_events,
    case_holding_fte,
    demand_by_band,
    demand_from_population,
    mean_duration,
    open_cases,
    open_cases_by_type,
    rate_per_10k,
    years_between,
)


def test_little_1_a_thousand_cases_a_year_open_half_a_year_are_500_open_cases():
    assert open_cases(arrival_rate=1000, mean_duration=0.5) == 500


def test_little_1_five_hundred_cases_at_16_each_need_31_25_case_holders():
    assert case_holding_fte(open_cases=500, caseload_per_fte=16) == 31.25


def test_littles_law_works_in_weeks_as_well_as_years():
    # 1,000 a year is 1000/52 a week; half a year is 26 weeks.
    assert open_cases(arrival_rate=1000 / 52, mean_duration=26) == pytest.approx(500)


def test_the_mean_duration_follows_from_open_cases_and_arrivals():
    assert mean_duration(open_cases=500, arrival_rate=1000) == 0.5


@pytest.mark.parametrize(
    ("function", "arguments"),
    [
        (open_cases, {"arrival_rate": -1, "mean_duration": 1}),
        (mean_duration, {"open_cases": 10, "arrival_rate": 0}),
        (case_holding_fte, {"open_cases": 10, "caseload_per_fte": 0}),
        (rate_per_10k, {"count": 1, "population": 0}),
    ],
)
def test_impossible_flows_are_refused(function, arguments):
    with pytest.raises(ValueError):
        function(**arguments)


# A made-up council's children by age band and need rates per 10,000.
POPULATION = {"0-4": 12_000, "5-9": 13_000, "10-15": 15_000, "16-17": 4_000}
RATES = {"0-4": 350.0, "5-9": 300.0, "10-15": 320.0, "16-17": 400.0, "18-24": 50.0}


def test_demand_in_each_band_is_population_times_the_rate_per_10000():
    assert demand_by_band(population=POPULATION, rates_per_10k=RATES) == {
        "0-4": 420.0,
        "5-9": 390.0,
        "10-15": 480.0,
        "16-17": 160.0,
    }


@pytest.mark.parametrize(("multiplier", "total"), [(1.0, 1450.0), (1.1, 1595.0), (0.0, 0.0)])
def test_demand_from_population_adds_the_bands_and_applies_a_multiplier(multiplier, total):
    assert demand_from_population(
        population=POPULATION, rates_per_10k=RATES, multiplier=multiplier
    ) == pytest.approx(total)


def test_an_age_band_without_a_need_rate_is_named():
    with pytest.raises(ValueError, match="No need rate for age bands: 65\\+"):
        demand_by_band(population={**POPULATION, "65+": 100}, rates_per_10k=RATES)


def test_a_rate_fitted_on_the_count_gives_the_count_back():
    rate = rate_per_10k(count=420, population=12_000)
    assert rate == 350
    assert demand_from_population(population={"0-4": 12_000}, rates_per_10k={"0-4": rate}) == 420


def test_open_cases_by_type_applies_littles_law_to_each_type():
    assert open_cases_by_type(
        arrivals={"child in need": 1000, "child protection": 120},
        mean_durations={"child in need": 0.5, "child protection": 0.75},
    ) == {"child in need": 500, "child protection": 90}


def test_a_case_type_without_a_duration_is_named():
    with pytest.raises(ValueError, match="No mean duration for case types: child protection"):
        open_cases_by_type(arrivals={"child protection": 120}, mean_durations={})


def test_activity_counts_come_from_openings_and_from_open_cases():
    counts = activity_counts(
        openings_per_year={"child in need": 1000, "child protection": 120},
        open_cases={"child in need": 500, "child protection": 90},
        rules=[
            EventRule("child in need", "assessment", per_opening=1),
            EventRule("child protection", "assessment", per_opening=1),
            # A visit every four weeks for a child in need, every ten days for protection.
            EventRule("child in need", "visit", per_open_case_per_year=13),
            EventRule("child protection", "visit", per_open_case_per_year=36.5),
            EventRule("child protection", "conference", per_opening=1, per_open_case_per_year=2),
        ],
    )
    assert counts == pytest.approx(
        {"assessment": 1120, "visit": 500 * 13 + 90 * 36.5, "conference": 120 + 180}
    )


def test_a_rule_for_a_case_type_with_no_cases_makes_no_activity():
    counts = activity_counts(
        openings_per_year={},
        open_cases={},
        rules=[EventRule("leaving care", "pathway plan review", per_open_case_per_year=2)],
    )
    assert counts == {"pathway plan review": 0}


def test_a_negative_event_rate_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        activity_counts(
            openings_per_year={"a": 1}, open_cases={}, rules=[EventRule("a", "x", per_opening=-1)]
        )


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2025, 4, 1), date(2026, 4, 1), 1.0),
        # A year holding 29 February 2028 is still one year.
        (date(2027, 4, 1), date(2028, 4, 1), 1.0),
        (date(2025, 1, 1), date(2025, 7, 2), 182 / 365),
        (date(2024, 1, 1), date(2024, 7, 1), 182 / 366),
        (date(2023, 4, 1), date(2025, 10, 1), 2 + 183 / 365),
        # From 29 February the anniversary in a common year is 1 March.
        (date(2024, 2, 29), date(2025, 3, 1), 1.0),
    ],
)
def test_a_period_is_measured_in_calendar_years(start, end, years):
    assert years_between(start, end) == pytest.approx(years)


def test_a_period_that_does_not_move_forward_is_refused():
    with pytest.raises(ValueError, match="must end after it starts"):
        years_between(date(2025, 4, 1), date(2025, 4, 1))


def test_recorded_events_in_the_period_are_counted_and_scaled_to_a_year():
    events = [
        ("visit", date(2025, 1, 1)),  # on the first day: counted
        ("visit", date(2025, 3, 15)),
        ("assessment", date(2025, 6, 30)),
        ("visit", date(2025, 7, 2)),  # on the end date: not counted
        ("visit", date(2024, 12, 31)),  # before: not counted
    ]
    counts = annual_counts_from_events(events, start=date(2025, 1, 1), end=date(2025, 7, 2))
    assert counts == pytest.approx({"visit": 2 * 365 / 182, "assessment": 365 / 182})
