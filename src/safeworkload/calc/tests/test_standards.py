from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeworkload.calc.standards import (
    BANDS,
    DFE_AVERAGE,
    PER_PERSON_MEDIAN,
    PROFILES,
    Edge,
    Profile,
    Thresholds,
    at_or_over,
    band,
    check_count,
    cwla_caps,
    cwla_new_cases_allowed,
    cwla_supervisors_needed,
    dfe_average_caseload,
    hmpps_maw,
    hmpps_wmt_legacy,
    median_caseload,
    over,
    probation_2010,
    profile_named,
    protected_development_hours,
    scotland_2022_caps,
    sustained_overload,
    workload_ceiling,
)

D = Decimal


def rows(profile: str, *pairs: tuple[str, str]) -> list:
    return [pytest.param(profile, D(p), b, id=f"{profile} {p}") for p, b in pairs]


# Each edge of each profile, with the figures just below, at and just above it.
BOUNDARIES = [
    *rows(
        "probation-2010",
        ("0.0", "blue"),
        ("94.9", "blue"),
        ("95.0", "green"),
        ("99.9", "green"),
        ("100.0", "amber"),
        ("109.9", "amber"),
        ("110.0", "red"),
        ("110.1", "red"),
    ),
    *rows(
        "hmpps-wmt-legacy",
        ("89.9", "blue"),
        ("90.0", "green"),
        ("110.0", "green"),
        ("110.1", "red"),
    ),
    *rows("hmpps-maw", ("99.0", "blue"), ("99.1", "red"), ("100.0", "red")),
    *rows(
        "scotland-2022", ("0.0", "green"), ("99.9", "green"), ("100.0", "amber"), ("100.1", "red")
    ),
    *rows("cwla", ("0.0", "green"), ("99.9", "green"), ("100.0", "amber"), ("100.1", "red")),
    # Until an organisation agrees its own, local-agreed is probation-2010.
    *rows(
        "local-agreed",
        ("94.9", "blue"),
        ("95.0", "green"),
        ("99.9", "green"),
        ("100.0", "amber"),
        ("109.9", "amber"),
        ("110.0", "red"),
    ),
]


@pytest.mark.parametrize(("profile", "percent", "expected"), BOUNDARIES)
def test_each_profile_bands_both_sides_of_each_boundary(profile, percent, expected):
    assert band(percent, profile=profile) == expected


def test_every_published_profile_has_boundary_rows():
    assert {row.values[0] for row in BOUNDARIES} == set(PROFILES)


# The readings a source leaves open, one argument away.


@pytest.mark.parametrize(
    ("percent", "expected"), [(D("99.9"), "green"), (D("100.0"), "green"), (D("100.1"), "amber")]
)
def test_probation_2010_can_read_exactly_100_as_green(percent, expected):
    assert band(percent, profile=probation_2010(exactly_100_is_amber=False)) == expected


@pytest.mark.parametrize(("percent", "expected"), [(D("90.0"), "blue"), (D("90.1"), "green")])
def test_wmt_legacy_can_read_exactly_90_as_below_the_target_band(percent, expected):
    assert band(percent, profile=hmpps_wmt_legacy(exactly_90_is_green=False)) == expected


@pytest.mark.parametrize(
    ("percent", "expected"), [(D("99.9"), "blue"), (D("100.0"), "red"), (D("100.1"), "red")]
)
def test_a_manage_a_workforce_team_average_is_over_capacity_from_100(percent, expected):
    assert band(percent, profile=hmpps_maw(team_average=True)) == expected


def test_the_default_profile_is_probation_2010():
    assert band(D("100.0")) == band(D("100.0"), profile="probation-2010") == "amber"


def test_a_figure_between_shown_figures_is_banded_as_given():
    # hmpps-maw's rule is "over 99": 99.01 is over, though it would show as 99.0.
    assert band(D("99.01"), profile="hmpps-maw") == "red"


# local-agreed: an organisation's own scheme.

AGREED = Thresholds(green=at_or_over(80), amber=at_or_over(90), red=over(100))


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (D("79.9"), "blue"),
        (D("80.0"), "green"),
        (D("89.9"), "green"),
        (D("90.0"), "amber"),
        (D("100.0"), "amber"),
        (D("100.1"), "red"),
    ],
)
def test_local_agreed_bands_by_the_organisations_own_thresholds(percent, expected):
    assert band(percent, profile="local-agreed", thresholds=AGREED) == expected


def test_a_profile_object_can_be_passed_instead_of_a_name():
    ours = Profile(name="ours", source="agreed with the branch, 2026", thresholds=AGREED)
    assert band(D("90.0"), profile=ours) == "amber"


def test_local_agreed_with_thresholds_keeps_its_name():
    assert profile_named("local-agreed", thresholds=AGREED).name == "local-agreed"


def test_a_published_profile_does_not_take_thresholds():
    with pytest.raises(ValueError, match="only local-agreed takes thresholds"):
        band(D("90"), profile="probation-2010", thresholds=AGREED)


def test_thresholds_and_a_profile_object_together_are_refused():
    with pytest.raises(ValueError, match="not both"):
        band(D("90"), profile=probation_2010(), thresholds=AGREED)


def test_an_unknown_profile_is_refused_with_the_known_names():
    with pytest.raises(ValueError, match="probation-2010, hmpps-wmt-legacy"):
        band(D("90"), profile="napo-2009")


def test_thresholds_that_fall_from_green_to_red_are_refused():
    with pytest.raises(ValueError, match="must rise"):
        Thresholds(green=at_or_over(100), red=at_or_over(90))


def test_red_may_begin_just_above_where_amber_begins():
    Thresholds(amber=at_or_over(100), red=over(100))
    with pytest.raises(ValueError, match="must rise"):
        Thresholds(amber=over(100), red=at_or_over(100))


def test_a_negative_percentage_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        band(D("-0.1"))


def test_an_edge_records_whether_its_own_figure_is_inside():
    assert Edge(D(110), inclusive=True).reached_by(D(110))
    assert not Edge(D(110), inclusive=False).reached_by(D(110))


percents = st.decimals(min_value=0, max_value=300, places=1)
profiles = st.sampled_from([*PROFILES.values(), hmpps_maw(team_average=True)])


@given(profile=profiles, low=percents, high=percents)
def test_a_higher_percentage_never_gets_a_lower_band(profile, low, high):
    low, high = sorted((low, high))
    assert BANDS.index(band(low, profile=profile)) <= BANDS.index(band(high, profile=profile))


# Sustained overload


@pytest.mark.parametrize(
    ("weekly", "flag"),
    [
        ([111, 111, 111], False),  # three weeks is not four
        ([105, 111, 111, 111, 111], True),  # a run that starts late
        ([111, 111, 111, 111, 105], True),  # a run that has ended still happened
        ([D("110.1")] * 4, True),
        ([], False),
    ],
)
def test_sustained_overload_needs_four_consecutive_weeks_over_110(weekly, flag):
    assert sustained_overload(weekly) is flag


def test_the_overload_limit_and_run_length_are_settings():
    assert sustained_overload([101, 102], above=100, weeks=2)
    assert not sustained_overload([101, 100], above=100, weeks=2)


def test_a_run_of_no_weeks_is_refused():
    with pytest.raises(ValueError, match="at least one week"):
        sustained_overload([120], weeks=0)


@given(weekly=st.lists(st.decimals(min_value="110.1", max_value=300, places=1), min_size=4))
def test_every_week_over_110_for_four_weeks_or_more_is_sustained(weekly):
    assert sustained_overload(weekly)


# Count caps


@pytest.mark.parametrize(
    ("cap", "count", "is_over", "room"),
    [
        ("children-and-families", 14, False, 1),
        ("children-and-families", 15, False, 0),
        ("children-and-families", 16, True, 0),
        ("adults", 25, False, 0),
        ("adults", 26, True, 0),
        ("justice", 25, False, 0),
        ("justice", 26, True, 0),
    ],
)
def test_scotland_2022_caps_are_maxima_met_at_the_cap_and_passed_above_it(
    cap, count, is_over, room
):
    check = check_count(count, scotland_2022_caps()[cap])
    assert (check.over, check.room) == (is_over, room)


@pytest.mark.parametrize(("count", "is_over"), [(20, False), (21, True)])
def test_scotland_adults_can_be_held_to_the_bottom_of_the_20_to_25_range(count, is_over):
    caps = scotland_2022_caps(adults_and_justice_maximum=20)
    assert check_count(count, caps["adults"]).over is is_over


@pytest.mark.parametrize("maximum", [19, 26])
def test_a_scotland_adults_maximum_outside_the_range_is_refused(maximum):
    with pytest.raises(ValueError, match="between 20 and 25"):
        scotland_2022_caps(adults_and_justice_maximum=maximum)


@pytest.mark.parametrize(
    ("cap", "count", "is_over"),
    [
        ("investigations", 12, False),
        ("investigations", 13, True),
        ("ongoing", 17, False),
        ("ongoing", 18, True),
        ("combined-ongoing", 10, False),
        ("combined-ongoing", 11, True),
        ("combined-investigations", 4, False),
        ("combined-investigations", 5, True),
        ("foster-care", 15, False),
        ("foster-care", 16, True),
    ],
)
def test_cwla_caps_are_met_at_the_cap_and_passed_above_it(cap, count, is_over):
    assert check_count(count, cwla_caps()[cap]).over is is_over


def test_cwla_investigations_are_counted_a_month():
    assert cwla_caps()["investigations"].per_month
    assert not cwla_caps()["ongoing"].per_month


@pytest.mark.parametrize(("count", "is_over"), [(12, False), (13, True)])
def test_cwla_foster_care_can_be_held_to_the_bottom_of_the_12_to_15_range(count, is_over):
    assert check_count(count, cwla_caps(foster_care_maximum=12)["foster-care"]).over is is_over


@pytest.mark.parametrize(
    ("open_families", "new"),
    [(0, 0), (5, 0), (6, 1), (11, 1), (12, 2), (15, 2), (16, 1), (17, 0), (20, 0)],
)
def test_cwla_allows_one_new_case_for_every_six_open_and_none_past_17(open_families, new):
    assert cwla_new_cases_allowed(open_families) == new


@pytest.mark.parametrize(("workers", "supervisors"), [(0, 0), (5, 1), (6, 2), (10, 2), (11, 3)])
def test_cwla_needs_one_supervisor_for_every_five_workers_or_part(workers, supervisors):
    assert cwla_supervisors_needed(workers) == supervisors


@pytest.mark.parametrize(("count", "expected"), [(14, "green"), (15, "amber"), (16, "red")])
def test_a_count_is_banded_as_a_percentage_of_its_cap(count, expected):
    check = check_count(count, scotland_2022_caps()["children-and-families"])
    assert band(check.percent, profile="scotland-2022") == expected


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        check_count(-1, cwla_caps()["ongoing"])


# Newly qualified protections


@pytest.mark.parametrize(
    ("full_load", "experience_band", "ceiling"),
    [
        (100, "asye", 90),
        (100, "1-2", 100),
        (100, "10+", 100),
        (2070, "asye", 1863),
        # 90% of 1,658 is 1,492.2: truncated, so the protection is not rounded away.
        (1658, "asye", 1492),
    ],
)
def test_the_newly_qualified_ceiling_is_90_percent_of_a_full_load(
    full_load, experience_band, ceiling
):
    assert workload_ceiling(full_load=full_load, experience_band=experience_band) == ceiling


@pytest.mark.parametrize(
    ("hours", "protected"), [(D(37), D("3.7")), (D("22.5"), D("2.25")), (D(0), D(0))]
)
def test_protected_development_time_is_ten_percent_of_contracted_hours(hours, protected):
    assert protected_development_hours(hours) == protected


# Average caseloads


@pytest.mark.parametrize(
    ("cases", "fte", "published"),
    [
        # DfE's own national figures (reference/03 §1.1), rebuilt from cases and FTE.
        pytest.param(316_647, D("17840.6"), D("17.7"), id="2017"),
        pytest.param(334_706, D("20530.8"), D("16.3"), id="2020"),
        pytest.param(321_661, D("21105.4"), D("15.2"), id="2025"),
    ],
)
def test_the_dfe_average_rebuilds_dfes_published_caseloads(cases, fte, published):
    assert dfe_average_caseload(cases=cases, case_holding_fte=fte).value == published


def test_each_average_says_how_it_was_counted():
    dfe = dfe_average_caseload(cases=80, case_holding_fte=4)
    median = median_caseload([20, 20, 40])
    assert (dfe.metric, median.metric) == (DFE_AVERAGE, PER_PERSON_MEDIAN)
    assert "FTE of case-holding workers" in dfe.label
    assert "each case-holder counted once" in median.label


@pytest.mark.parametrize(
    ("caseloads", "median"), [([25], D(25)), ([3, 1, 2], D(2)), ([1, 2, 3, 4], D("2.5"))]
)
def test_the_median_is_the_middle_caseload_or_halfway_between_the_middle_two(caseloads, median):
    assert median_caseload(caseloads).value == median


def test_an_average_with_no_case_holders_is_refused():
    with pytest.raises(ValueError, match="needs some case-holding FTE"):
        dfe_average_caseload(cases=10, case_holding_fte=0)


def test_a_median_of_no_one_is_refused():
    with pytest.raises(ValueError, match="at least one caseload"):
        median_caseload([])
