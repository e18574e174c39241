from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeworkload.calc.capacity import (
    WMT_DEFAULT_HOURS,
    WMT_NOMINAL_TARGET,
    available_points,
    capacity_percent,
    check_ceiling,
    hours_percent,
    weighted_points,
)
from safeworkload.calc.standards import band

D = Decimal


def wmt_available(contracted_hours, reduction_hours) -> int:
    return available_points(
        nominal_target=WMT_NOMINAL_TARGET,
        contracted_hours=contracted_hours,
        reduction_hours=reduction_hours,
        default_hours=WMT_DEFAULT_HOURS,
    )


# Available points


def test_a_full_timer_with_no_reductions_has_the_whole_nominal_target():
    assert wmt_available(37, 0) == 2176


def test_a_float_hour_gives_the_same_points_as_the_decimal_it_prints_as():
    assert wmt_available(37.0, 1.8) == wmt_available(D("37"), D("1.8")) == 2070


@pytest.mark.parametrize(
    ("nominal_target", "contracted", "reductions", "default", "expected"),
    [
        # 100 x 33.3 / 37 = 90 exactly: a whole answer is not truncated to 89.
        (100, D("33.3"), 0, 37, 90),
        # 100 x 33.2 / 37 = 89.73: truncated, never rounded up.
        (100, D("33.2"), 0, 37, 89),
        # Wirral's 100-point scheme pro rata: 0.5 of the default week is 50 points.
        (100, D("18.5"), 0, 37, 50),
    ],
)
def test_available_points_are_truncated_to_a_whole_point(
    nominal_target, contracted, reductions, default, expected
):
    assert (
        available_points(
            nominal_target=nominal_target,
            contracted_hours=contracted,
            reduction_hours=reductions,
            default_hours=default,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("contracted", "reductions", "default"),
    [
        (37, 37, 37),  # reductions take every hour
        (10, 12, 37),  # reductions exceed the hours
        (0, 0, 37),  # no hours
        (37, 0, 0),  # a grade with no default hours
    ],
)
def test_there_are_no_available_points_without_hours_left(contracted, reductions, default):
    assert (
        available_points(
            nominal_target=2176,
            contracted_hours=contracted,
            reduction_hours=reductions,
            default_hours=default,
        )
        == 0
    )


@pytest.mark.parametrize(
    ("nominal_target", "contracted", "reductions", "default"),
    [(-1, 37, 0, 37), (2176, -1, 0, 37), (2176, 37, -1, 37), (2176, 37, 0, -37)],
)
def test_negative_hours_or_targets_are_refused(nominal_target, contracted, reductions, default):
    with pytest.raises(ValueError, match="cannot be negative"):
        available_points(
            nominal_target=nominal_target,
            contracted_hours=contracted,
            reduction_hours=reductions,
            default_hours=default,
        )


# Capacity percent


@pytest.mark.parametrize(
    ("points", "available", "percent"),
    [
        (1000, 1000, D("100.0")),
        # 1,000.5 / 1,000 = 1.0005: the half rounds up to 1.001, so 100.1%.
        (D("1000.5"), 1000, D("100.1")),
        # 1,000.4 / 1,000 = 1.0004: rounds down to 1.000, so 100.0%.
        (D("1000.4"), 1000, D("100.0")),
        # 2 / 3 = 0.6667 to 4 places, so 66.7%.
        (2, 3, D("66.7")),
        (1, 3, D("33.3")),
    ],
)
def test_capacity_percent_rounds_the_ratio_half_up_to_three_places(points, available, percent):
    assert capacity_percent(points=points, available_points=available) == percent


@pytest.mark.parametrize(("points", "available"), [(0, 2070), (2070, 0), (0, 0)])
def test_capacity_percent_is_zero_when_either_figure_is_zero(points, available):
    assert capacity_percent(points=points, available_points=available) == 0


def test_negative_points_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        capacity_percent(points=-1, available_points=100)


# Weighted points and ceilings


def test_weighted_points_add_the_fixed_element_each_case_and_extra_duties():
    assert weighted_points(fixed_points=15, case_points=[4, 10, 7], extra_points=5) == 41


def test_a_person_with_no_cases_carries_only_the_fixed_element():
    assert weighted_points(fixed_points=15, case_points=[]) == 15


def test_negative_case_points_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        weighted_points(case_points=[5, -1])


@pytest.mark.parametrize(
    ("points", "new_case", "fits"),
    [(85, 5, True), (85, 6, False), (90, 0, True), (90, 1, False)],
    ids=["reaches-the-ceiling", "one-past", "at-the-ceiling", "at-the-ceiling-plus-one"],
)
def test_a_case_fits_up_to_the_ceiling_and_not_past_it(points, new_case, fits):
    assert check_ceiling(points=points, ceiling=90).can_take(new_case) is fits


def test_room_is_never_negative():
    assert check_ceiling(points=93, ceiling=90).room == 0


def test_a_ceiling_of_nothing_is_refused():
    with pytest.raises(ValueError, match="more than 0"):
        check_ceiling(points=1, ceiling=0)


# Properties

hours = st.decimals(min_value=0, max_value=60, places=1)
points = st.integers(min_value=0, max_value=10_000)


@given(points=points)
def test_capacity_percent_is_zero_whenever_nothing_is_available(points):
    assert capacity_percent(points=points, available_points=0) == 0


@given(points=points, more=st.integers(min_value=0, max_value=1000), available=points)
def test_more_points_never_show_a_lower_capacity(points, more, available):
    before = capacity_percent(points=points, available_points=available)
    assert capacity_percent(points=points + more, available_points=available) >= before


@given(contracted=hours, reductions=hours)
def test_available_points_never_exceed_the_pro_rata_target_nor_fall_below_zero(
    contracted, reductions
):
    result = wmt_available(contracted, reductions)
    assert 0 <= result <= WMT_NOMINAL_TARGET * contracted / WMT_DEFAULT_HOURS


@pytest.mark.parametrize(
    ("contracted", "unpaid", "expected", "shown_band"),
    [
        # A worker under 100% by points who works ten unpaid hours a week is not green.
        ("37", "10", "127.0", "red"),
        ("37", "3.7", "110.0", "red"),
        ("37", "3.6", "109.7", "amber"),
        ("29.6", "2.96", "110.0", "red"),
    ],
)
def test_unpaid_hours_raise_the_share_of_contracted_time_worked(
    contracted, unpaid, expected, shown_band
):
    percent = hours_percent(contracted_hours=Decimal(contracted), unpaid_hours=Decimal(unpaid))
    assert percent == Decimal(expected)
    assert band(percent) == shown_band


def test_hours_percent_needs_a_contract():
    with pytest.raises(ValueError, match="Contracted hours"):
        hours_percent(contracted_hours=0, unpaid_hours=1)
