"""Supervision rules: each session's length, the monthly total, the newly qualified timetable.

Each rule is checked on its own and says why it is not met (reference/01 §2.3, §2.4, §2.6):
- LGA Standard 5: each session at least 1.5 hours, uninterrupted; for a newly qualified
  social worker (NQSW) at least weekly for 6 weeks, fortnightly to the end of month 6, then
  monthly. https://www.ccinform.co.uk/standard-5-ensuring-appropriate-supervision/
- UNISON Social Work Contract, point 4: at least 90 minutes of professional supervision a
  month, in total, from a qualified social worker (Community Care, 27 September 2010).

The timetable is a run of windows, each needing one qualifying session inside it: six 7-day
windows from the start, 14-day windows to the end of month 6 (start + 6 calendar months),
then calendar months to the end of the programme. Six months are 181 to 184 days, so the
fortnights never fit exactly: a tail under 7 days joins the last fortnight instead of being
a window of a day or two, and every start date gets 6 + 10 + 6 = 22 windows (SUP-1).

Pro rata (our reading of Dorset's ASYE rules: 12 months, "extended for part-time hours",
"must finish within 2 years", https://dorsetcouncil.gov.uk/w/asye-arrangements-for-newly-
qualified-social-workers-a-summary). A part-timer's programme lasts 12 / FTE months, rounded
up so nobody gets less than their share, capped at 24: 0.8 FTE runs 15 months, 0.5 runs 24.
The weekly and fortnightly phases stay in calendar time: they are close support while a new
worker settles in, which takes the same weeks part time, and stretching them would thin
support when it matters most. Only the monthly phase grows.

Pauses (Dorset: sickness, bereavement, parental leave) stop the clock: no window is due
during one, and every later window moves by its length. A window a pause interrupts resumes
after it, so its dates span the pause; a session held in the pause (a keeping-in-touch day)
counts for that window. Pauses come on top of the 2-year cap, as Dorset records them apart.
"""

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

MINIMUM_MINUTES = 90
WEEKLY, FORTNIGHTLY, MONTHLY = "weekly", "fortnightly", "monthly"
SESSION_LENGTH = "session_length"
MONTHLY_TOTAL = "monthly_total"
NEWLY_QUALIFIED_TIMETABLE = "newly_qualified_timetable"

PROGRAMME_MONTHS = 12
LONGEST_PROGRAMME_MONTHS = 24  # "must finish within 2 years" (Dorset)
_WEEKLY_WINDOWS = 6
_SUPPORT_MONTHS = 6  # weekly and fortnightly support, to the end of month 6
_SHORTEST_FORTNIGHT_REMAINDER = 7  # days; a shorter tail joins the last fortnight
_FORTNIGHTLY_WINDOWS = 10  # what the tail rule gives every start date (tested)


@dataclass(frozen=True)
class Session:
    held_on: date
    minutes: int
    interrupted: bool = False
    registered_supervisor: bool = True  # given by a registered social worker


@dataclass(frozen=True)
class Pause:
    """An ASYE pause (sickness, bereavement, parental leave): the clock stops."""

    starts_on: date
    ends_on: date  # inclusive

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError("A pause must end on or after the day it starts.")


@dataclass(frozen=True)
class Window:
    """A period in which at least one qualifying session is due."""

    starts_on: date
    ends_on: date  # inclusive
    phase: str  # WEEKLY, FORTNIGHTLY or MONTHLY


@dataclass(frozen=True)
class Check:
    rule: str  # SESSION_LENGTH, MONTHLY_TOTAL or NEWLY_QUALIFIED_TIMETABLE
    met: bool
    reasons: tuple[str, ...]  # plain English, one per failure; empty when met
    judged: int = 0  # sessions, months or windows judged; 0 means nothing could be judged yet


def shown(day: date) -> str:
    """3 March 2026: no leading zero, and no glibc-only %-d."""
    return f"{day.day} {day:%B %Y}"


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or the month's last day if it is
    shorter (31 January + 1 month = 28 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def qualifies(session: Session, *, minimum_minutes: int = MINIMUM_MINUTES) -> bool:
    """Long enough and uninterrupted (LGA Standard 5). Who gave it is for the monthly total."""
    return session.minutes >= minimum_minutes and not session.interrupted


def session_length_check(
    sessions: Sequence[Session], *, minimum_minutes: int = MINIMUM_MINUTES
) -> Check:
    """Every session at least `minimum_minutes`, uninterrupted. With no sessions there is
    nothing to fail: the monthly total and the timetable catch supervision that is missing."""
    reasons = []
    for session in sorted(sessions, key=lambda s: s.held_on):
        faults = []
        if session.minutes < minimum_minutes:
            faults.append(f"lasted {session.minutes} minutes")
        if session.interrupted:
            faults.append("was interrupted")
        if faults:
            reasons.append(
                f"The session on {shown(session.held_on)} {' and '.join(faults)}; each session "
                f"should last at least {minimum_minutes} minutes, uninterrupted."
            )
    return Check(SESSION_LENGTH, not reasons, tuple(reasons), judged=len(sessions))


def month_minutes(sessions: Sequence[Session], *, year: int, month: int) -> int:
    """Minutes in a calendar month from registered social workers.

    Interrupted and short sessions still count here: the UNISON right is about the total a
    worker gets from a qualified social worker, and the LGA's per-session standard is
    checked on its own, so one bad session is not punished twice."""
    return sum(
        s.minutes
        for s in sessions
        if s.registered_supervisor and (s.held_on.year, s.held_on.month) == (year, month)
    )


def monthly_total_check(
    sessions: Sequence[Session],
    *,
    start: date,
    end: date,
    minimum_minutes: int = MINIMUM_MINUTES,
) -> Check:
    """At least `minimum_minutes` in every calendar month wholly inside [start, end]. A month
    the period only partly covers is not judged: its missing days could hold the session."""
    reasons = []
    month = start if start.day == 1 else add_months(start.replace(day=1), 1)
    judged = 0
    while add_months(month, 1) - timedelta(days=1) <= end:
        judged += 1
        minutes = month_minutes(sessions, year=month.year, month=month.month)
        if minutes < minimum_minutes:
            reasons.append(
                f"{month:%B %Y} had {minutes} minutes of supervision from a registered social "
                f"worker; there should be at least {minimum_minutes} minutes a month."
            )
        month = add_months(month, 1)
    return Check(MONTHLY_TOTAL, not reasons, tuple(reasons), judged=judged)


def programme_months(fte: Decimal = Decimal(1)) -> int:
    """12 months at full time, 12 / FTE for a part-timer, rounded up and capped at 24."""
    if not Decimal(0) < fte <= Decimal(1):
        raise ValueError("The full-time equivalent must be more than 0 and at most 1.")
    return min(LONGEST_PROGRAMME_MONTHS, math.ceil(Decimal(PROGRAMME_MONTHS) / fte))


def _merged(pauses: Sequence[Pause], started_on: date) -> list[Pause]:
    """Pauses from the start onwards, in order, overlapping ones joined."""
    merged: list[Pause] = []
    for pause in sorted(pauses, key=lambda p: p.starts_on):
        if pause.ends_on < started_on:
            continue
        pause = Pause(max(pause.starts_on, started_on), pause.ends_on)
        if merged and pause.starts_on <= merged[-1].ends_on:  # overlapping days stop it once
            last = merged.pop()
            pause = Pause(last.starts_on, max(last.ends_on, pause.ends_on))
        merged.append(pause)
    return merged


def _on_the_clock(day: date, pauses: list[Pause]) -> date:
    """Where a day of the unpaused timetable falls once each pause has stopped the clock."""
    for pause in pauses:  # in order, so a shift can carry the day into a later pause
        if pause.starts_on > day:
            break
        day += pause.ends_on - pause.starts_on + timedelta(days=1)
    return day


def _timetable(started_on: date, fte: Decimal) -> list[Window]:
    """The windows of the whole programme as if nothing paused it."""
    windows = [
        Window(started_on + timedelta(weeks=k), started_on + timedelta(weeks=k, days=6), WEEKLY)
        for k in range(_WEEKLY_WINDOWS)
    ]
    support_ends = add_months(started_on, _SUPPORT_MONTHS) - timedelta(days=1)
    day = started_on + timedelta(weeks=_WEEKLY_WINDOWS)
    while day <= support_ends:
        last = day + timedelta(days=13)
        if (support_ends - last).days < _SHORTEST_FORTNIGHT_REMAINDER:
            last = support_ends
        windows.append(Window(day, last, FORTNIGHTLY))
        day = last + timedelta(days=1)
    for k in range(_SUPPORT_MONTHS, programme_months(fte)):
        last = add_months(started_on, k + 1) - timedelta(days=1)
        windows.append(Window(add_months(started_on, k), last, MONTHLY))
    return windows


def newly_qualified_windows(
    *,
    started_on: date,
    until: date,
    pauses: Sequence[Pause] = (),
    fte: Decimal = Decimal(1),
) -> list[Window]:
    """The programme's windows that have begun by `until` (pass the programme's end, or
    later, for all of them), with pauses applied."""
    merged = _merged(pauses, started_on)
    windows = [
        Window(_on_the_clock(w.starts_on, merged), _on_the_clock(w.ends_on, merged), w.phase)
        for w in _timetable(started_on, fte)
    ]
    return [w for w in windows if w.starts_on <= until]


def programme_ends_on(
    *, started_on: date, pauses: Sequence[Pause] = (), fte: Decimal = Decimal(1)
) -> date:
    """The programme's last day, pro rata and after pauses."""
    return _on_the_clock(
        add_months(started_on, programme_months(fte)) - timedelta(days=1),
        _merged(pauses, started_on),
    )


def newly_qualified_minimum_sessions(*, fte: Decimal = Decimal(1)) -> int:
    """Sessions the timetable asks for over the whole programme: 6 weekly + 10 fortnightly +
    1 a month after that, so 22 for a full-timer (SUP-1) and 34 at 0.5 FTE. The count does
    not depend on the start date or on pauses, which move windows but add none."""
    return _WEEKLY_WINDOWS + _FORTNIGHTLY_WINDOWS + programme_months(fte) - _SUPPORT_MONTHS


def newly_qualified_check(
    sessions: Sequence[Session],
    *,
    started_on: date,
    on: date,
    pauses: Sequence[Pause] = (),
    fte: Decimal = Decimal(1),
) -> Check:
    """Each window that ended before `on` holds at least one qualifying session. The window
    `on` falls in is still open, so it is not judged yet."""
    windows = newly_qualified_windows(started_on=started_on, until=on, pauses=pauses, fte=fte)
    return _judge([w for w in windows if w.ends_on < on], sessions)


def _judge(windows: Sequence[Window], sessions: Sequence[Session]) -> Check:
    qualifying = [s.held_on for s in sessions if qualifies(s)]
    reasons = tuple(
        f"No session of at least {MINIMUM_MINUTES} minutes, uninterrupted, was held in the "
        f"{w.phase} window from {shown(w.starts_on)} to {shown(w.ends_on)}."
        for w in windows
        if not any(w.starts_on <= day <= w.ends_on for day in qualifying)
    )
    return Check(NEWLY_QUALIFIED_TIMETABLE, not reasons, reasons, judged=len(windows))


def check_period(
    sessions: Sequence[Session],
    *,
    start: date,
    end: date,
    newly_qualified_from: date | None = None,
    pauses: Sequence[Pause] = (),
    fte: Decimal = Decimal(1),
) -> list[Check]:
    """All the rules for [start, end], each separately; the timetable only for the newly
    qualified. A timetable window is judged in the period it ends in, with sessions from
    before the period too: monthly windows rarely fit inside a calendar month, and this way
    back-to-back periods judge every window exactly once."""
    inside = [s for s in sessions if start <= s.held_on <= end]
    checks = [
        session_length_check(inside),
        monthly_total_check(inside, start=start, end=end),
    ]
    if newly_qualified_from is not None:
        windows = newly_qualified_windows(
            started_on=newly_qualified_from, until=end, pauses=pauses, fte=fte
        )
        checks.append(_judge([w for w in windows if start <= w.ends_on <= end], sessions))
    return checks
