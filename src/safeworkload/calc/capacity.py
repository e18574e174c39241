"""How much work a person can hold, and how full they are.

The reference implementation is HMPPS probation's Workload Measurement Tool
(WMT), whose formula is public and unit-tested (reference/01 §1.2 and §6;
reference/02 §2.4). A council points scheme is the same sum with a smaller
nominal target: Wirral gives a full-time worker 100 points (reference/01 §1.1).

Every figure is a Decimal, so that a boundary such as exactly 110% is exactly
110% and not 109.99999999999999.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

Number = Decimal | int | float

# The WMT defaults for a probation officer (reference/02 §2.4, seed values
# confirmed by HMPPS's CapacityCalculatorTest).
WMT_NOMINAL_TARGET = 2176
WMT_DEFAULT_HOURS = Decimal(37)

# HMPPS divides hours by hours to 15 decimal places before multiplying
# (hmpps-workload CapacityCalculator.kt, commit 1e70153e); we do the same so
# that our truncation lands on the same integer as theirs.
_HOURS_SHARE_PLACES = Decimal("1e-15")
_RATIO_PLACES = Decimal("0.001")
_PERCENT_PLACES = Decimal("0.1")


def to_decimal(value: Number) -> Decimal:
    """An exact Decimal. A float goes through its shortest printed form, so 1.8
    becomes Decimal("1.8") and not 1.8000000000000000444; Kotlin's
    BigDecimal.valueOf does the same, which is how HMPPS's tests pass hours."""
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def available_points(
    *,
    nominal_target: int,
    contracted_hours: Number,
    reduction_hours: Number,
    default_hours: Number,
) -> int:
    """The WMT's points a person can hold in a week.

    trunc(nominal target x (contracted - reduction hours) / default hours for
    the grade). Part-timers get a pro-rata share by the same sum. When no hours
    are left after reductions, or the grade has no default hours, the answer is
    0, as in HMPPS's code. Source: hmpps-workload CapacityCalculator.kt.
    """
    contracted, reductions = to_decimal(contracted_hours), to_decimal(reduction_hours)
    default = to_decimal(default_hours)
    if nominal_target < 0 or min(contracted, reductions, default) < 0:
        raise ValueError("Hours and points cannot be negative.")
    hours_left = contracted - reductions
    if hours_left <= 0 or default == 0:
        return 0
    share = (hours_left / default).quantize(_HOURS_SHARE_PLACES, ROUND_HALF_UP)
    # int() truncates towards zero, as Kotlin's toBigInteger() does.
    return int(nominal_target * share)


def capacity_percent(*, points: Number, available_points: Number) -> Decimal:
    """Points held as a percentage of points available, to 0.1.

    round_half_up(points / available, 3 places) x 100, and 0 when either is 0,
    as HMPPS does (hmpps-workload CapacityCalculator.kt). Rounding the ratio
    before banding means we band the figure we show (reference/01 §4, WL-4).
    So a person holding work with no points available shows 0%: the caller
    must read that as "no capacity at all", never as "empty".
    """
    held, available = to_decimal(points), to_decimal(available_points)
    if held < 0 or available < 0:
        raise ValueError("Points cannot be negative.")
    if held == 0 or available == 0:
        return Decimal("0.0")
    ratio = (held / available).quantize(_RATIO_PLACES, ROUND_HALF_UP)
    return (ratio * 100).quantize(_PERCENT_PLACES)


def weighted_points(
    *,
    case_points: Iterable[Number],
    fixed_points: Number = 0,
    extra_points: Number = 0,
) -> Decimal:
    """A weighted workload: a fixed element, each case's points, and extra duties.

    This is the three-part workload of the council schemes: Wirral's "stable"
    element (15 of a full-timer's 100 points), case points, and extra
    responsibilities; Oxfordshire and Knowsley use the same shape
    (reference/01 §1.1).
    """
    parts = [to_decimal(fixed_points), *map(to_decimal, case_points), to_decimal(extra_points)]
    if any(part < 0 for part in parts):
        raise ValueError("Points cannot be negative.")
    return sum(parts, Decimal(0))


@dataclass(frozen=True)
class CeilingCheck:
    """A person's weighted points against their own ceiling."""

    points: Decimal
    ceiling: int

    @property
    def percent(self) -> Decimal:
        return capacity_percent(points=self.points, available_points=self.ceiling)

    @property
    def over(self) -> bool:
        return self.points > self.ceiling

    @property
    def room(self) -> Decimal:
        """Points that can still be allocated; never negative."""
        return max(Decimal(0), self.ceiling - self.points)

    def can_take(self, case_points: Number) -> bool:
        """Whether a new case fits. Reaching the ceiling exactly is allowed;
        going past it is not ("Model A": the maximum is agreed and nothing is
        allocated beyond it, reference/01 §1.1 and §5 item 3)."""
        return self.points + to_decimal(case_points) <= self.ceiling


def check_ceiling(*, points: Number, ceiling: int) -> CeilingCheck:
    if ceiling <= 0:
        raise ValueError("A ceiling must be more than 0 points.")
    return CeilingCheck(points=to_decimal(points), ceiling=ceiling)


def hours_percent(*, contracted_hours: Number, unpaid_hours: Number) -> Decimal:
    """The hours a worker actually works as a percentage of their contract, to 0.1.

    Points measure the work held at contracted time; a worker who needs ten
    unpaid hours a week to keep up on 37 is at 127.0% of their time, whatever
    their points say (LGA standard 3, refreshed: overload must not hide in
    unpaid hours; reference/01 §2.1 and §2.6). Where there are unpaid hours,
    banded like a capacity percent, the worse of the two bands is the one a
    screen shows.
    """
    contracted, unpaid = to_decimal(contracted_hours), to_decimal(unpaid_hours)
    if contracted <= 0 or unpaid < 0:
        raise ValueError("Contracted hours must be above 0 and unpaid hours not negative.")
    return ((contracted + unpaid) * 100 / contracted).quantize(_PERCENT_PLACES, ROUND_HALF_UP)
