"""Development time and the extra-hours ledger: reference/01 §2.4, §2.6, WL-11 and WL-12."""

from datetime import date
from decimal import Decimal

import pytest

from safeworkload.calc.development import (
    APPROVED,
    BREACH_BELOW,
    CLAIMED,
    DECLINED,
    PAY,
    RECORDED,
    TOIL,
    UNCLAIMED,
    Entry,
    development_entitlement,
    entitlement_check,
    is_newly_qualified,
    mean_per_week,
    paid_hours,
    pending_hours,
    period_start,
    protected_hours_per_week,
    toil_balance,
    toil_earned,
    unpaid_hours,
    weeks_in_period,
)

D = Decimal
ON = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("contracted", "expected"),
    [
        ("37", "3.70"),  # WL-11: Suffolk NQSW full time
        ("29.6", "2.96"),  # WL-12: 0.8 FTE, pro rata
        ("18.5", "1.85"),  # half time
        ("22.5", "2.25"),
        ("0", "0.00"),
        ("7.45", "0.75"),  # 0.745 rounds half up
    ],
)
def test_protected_hours_are_ten_percent_of_contracted_hours_pro_rata(contracted, expected):
    assert protected_hours_per_week(D(contracted)) == D(expected)


def test_another_share_can_be_agreed_locally():
    assert protected_hours_per_week(D("37"), share=D("0.20")) == D("7.40")


@pytest.mark.parametrize(
    ("contracted", "weeks", "expected"),
    [
        ("37", 13, "48.10"),
        ("29.6", 13, "38.48"),
        ("37", 1, "3.70"),
        ("37", 0, "0.00"),
        ("37", D("5.14"), "19.02"),  # a part period: 36 days in post
    ],
)
def test_the_entitlement_over_a_period_is_the_weekly_figure_times_the_weeks(
    contracted, weeks, expected
):
    assert development_entitlement(D(contracted), weeks) == D(expected)


@pytest.mark.parametrize("bad", [{"weeks": -1}, {"contracted_hours": D("-1")}])
def test_negative_hours_or_weeks_are_refused(bad):
    args = {"contracted_hours": D("37"), "weeks": 13, **bad}
    with pytest.raises(ValueError, match="zero or more"):
        development_entitlement(**args)


@pytest.mark.parametrize(
    ("recorded", "met"),
    [
        ("48.10", True),  # exactly the entitlement
        ("48.09", False),  # 0.01 under
        ("60", True),
        ("0", False),
    ],
)
def test_the_whole_entitlement_is_met_at_exactly_the_entitlement(recorded, met):
    check = entitlement_check(D(recorded), contracted_hours=D("37"), weeks=13)
    assert check.met is met
    assert check.entitlement == D("48.10")
    assert (check.why_not == "") is met


@pytest.mark.parametrize(
    ("recorded", "met"),
    [("24.05", True), ("24.04", False), ("24.06", True)],
)
def test_the_breach_rule_needs_half_the_entitlement(recorded, met):
    check = entitlement_check(
        D(recorded), contracted_hours=D("37"), weeks=13, at_least=BREACH_BELOW
    )
    assert check.required == D("24.05")
    assert check.met is met


def test_a_failed_check_says_why_in_numbers():
    check = entitlement_check(D("10"), contracted_hours=D("37"), weeks=13, at_least=BREACH_BELOW)
    assert check.why_not == (
        "10 hours of development time recorded in 13 weeks, under the 24.05 hours needed "
        "(50% of the 48.1 hours due)"
    )
    assert check.shortfall == D("38.10")
    assert check.percent == D("20.8")


def test_protected_time_for_a_part_timer_is_checked_pro_rata():
    # WL-12 over a quarter: 2.96 x 13 = 38.48 hours.
    check = entitlement_check(
        D("38.47"), contracted_hours=D("29.6"), weeks=13, what="protected time"
    )
    assert not check.met
    assert check.why_not.startswith("38.47 hours of protected time recorded")


def test_no_entitlement_has_no_percentage():
    check = entitlement_check(D("0"), contracted_hours=D("37"), weeks=0)
    assert check.met and check.percent is None


@pytest.mark.parametrize(
    ("since", "weeks"),
    [
        (None, "13.00"),
        (date(2020, 1, 1), "13.00"),
        (period_start(on=ON), "13.00"),  # started on the first day of the period
        (date(2026, 11, 16), "1.00"),  # 7 days, both ends included
        (ON, "0.14"),  # one day
        (date(2026, 12, 1), "0.00"),  # not started yet
    ],
)
def test_the_weeks_counted_start_when_the_person_did(since, weeks):
    assert weeks_in_period(on=ON, since=since) == D(weeks)


def test_the_period_is_thirteen_whole_weeks_ending_on_the_day():
    assert period_start(on=ON) == date(2026, 8, 24)
    assert (ON - period_start(on=ON)).days + 1 == 91


@pytest.mark.parametrize(
    ("role", "qualified_on", "expected"),
    [
        (True, None, True),
        (False, None, False),
        (False, date(2026, 1, 5), True),
        (False, date(2025, 11, 23), True),  # a day short of a year
        (False, date(2025, 11, 22), False),  # a year to the day
        (False, date(2027, 1, 1), False),  # a future date is not taken as qualified
    ],
)
def test_newly_qualified_means_the_role_or_under_a_year_since_qualifying(
    role, qualified_on, expected
):
    assert (
        is_newly_qualified(newly_qualified_role=role, qualified_on=qualified_on, on=ON) is expected
    )


LEDGER = [
    Entry(D("2.5"), TOIL, APPROVED),
    Entry(D("1.5"), TOIL, DECLINED),
    Entry(D("3"), TOIL, CLAIMED),
    Entry(D("4"), PAY, APPROVED),
    Entry(D("2"), PAY, DECLINED),
    Entry(D("1.25"), UNCLAIMED, RECORDED),
    Entry(D("0.75"), UNCLAIMED, RECORDED),
]


def test_the_toil_balance_is_approved_time_off_less_time_taken():
    assert toil_earned(LEDGER) == D("2.5")
    assert toil_balance(LEDGER, [D("1"), D("0.5")]) == D("1.0")
    assert toil_balance(LEDGER, []) == D("2.5")


def test_unpaid_hours_are_unclaimed_hours_and_declined_claims():
    assert unpaid_hours(LEDGER) == D("1.25") + D("0.75") + D("1.5") + D("2")


def test_paid_and_pending_hours_are_counted_apart():
    assert paid_hours(LEDGER) == D("4")
    assert pending_hours(LEDGER) == D("3")


def test_an_empty_ledger_is_all_zero():
    assert (toil_balance([], []), unpaid_hours([]), paid_hours([])) == (0, 0, 0)


@pytest.mark.parametrize(
    ("total", "weeks", "mean"), [("10", 4, "2.50"), ("10", 3, "3.33"), ("0", 4, "0.00")]
)
def test_the_mean_per_week_is_rounded_to_two_places(total, weeks, mean):
    assert mean_per_week(D(total), weeks) == D(mean)


def test_a_mean_over_no_weeks_is_refused():
    with pytest.raises(ValueError, match="one or more"):
        mean_per_week(D("1"), 0)
