"""The 80/20 measure: TIME-1 and TIME-2 of reference/01 §4, boundaries, and what
an administrator frees."""

from decimal import Decimal

import pytest

from safeworkload.calc.timeuse import (
    CATEGORY_KEYS,
    NoHoursError,
    administrator_frees,
    extra_hours,
    shares,
    unpaid_per_year,
)

D = Decimal

# BASW's 2018 baseline week: 45 h worked; 29 h at a computer or on paper, 11 h
# face to face and 7 h on the phone (the categories overlap, so they sum to 47).
BASW_2018 = {"recording": D(29), "face_to_face": D(11), "remote_contact": D(7)}


def test_the_categories_are_the_eight_of_the_sample_form_in_order():
    assert CATEGORY_KEYS == (
        "face_to_face",
        "remote_contact",
        "recording",
        "other_admin",
        "travel",
        "supervision",
        "learning",
        "meetings",
    )


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        pytest.param("recording_admin_pct", D("64.4"), id="TIME-1 paperwork"),
        pytest.param("direct_pct", D("40.0"), id="TIME-1 direct"),
        pytest.param("gap_to_target", D("40.0"), id="TIME-1 gap"),
        pytest.param("worked_hours", D(45), id="TIME-1 worked"),
    ],
)
def test_the_basw_2018_week_has_the_shares_the_reference_gives(field, expected):
    assert getattr(shares(BASW_2018, worked_hours=D(45)), field) == expected


def test_worked_hours_default_to_the_sum_of_the_categories():
    result = shares(BASW_2018)
    assert result.worked_hours == D(47)
    assert result.direct_pct == D("38.3")  # 18 / 47


@pytest.mark.parametrize(
    ("direct", "other", "shown", "gap"),
    [
        (D(32), D(8), D("80.0"), D("0.0")),  # exactly 80%
        (D("31.98"), D("8.02"), D("80.0"), D("0.0")),  # 79.95% shows as 80.0%: no gap shown
        (D("31.96"), D("8.04"), D("79.9"), D("0.1")),  # 79.9%: just short
        (D(36), D(4), D("90.0"), D("0.0")),  # above the target is no gap, not a negative one
        (D(0), D(40), D("0.0"), D("80.0")),  # no time with people at all
    ],
)
def test_the_gap_is_taken_from_the_share_shown(direct, other, shown, gap):
    result = shares({"face_to_face": direct, "recording": other})
    assert (result.direct_pct, result.gap_to_target) == (shown, gap)
    assert result.meets_target is (gap == 0)


def test_each_group_has_its_own_share_of_the_week():
    week = dict.fromkeys(CATEGORY_KEYS, D(5))  # 40 hours, 5 in each category
    result = shares(week)
    assert (
        result.direct_pct,
        result.recording_admin_pct,
        result.travel_pct,
        result.development_pct,
        result.other_pct,
    ) == (D("25.0"), D("25.0"), D("12.5"), D("25.0"), D("12.5"))


def test_a_week_of_quarter_hours_rounds_each_share_half_up():
    # 1/3 of the week direct: 33.333...% shows as 33.3%; 2/3 as 66.7%.
    result = shares({"face_to_face": D("12.25"), "other_admin": D("24.5")})
    assert (result.direct_pct, result.recording_admin_pct) == (D("33.3"), D("66.7"))


def test_a_different_target_moves_the_gap():
    result = shares({"face_to_face": D(20), "recording": D(20)}, target=D(60))
    assert result.gap_to_target == D("10.0")


@pytest.mark.parametrize(
    ("hours", "worked"),
    [({}, None), (dict.fromkeys(CATEGORY_KEYS, D(0)), None), (BASW_2018, D(0))],
)
def test_a_week_with_no_hours_worked_is_an_error_not_a_zero_share(hours, worked):
    with pytest.raises(NoHoursError):
        shares(hours, worked_hours=worked)


@pytest.mark.parametrize(
    "hours",
    [{"face_to_face": D(-1)}, {"lunch": D(1)}],
    ids=["negative hours", "unknown category"],
)
def test_a_negative_figure_or_an_unknown_category_is_refused(hours):
    with pytest.raises(ValueError):
        shares(hours)


@pytest.mark.parametrize(
    ("worked", "contracted", "expected"),
    [
        (D(45), D(37), D(8)),
        (D(37), D(37), D(0)),  # exactly the contract: no extra hours
        (D(30), D(37), D(0)),  # a short week is not negative extra hours
        (D("29.75"), D("29.6"), D("0.15")),  # part time, 0.8 FTE
    ],
)
def test_extra_hours_are_those_over_the_contract_and_never_negative(worked, contracted, expected):
    assert extra_hours(worked, contracted) == expected


@pytest.mark.parametrize(
    ("weekly", "weeks", "expected"),
    [
        pytest.param(D(10), 48, (D(480), D("64.0")), id="TIME-2"),
        (D(0), 48, (D(0), D("0.0"))),
        (D(1), 48, (D(48), D("6.4"))),
        (D(8), 44, (D(352), D("46.9"))),  # 46.93 days
    ],
)
def test_unpaid_weekly_hours_add_up_to_hours_and_days_a_year(weekly, weeks, expected):
    assert unpaid_per_year(weekly, weeks=weeks) == expected


def test_a_negative_figure_has_no_yearly_total():
    with pytest.raises(ValueError):
        unpaid_per_year(D(-1))


# What an administrator frees. A team's mean week of 40 hours: 8 h direct, 18 h
# recording, 6 h other admin, the rest travel, supervision and meetings.
TEAM_WEEK = {
    "face_to_face": D(6),
    "remote_contact": D(2),
    "recording": D(18),
    "other_admin": D(6),
    "travel": D(4),
    "supervision": D(1),
    "learning": D(1),
    "meetings": D(2),
}


@pytest.mark.parametrize(
    ("workers", "post_hours", "taken", "freed", "direct_after", "spare"),
    [
        # Each could hand over 6 x 0.5 + 18 x 0.2 = 6.6 h; 8 workers could hand over
        # 52.8 h, more than a 37-hour post: it takes its 37 h, 4.63 h each.
        (8, D(37), D("37.00"), D("4.63"), D("31.6"), D("0.00")),
        # 5 workers could hand over only 33 h: the post takes 33 h, 4 h are spare,
        # and each gets all 6.6 h back.
        (5, D(37), D("33.00"), D("6.60"), D("36.5"), D("4.00")),
        # Exactly at the cap: 37 h delegable from 37 h of post.
        (1, D("6.6"), D("6.60"), D("6.60"), D("36.5"), D("0.00")),
    ],
)
def test_an_administrator_takes_the_delegable_hours_up_to_the_posts_own(
    workers, post_hours, taken, freed, direct_after, spare
):
    result = administrator_frees(
        mean_hours=TEAM_WEEK, social_workers=workers, administrator_hours=post_hours
    )
    assert result.delegable_per_worker == D("6.60")
    assert result.direct_pct_now == D("20.0")
    assert (
        result.hours_taken_per_post,
        result.freed_per_worker,
        result.direct_pct_if_freed,
        result.spare_post_hours,
    ) == (taken, freed, direct_after, spare)


def test_the_delegable_shares_are_parameters():
    result = administrator_frees(
        mean_hours=TEAM_WEEK,
        social_workers=10,
        administrator_hours=D(37),
        delegable_other_admin=D(1),
        delegable_recording=D(0),
    )
    assert result.delegable_per_worker == D("6.00")
    assert result.hours_taken_per_post == D("37.00")
    assert result.freed_per_worker == D("3.70")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"social_workers": 0},
        {"administrator_hours": D(-1)},
        {"delegable_recording": D("1.5")},
        {"delegable_other_admin": D("-0.1")},
    ],
)
def test_an_administrator_needs_workers_hours_and_shares_between_0_and_1(kwargs):
    params = {"mean_hours": TEAM_WEEK, "social_workers": 5, "administrator_hours": D(37)}
    with pytest.raises(ValueError):
        administrator_frees(**{**params, **kwargs})
