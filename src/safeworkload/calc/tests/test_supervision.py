"""The supervision rules, with the worked examples of reference/01 §4 (SUP-1 to SUP-3) as
rows named by their ID, and the boundaries issue 5 names."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest

from safeworkload.calc.supervision import (
    FORTNIGHTLY,
    MINIMUM_MINUTES,
    MONTHLY,
    MONTHLY_TOTAL,
    NEWLY_QUALIFIED_TIMETABLE,
    SESSION_LENGTH,
    WEEKLY,
    Pause,
    Session,
    add_months,
    check_period,
    month_minutes,
    monthly_total_check,
    newly_qualified_check,
    newly_qualified_minimum_sessions,
    newly_qualified_windows,
    programme_ends_on,
    programme_months,
    qualifies,
    session_length_check,
)

D = Decimal
MARCH = date(2026, 3, 1)
START = date(2026, 1, 5)  # a Monday; week 1 is 5 to 11 January 2026
FOREVER = date(2035, 1, 1)


def week(n: int, day: int = 0) -> date:
    """A day in week n of a programme that starts on START (day 0 is its first day)."""
    return START + timedelta(weeks=n - 1, days=day)


def windows(**kwargs):
    return newly_qualified_windows(
        started_on=kwargs.pop("started_on", START), until=FOREVER, **kwargs
    )


def phases(found) -> dict[str, int]:
    return {phase: sum(w.phase == phase for w in found) for phase in (WEEKLY, FORTNIGHTLY, MONTHLY)}


# ---------------------------------------------------------------------------
# Each session: at least 90 minutes, uninterrupted (LGA Standard 5)


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        pytest.param(Session(MARCH, 89), False, id="89 minutes is too short"),
        pytest.param(Session(MARCH, 90), True, id="exactly 90 minutes is enough"),
        pytest.param(Session(MARCH, 150), True, id="150 minutes"),
        pytest.param(Session(MARCH, 90, interrupted=True), False, id="90 minutes interrupted"),
        # Who gave it matters to the monthly total, not to the length of a session.
        pytest.param(Session(MARCH, 90, registered_supervisor=False), True, id="unregistered"),
    ],
)
def test_a_session_qualifies_when_it_is_long_enough_and_uninterrupted(session, expected):
    assert qualifies(session) is expected


def test_a_local_minimum_can_replace_the_90_minutes():
    assert qualifies(Session(MARCH, 60), minimum_minutes=60)
    assert not qualifies(Session(MARCH, 90), minimum_minutes=120)


@pytest.mark.parametrize(
    ("minutes", "interrupted", "met", "failures"),
    [
        pytest.param([60, 45], False, False, 2, id="SUP-2"),
        pytest.param([45, 45], False, False, 2, id="two 45-minute sessions"),
        pytest.param([89], False, False, 1, id="89 minutes"),
        pytest.param([90], False, True, 0, id="exactly 90"),
        pytest.param([90, 120], False, True, 0, id="90 and 120"),
        pytest.param([90], True, False, 1, id="an interrupted 90 minutes"),
        pytest.param([], False, True, 0, id="no sessions: nothing to fail"),
    ],
)
def test_every_session_must_be_at_least_90_minutes_uninterrupted(
    minutes, interrupted, met, failures
):
    sessions = [Session(MARCH + timedelta(days=i), m, interrupted) for i, m in enumerate(minutes)]
    check = session_length_check(sessions)
    assert (check.rule, check.met, len(check.reasons)) == (SESSION_LENGTH, met, failures)
    assert check.judged == len(sessions)


def test_a_short_session_is_named_by_its_date_and_length():
    check = session_length_check([Session(date(2026, 3, 3), 60)])
    assert check.reasons == (
        "The session on 3 March 2026 lasted 60 minutes; each session should last at least "
        "90 minutes, uninterrupted.",
    )


def test_a_short_interrupted_session_gives_one_reason_naming_both_faults():
    check = session_length_check([Session(date(2026, 3, 3), 60, interrupted=True)])
    assert check.reasons == (
        "The session on 3 March 2026 lasted 60 minutes and was interrupted; each session should "
        "last at least 90 minutes, uninterrupted.",
    )


# ---------------------------------------------------------------------------
# The monthly total: 90 minutes a month from a registered social worker (UNISON)


def test_month_minutes_count_only_that_month_and_only_registered_supervisors():
    sessions = [
        Session(date(2026, 3, 2), 60, interrupted=True),  # interrupted still counts
        Session(date(2026, 3, 31), 45),
        Session(date(2026, 3, 15), 90, registered_supervisor=False),
        Session(date(2026, 2, 28), 90),
        Session(date(2026, 4, 1), 90),
        Session(date(2025, 3, 10), 90),  # March, but a year earlier
    ]
    assert month_minutes(sessions, year=2026, month=3) == 105


@pytest.mark.parametrize(
    ("sessions", "met"),
    [
        pytest.param(
            [Session(date(2026, 3, 2), 60), Session(date(2026, 3, 16), 45)], True, id="SUP-2"
        ),
        pytest.param(
            [Session(date(2026, 3, 2), 45), Session(date(2026, 3, 16), 45)], True, id="45+45"
        ),
        pytest.param([Session(date(2026, 3, 2), 89)], False, id="89 minutes"),
        pytest.param([Session(date(2026, 3, 2), 90)], True, id="exactly 90"),
        pytest.param([Session(date(2026, 3, 2), 90, interrupted=True)], True, id="interrupted"),
        pytest.param(
            [Session(date(2026, 3, 2), 90, registered_supervisor=False)], False, id="unregistered"
        ),
        pytest.param(
            [
                Session(date(2026, 3, 2), 60, registered_supervisor=False),
                Session(date(2026, 3, 9), 60),
            ],
            False,
            id="only the registered 60 counts",
        ),
        pytest.param([], False, id="no supervision"),
    ],
)
def test_a_month_needs_90_minutes_in_total_from_a_registered_social_worker(sessions, met):
    check = monthly_total_check(sessions, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert (check.rule, check.met, check.judged) == (MONTHLY_TOTAL, met, 1)


def test_sup_2_passes_the_monthly_total_but_fails_each_session():
    sessions = [Session(date(2026, 3, 2), 60), Session(date(2026, 3, 16), 45)]
    length, total = check_period(sessions, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert month_minutes(sessions, year=2026, month=3) == 105
    assert (length.rule, length.met) == (SESSION_LENGTH, False)
    assert (total.rule, total.met) == (MONTHLY_TOTAL, True)


@pytest.mark.parametrize(
    ("start", "end", "judged_months"),
    [
        pytest.param(date(2026, 1, 1), date(2026, 3, 31), 3, id="three whole months"),
        pytest.param(date(2026, 1, 15), date(2026, 3, 20), 1, id="only February is whole"),
        pytest.param(date(2026, 1, 2), date(2026, 1, 31), 0, id="one day short at the start"),
        pytest.param(date(2026, 1, 1), date(2026, 1, 30), 0, id="one day short at the end"),
        pytest.param(date(2026, 2, 1), date(2026, 2, 28), 1, id="February exactly"),
        pytest.param(date(2025, 12, 1), date(2026, 1, 31), 2, id="across a year end"),
    ],
)
def test_months_partly_outside_the_period_are_not_judged(start, end, judged_months):
    check = monthly_total_check([], start=start, end=end)
    assert check.judged == judged_months
    assert len(check.reasons) == judged_months  # no supervision at all: each judged month fails
    assert check.met is (judged_months == 0)


def test_a_month_short_of_supervision_is_named_with_its_minutes():
    sessions = [Session(date(2026, 1, 5), 90), Session(date(2026, 2, 5), 60)]
    check = monthly_total_check(sessions, start=date(2026, 1, 1), end=date(2026, 2, 28))
    assert check.reasons == (
        "February 2026 had 60 minutes of supervision from a registered social worker; there "
        "should be at least 90 minutes a month.",
    )


# ---------------------------------------------------------------------------
# The newly qualified timetable (LGA Standard 5)


@pytest.mark.parametrize(
    "started_on",
    [
        START,
        date(2026, 1, 31),  # month ends shorten February
        date(2026, 7, 1),  # six months of 184 days
        date(2026, 8, 31),
        date(2028, 2, 29),  # a leap day
        date(2026, 12, 15),
    ],
)
def test_sup_1_a_full_time_year_has_22_windows_6_weekly_10_fortnightly_6_monthly(started_on):
    found = windows(started_on=started_on)
    assert phases(found) == {WEEKLY: 6, FORTNIGHTLY: 10, MONTHLY: 6}
    assert newly_qualified_minimum_sessions() == len(found) == 22
    assert len(found) * MINIMUM_MINUTES / 60 == 33  # hours at the least


@pytest.mark.parametrize(
    "started_on", [START, date(2026, 1, 31), date(2026, 7, 1), date(2028, 2, 29)]
)
@pytest.mark.parametrize("fte", [D(1), D("0.8"), D("0.5")])
def test_the_windows_cover_the_programme_day_by_day_without_gaps_or_overlaps(started_on, fte):
    found = windows(started_on=started_on, fte=fte)
    assert found[0].starts_on == started_on
    assert found[-1].ends_on == programme_ends_on(started_on=started_on, fte=fte)
    assert found[-1].ends_on == add_months(started_on, programme_months(fte)) - timedelta(days=1)
    for earlier, later in pairwise(found):
        assert later.starts_on == earlier.ends_on + timedelta(days=1)


def test_the_support_phases_follow_weeks_then_fortnights_to_the_end_of_month_6():
    found = windows()
    assert [(w.starts_on, w.ends_on) for w in found[:2]] == [
        (date(2026, 1, 5), date(2026, 1, 11)),
        (date(2026, 1, 12), date(2026, 1, 18)),
    ]
    assert (found[6].starts_on, found[6].ends_on) == (date(2026, 2, 16), date(2026, 3, 1))
    # Month 6 ends on 4 July 2026; the last fortnight is 13 days.
    assert (found[15].starts_on, found[15].ends_on) == (date(2026, 6, 22), date(2026, 7, 4))
    assert (found[16].starts_on, found[16].ends_on) == (date(2026, 7, 5), date(2026, 8, 4))


def test_a_short_remainder_joins_the_last_fortnight_rather_than_making_a_window():
    # From 1 July, month 6 ends on 31 December: 142 days after week 6, 10 fortnights and 2 days.
    last = [w for w in windows(started_on=date(2026, 7, 1)) if w.phase == FORTNIGHTLY][-1]
    assert (last.starts_on, last.ends_on) == (date(2026, 12, 16), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("fte", "months", "sessions"),
    [
        (D(1), 12, 22),
        (D("0.8"), 15, 25),
        (D("0.7"), 18, 28),  # 17.1 months, rounded up
        (D("0.6"), 20, 30),
        (D("0.5"), 24, 34),
        (D("0.4"), 24, 34),  # 30 months, capped at 2 years
        (D("0.1"), 24, 34),
    ],
)
def test_a_part_timers_programme_is_extended_pro_rata_within_2_years(fte, months, sessions):
    assert programme_months(fte) == months
    assert newly_qualified_minimum_sessions(fte=fte) == sessions
    found = windows(fte=fte)
    assert phases(found) == {WEEKLY: 6, FORTNIGHTLY: 10, MONTHLY: months - 6}


def test_a_half_time_programme_runs_24_months():
    assert programme_ends_on(started_on=START, fte=D("0.5")) == date(2028, 1, 4)
    assert windows(fte=D("0.5"))[-1].ends_on == date(2028, 1, 4)


@pytest.mark.parametrize("fte", [D(0), D("-0.5"), D("1.1")])
def test_an_impossible_full_time_equivalent_is_refused(fte):
    with pytest.raises(ValueError, match="more than 0 and at most 1"):
        programme_months(fte)


def test_a_pause_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="end on or after"):
        Pause(date(2026, 2, 10), date(2026, 2, 9))


# Pauses


def test_a_pause_between_windows_moves_every_later_window_by_its_length():
    plain = windows()
    pause = Pause(week(3), week(3, 9))  # 10 days from the start of week 3
    paused = windows(pauses=[pause])
    assert paused[:2] == plain[:2]
    for before, after in zip(plain[2:], paused[2:], strict=True):
        assert after.starts_on == before.starts_on + timedelta(days=10)
        assert after.ends_on == before.ends_on + timedelta(days=10)
    assert programme_ends_on(started_on=START, pauses=[pause]) == date(2027, 1, 14)


def test_no_window_is_due_during_a_pause():
    pause = Pause(week(3), week(3, 9))
    for window in windows(pauses=[pause]):
        assert not pause.starts_on <= window.starts_on <= pause.ends_on
        assert not pause.starts_on <= window.ends_on <= pause.ends_on


def test_a_window_a_pause_interrupts_resumes_after_it():
    # Pause 15 to 24 January 2026, inside week 2 (12 to 18 January): 3 days before, 4 after.
    week_2 = windows(pauses=[Pause(date(2026, 1, 15), date(2026, 1, 24))])[1]
    assert (week_2.starts_on, week_2.ends_on) == (date(2026, 1, 12), date(2026, 1, 28))


@pytest.mark.parametrize(
    "pauses",
    [
        pytest.param([Pause(date(2026, 2, 1), date(2026, 2, 10))], id="one pause"),
        pytest.param(
            [Pause(date(2026, 2, 6), date(2026, 2, 10)), Pause(date(2026, 2, 1), date(2026, 2, 7))],
            id="overlapping, out of order",
        ),
        pytest.param(
            [Pause(date(2026, 2, 1), date(2026, 2, 5)), Pause(date(2026, 2, 6), date(2026, 2, 10))],
            id="touching",
        ),
    ],
)
def test_overlapping_or_touching_pauses_stop_the_clock_once(pauses):
    assert windows(pauses=pauses) == windows(pauses=[Pause(date(2026, 2, 1), date(2026, 2, 10))])


def test_a_pause_before_the_start_does_not_count_and_one_across_it_counts_from_the_start():
    assert windows(pauses=[Pause(date(2025, 12, 1), date(2026, 1, 4))]) == windows()
    across = windows(pauses=[Pause(date(2025, 12, 1), date(2026, 1, 6))])  # 5 and 6 January
    assert across[0].starts_on == date(2026, 1, 7)
    assert across[-1].ends_on == date(2027, 1, 6)


def test_two_separate_pauses_add_up():
    pauses = [Pause(date(2026, 2, 1), date(2026, 2, 3)), Pause(date(2026, 9, 1), date(2026, 9, 4))]
    assert programme_ends_on(started_on=START, pauses=pauses) == date(2027, 1, 11)


def test_only_windows_begun_by_until_are_listed():
    found = newly_qualified_windows(started_on=START, until=week(3))
    assert [w.phase for w in found] == [WEEKLY] * 3


# The timetable check


@pytest.mark.parametrize(
    "one_session_on",
    [
        pytest.param(week(1), id="in week 1"),
        pytest.param(week(2, 3), id="in week 2"),
        pytest.param(week(3, 6), id="in week 3"),
        pytest.param(week(4), id="in week 4"),
    ],
)
def test_sup_3_one_supervision_by_week_4_is_not_compliant(one_session_on):
    check = newly_qualified_check([Session(one_session_on, 90)], started_on=START, on=week(4, 3))
    assert (check.rule, check.met, check.judged) == (NEWLY_QUALIFIED_TIMETABLE, False, 3)


def test_a_session_in_each_week_so_far_is_compliant():
    sessions = [Session(week(n, 2), 90) for n in (1, 2, 3)]
    assert newly_qualified_check(sessions, started_on=START, on=week(4, 3)).met


@pytest.mark.parametrize(
    ("on", "judged"),
    [
        pytest.param(START, 0, id="on the first day"),
        pytest.param(week(1, 6), 0, id="on the last day of week 1: still open"),
        pytest.param(week(2), 1, id="the day after week 1"),
        pytest.param(date(2026, 7, 5), 16, id="month 7 begins"),
        pytest.param(FOREVER, 22, id="long after the programme"),
    ],
)
def test_only_windows_that_have_ended_are_judged(on, judged):
    check = newly_qualified_check([], started_on=START, on=on)
    assert check.judged == judged
    assert check.met is (judged == 0)


@pytest.mark.parametrize(
    ("session", "met"),
    [
        pytest.param(Session(week(1, 3), 90), True, id="90 minutes"),
        pytest.param(Session(week(1, 3), 89), False, id="89 minutes"),
        pytest.param(Session(week(1, 3), 120, interrupted=True), False, id="interrupted"),
        pytest.param(Session(week(2), 120), False, id="in the next week"),
        pytest.param(Session(START - timedelta(days=1), 120), False, id="before the start"),
    ],
)
def test_a_window_needs_a_qualifying_session_held_inside_it(session, met):
    assert newly_qualified_check([session], started_on=START, on=week(2)).met is met


def test_a_missed_window_is_named_by_its_dates():
    check = newly_qualified_check([Session(week(1), 90)], started_on=START, on=week(3))
    assert check.reasons == (
        "No session of at least 90 minutes, uninterrupted, was held in the weekly window from "
        "12 January 2026 to 18 January 2026.",
    )


def test_a_session_after_a_pause_counts_for_the_window_the_pause_interrupted():
    pauses = [Pause(date(2026, 1, 15), date(2026, 1, 24))]  # week 2 resumes 25 to 28 January
    sessions = [Session(week(1), 90), Session(date(2026, 1, 27), 90)]
    check = newly_qualified_check(sessions, started_on=START, on=date(2026, 1, 29), pauses=pauses)
    assert (check.met, check.judged) == (True, 2)


# ---------------------------------------------------------------------------
# All the rules together


def test_check_period_gives_the_timetable_only_for_the_newly_qualified():
    period = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
    assert [c.rule for c in check_period([], **period)] == [SESSION_LENGTH, MONTHLY_TOTAL]
    assert [c.rule for c in check_period([], newly_qualified_from=START, **period)] == [
        SESSION_LENGTH,
        MONTHLY_TOTAL,
        NEWLY_QUALIFIED_TIMETABLE,
    ]


def test_check_period_judges_each_rule_separately():
    # March 2026 for an NQSW who started on 5 January: the fortnights ending 1, 15 and 29
    # March are judged; two 45-minute sessions fail each session and every fortnight.
    sessions = [Session(date(2026, 3, 3), 45), Session(date(2026, 3, 17), 45)]
    length, total, timetable = check_period(
        sessions, start=date(2026, 3, 1), end=date(2026, 3, 31), newly_qualified_from=START
    )
    assert (length.met, len(length.reasons)) == (False, 2)
    assert (total.met, total.judged) == (True, 1)
    assert (timetable.met, timetable.judged, len(timetable.reasons)) == (False, 3, 3)


def test_check_period_leaves_out_sessions_and_months_outside_the_period():
    sessions = [Session(date(2026, 2, 27), 30), Session(date(2026, 3, 4), 90)]
    length, total, timetable = check_period(
        sessions, start=date(2026, 3, 2), end=date(2026, 3, 15), newly_qualified_from=START
    )
    assert (length.met, length.judged) == (True, 1)  # the 30 minutes in February is not judged
    assert total.judged == 0  # no whole month inside
    assert (timetable.met, timetable.judged) == (True, 1)  # the fortnight 2 to 15 March


def test_a_timetable_window_is_judged_in_the_period_it_ends_in_with_earlier_sessions():
    # The window from 5 July to 4 August 2026 ends in August; the session was in July.
    *_, timetable = check_period(
        [Session(date(2026, 7, 20), 90)],
        start=date(2026, 8, 1),
        end=date(2026, 8, 31),
        newly_qualified_from=START,
    )
    assert (timetable.met, timetable.judged) == (True, 1)


def test_month_by_month_periods_judge_every_timetable_window_exactly_once():
    months = [date(2026, m, 1) for m in range(1, 13)]
    judged = [
        check_period(
            [], start=m, end=add_months(m, 1) - timedelta(days=1), newly_qualified_from=START
        )[-1].judged
        for m in months
    ]
    # 21 windows end in 2026; the 22nd runs from 5 December 2026 to 4 January 2027.
    assert sum(judged) == 21
    assert judged[:2] == [3, 3]  # weeks 1 to 3 end in January; week 4 ends on 1 February


def test_check_period_applies_pauses_and_pro_rata_to_the_timetable():
    def judged(end: date, **kwargs) -> int:
        *_, timetable = check_period([], start=START, end=end, newly_qualified_from=START, **kwargs)
        return timetable.judged

    assert judged(date(2027, 1, 4)) == 22  # the full-time programme's last day
    assert judged(date(2028, 1, 4)) == 22  # nothing is due after it
    assert judged(date(2028, 1, 4), fte=D("0.5")) == 34  # but the half-timer's runs on
    pause = Pause(date(2026, 2, 1), date(2026, 2, 10))
    assert judged(date(2027, 1, 13), pauses=[pause]) == 21  # the pause moved the last day
    assert judged(date(2027, 1, 14), pauses=[pause]) == 22
