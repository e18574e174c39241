"""Time use measured lightly: the 80/20 measure from a sampled week.

A person records the hours of one week in eight categories. Direct work is the
time with people, face to face or by phone or video; BASW's aim is that it
should be about 80% of the week, where its 2018 survey found about 40%
(reference/01 §2.5 and §3, TIME-1). Five groups are reported:

- direct work: face to face + phone or video with people;
- recording and admin: recording and case admin + other admin;
- travel;
- development: supervision + learning;
- other: meetings.

Every share is of the hours worked, to 0.1 percentage points, rounded half up.
The gap to the target is measured on the rounded share, so that the page never
shows "79.9%" beside "no gap". Hours are Decimals so that a boundary such as
exactly 80% is exactly 80%.

"What an administrator frees" (reference/02 §7, point 7) models one
administrator post as moving delegable hours off the social workers it serves:
a share of their "other admin" and a smaller share of their recording (an
administrator can type up a chronology but should not compile one: DfE's
guidance, reference/02). The shares are parameters, not findings.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("face_to_face", "Face to face with people"),
    ("remote_contact", "Phone or video with people"),
    ("recording", "Recording and case admin"),
    ("other_admin", "Other admin"),
    ("travel", "Travel"),
    ("supervision", "Supervision"),
    ("learning", "Learning"),
    ("meetings", "Meetings"),
)
CATEGORY_KEYS: tuple[str, ...] = tuple(key for key, _ in CATEGORIES)
CATEGORY_LABELS: dict[str, str] = dict(CATEGORIES)

DIRECT = ("face_to_face", "remote_contact")
RECORDING_ADMIN = ("recording", "other_admin")
TRAVEL = ("travel",)
DEVELOPMENT = ("supervision", "learning")
OTHER = ("meetings",)

TARGET = Decimal(80)  # percent of worked time with people [S: BASW 80-20 aim]
WEEKS_A_YEAR = 48  # working weeks, after leave and bank holidays [S: Ravalier, TIME-2]
HOURS_A_DAY = Decimal("7.5")

# Assumptions for "what an administrator frees", shown on the page and in
# docs/time-use.md; a council can argue for others.
DELEGABLE_OTHER_ADMIN = Decimal("0.5")
DELEGABLE_RECORDING = Decimal("0.2")

_PERCENT = Decimal("0.1")
_HOURS = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


class NoHoursError(ValueError):
    """A week with no hours has no shares: a 0% direct share would be read as a finding."""


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(_PERCENT, ROUND_HALF_UP)


def _sum(hours: Mapping[str, Decimal], keys: tuple[str, ...]) -> Decimal:
    return sum((hours.get(key, ZERO) for key in keys), ZERO)


def _check(hours: Mapping[str, Decimal]) -> None:
    unknown = set(hours) - set(CATEGORY_KEYS)
    if unknown:
        raise ValueError(f"Unknown time-use categories: {', '.join(sorted(unknown))}")
    if any(value < 0 for value in hours.values()):
        raise ValueError("Hours cannot be negative.")


@dataclass(frozen=True)
class Shares:
    worked_hours: Decimal
    direct_pct: Decimal
    recording_admin_pct: Decimal
    travel_pct: Decimal
    development_pct: Decimal
    other_pct: Decimal
    gap_to_target: Decimal  # percentage points below the target; 0 when met
    target: Decimal = TARGET

    @property
    def meets_target(self) -> bool:
        return self.gap_to_target == 0


def shares(
    hours: Mapping[str, Decimal],
    *,
    worked_hours: Decimal | None = None,
    target: Decimal = TARGET,
) -> Shares:
    """The week's shares of worked time, by group, and the gap to the target.

    ``hours`` maps category keys to hours; a category left out counts as 0.
    ``worked_hours`` defaults to the sum of the categories; give it when the
    categories do not cover the whole week (BASW's 45-hour week holds only 47
    hours of categories that overlap, TIME-1). Raises NoHoursError when there
    are no hours worked, and ValueError for a negative figure or an unknown
    category.
    """
    _check(hours)
    worked = _sum(hours, CATEGORY_KEYS) if worked_hours is None else worked_hours
    if worked < 0:
        raise ValueError("Hours cannot be negative.")
    if worked == 0:
        raise NoHoursError("A week with no hours worked has no shares.")
    direct = _percent(_sum(hours, DIRECT), worked)
    return Shares(
        worked_hours=worked,
        direct_pct=direct,
        recording_admin_pct=_percent(_sum(hours, RECORDING_ADMIN), worked),
        travel_pct=_percent(_sum(hours, TRAVEL), worked),
        development_pct=_percent(_sum(hours, DEVELOPMENT), worked),
        other_pct=_percent(_sum(hours, OTHER), worked),
        gap_to_target=max(ZERO, target - direct),
        target=target,
    )


def extra_hours(worked: Decimal, contracted: Decimal) -> Decimal:
    """Hours worked over the contract in the week; never negative.

    UNISON and LGA Standard 3: these must be paid or taken back as time off in
    lieu (reference/01 §3).
    """
    if worked < 0 or contracted < 0:
        raise ValueError("Hours cannot be negative.")
    return max(ZERO, worked - contracted)


def unpaid_per_year(
    weekly_unpaid: Decimal, *, weeks: int = WEEKS_A_YEAR, hours_per_day: Decimal = HOURS_A_DAY
) -> tuple[Decimal, Decimal]:
    """A year of unpaid weekly hours, in hours and in working days (to 0.1 day).

    Ravalier's figure (TIME-2): 10 hours a week over 48 weeks is 480 hours,
    64 days of 7.5 hours.
    """
    if weekly_unpaid < 0 or weeks < 0 or hours_per_day <= 0:
        raise ValueError("Hours and weeks cannot be negative, nor a day empty.")
    hours = weekly_unpaid * weeks
    return hours, (hours / hours_per_day).quantize(_PERCENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class AdministratorFrees:
    delegable_per_worker: Decimal  # hours a week one social worker could hand over
    hours_taken_per_post: Decimal  # of the post's hours, those that find work to take
    freed_per_worker: Decimal  # hours a week each social worker gets back
    direct_pct_now: Decimal
    direct_pct_if_freed: Decimal  # if every freed hour went to people
    spare_post_hours: Decimal  # of the post's hours, those with nothing delegable to take


def administrator_frees(
    *,
    mean_hours: Mapping[str, Decimal],
    social_workers: int,
    administrator_hours: Decimal,
    delegable_other_admin: Decimal = DELEGABLE_OTHER_ADMIN,
    delegable_recording: Decimal = DELEGABLE_RECORDING,
) -> AdministratorFrees:
    """What one administrator post moves off ``social_workers`` people.

    - ``mean_hours``: a social worker's mean sampled week, by category;
    - ``social_workers``: how many social workers the post serves;
    - ``administrator_hours``: the post's weekly hours;
    - ``delegable_other_admin`` and ``delegable_recording``: the shares (0 to 1)
      of those categories an administrator could take on.

    Each social worker could hand over ``other_admin x delegable_other_admin +
    recording x delegable_recording`` hours a week. The post takes at most its
    own hours, and at most what the social workers together could hand over;
    what it takes is shared among them. The direct share "if freed" assumes
    every freed hour goes to people, in the same worked week: an upper bound.
    """
    _check(mean_hours)
    if social_workers < 1:
        raise ValueError("An administrator serves at least one social worker.")
    if administrator_hours < 0:
        raise ValueError("Hours cannot be negative.")
    for share in (delegable_other_admin, delegable_recording):
        if not ZERO <= share <= 1:
            raise ValueError("A delegable share is between 0 and 1.")
    worked = _sum(mean_hours, CATEGORY_KEYS)
    if worked == 0:
        raise NoHoursError("A week with no hours worked has no shares.")
    delegable = (
        mean_hours.get("other_admin", ZERO) * delegable_other_admin
        + mean_hours.get("recording", ZERO) * delegable_recording
    )
    taken = min(administrator_hours, delegable * social_workers)
    freed = taken / social_workers
    direct = _sum(mean_hours, DIRECT)
    return AdministratorFrees(
        delegable_per_worker=delegable.quantize(_HOURS, ROUND_HALF_UP),
        hours_taken_per_post=taken.quantize(_HOURS, ROUND_HALF_UP),
        freed_per_worker=freed.quantize(_HOURS, ROUND_HALF_UP),
        direct_pct_now=_percent(direct, worked),
        direct_pct_if_freed=_percent(direct + freed, worked),
        spare_post_hours=(administrator_hours - taken).quantize(_HOURS, ROUND_HALF_UP),
    )
