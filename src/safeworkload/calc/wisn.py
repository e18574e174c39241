"""Workload Indicators of Staffing Need (WISN), the WHO method, for one role.

The formulas of the WHO WISN User's Manual (2010), as reference/02 §1.1 sets
them out. All figures are for one role (a WISN "staff category") and one year:

- Available working time, in hours:
  AWT = (working days - public holidays - annual leave - sick leave - other leave)
        x hours per day.
- Direct activities, for which a count is recorded: each needs
  annual count x hours per unit, and the staff they need is
  S_direct = sum(annual count x hours per unit) / AWT
  (the manual's "standard workload" is AWT / hours per unit; dividing the count
  by it is the same sum).
- Support activities, done by everyone in the role and not counted, become a
  share of working time (the category allowance standard, CAS): a time per day
  is divided by hours per day, per week by hours per week, per month is
  x 12 / AWT and per year is / AWT. CAF = 1 / (1 - total CAS).
- Additional activities, done by only some people, become hours a year
  (hours per person x persons, the individual allowance standard) and then
  staff: IAF = sum of those hours / AWT.
- Required staff R = S_direct x CAF + IAF.
- WISN difference = existing staff - R (negative is a shortage);
  WISN ratio = existing staff / R (below 1 is a shortage).

Every intermediate is kept unrounded; round only to show (reference/02 §1.1).

Headroom. WISN builds AWT bottom-up from leave, so no flat "headroom" is
needed. Where a council plans with one instead, say which of the two
conventions it means, because they differ (reference/02 §2.2): adding 22%
multiplies by 1.22, while treating 22% of contracted time as lost divides by
0.78 (x 1.2821). The `Headroom` parameter names the convention; it then stands
in for leave, so it cannot be combined with annual, sick or other leave.

One role's inputs never touch another's: an open-source WISN tool leaked one
cadre's allowances into the next by never resetting its totals (reference/02
§3.7). `wisn_by_role` computes each role from its own inputs alone.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

SupportPer = Literal["day", "week", "month", "year"]
StandardPer = Literal["case", "day", "week", "month", "year"]
HeadroomConvention = Literal["added", "lost"]

# Weeks and months in a year for a standard given "per open case per week" or
# "per month": a case open all year needs time in every calendar week.
PERIODS_PER_YEAR: dict[str, float] = {"week": 52.0, "month": 12.0, "year": 1.0}


@dataclass(frozen=True)
class Activity:
    """A direct activity: how many a year, and the hours each takes."""

    annual_count: float
    hours_per_unit: float
    name: str = ""


@dataclass(frozen=True)
class SupportActivity:
    """A support activity everyone in the role does: hours per day, week, month or year."""

    hours: float
    per: SupportPer
    name: str = ""


@dataclass(frozen=True)
class AdditionalActivity:
    """An additional activity some people do: hours a year each, and how many do it."""

    hours_per_year: float
    persons: float
    name: str = ""


@dataclass(frozen=True)
class WisnInputs:
    """One role's year. Days are working days; hours are per person."""

    working_days: float
    public_holidays: float
    annual_leave: float
    sick_leave: float
    other_leave: float
    hours_per_day: float
    hours_per_week: float
    activities: Sequence[Activity]
    support: Sequence[SupportActivity] = ()
    additional: Sequence[AdditionalActivity] = ()
    existing_staff: float = 0.0


@dataclass(frozen=True)
class WisnResult:
    awt_hours: float
    s_direct: float
    cas_percent: float
    caf: float
    iaf: float
    required: float
    difference: float
    ratio: float


@dataclass(frozen=True)
class Headroom:
    """A flat allowance for time away, and which of the two sums it means.

    "added": required x (1 + share), as the NHS Safer Nursing Care Tool does.
    "lost": the share of contracted time is not available, so
    required / (1 - share), as WISN's own allowance factor works.
    """

    share: float
    convention: HeadroomConvention

    def __post_init__(self) -> None:
        if self.convention not in ("added", "lost"):
            raise ValueError('A headroom convention must be "added" or "lost".')
        if not 0 <= self.share < 1:
            raise ValueError("A headroom share must be at least 0 and below 1.")

    @property
    def factor(self) -> float:
        if self.convention == "added":
            return 1 + self.share
        return 1 / (1 - self.share)


def activity(
    *,
    count: float,
    hours: float,
    per: StandardPer = "case",
    days_per_year: float | None = None,
    name: str = "",
) -> Activity:
    """A direct activity from a standard in any unit.

    per "case": ``count`` is how many happen a year and each takes ``hours``
    (the WISN unit time; minutes / 60 for a standard in minutes).
    per "day", "week", "month" or "year": ``count`` is the average number of
    open cases, each needing ``hours`` every period; a year has 52 weeks and
    12 months, and as many days as ``days_per_year`` says (the days the
    service runs, which only the caller knows).
    """
    if count < 0 or hours < 0:
        raise ValueError("Counts and hours cannot be negative.")
    if per == "case":
        return Activity(annual_count=count, hours_per_unit=hours, name=name)
    if per == "day":
        if days_per_year is None or days_per_year <= 0:
            raise ValueError("A standard per day needs the days a year the service runs.")
        periods = days_per_year
    elif per in PERIODS_PER_YEAR:
        periods = PERIODS_PER_YEAR[per]
    else:
        raise ValueError('A standard is per "case", "day", "week", "month" or "year".')
    return Activity(annual_count=count * periods, hours_per_unit=hours, name=name)


def available_working_hours(inputs: WisnInputs) -> float:
    """AWT = (A - (B + C + D + E)) x F, in hours."""
    days = inputs.working_days - (
        inputs.public_holidays + inputs.annual_leave + inputs.sick_leave + inputs.other_leave
    )
    return days * inputs.hours_per_day


def awt_from_shares(*, contract_hours: float, deductions: Iterable[float]) -> float:
    """Available hours when leave is given as shares of contracted hours
    (BMC Health Services Research 2007, 7:196, Table 1: 1,872 h less 18.7%)."""
    lost = sum(deductions)
    if contract_hours < 0 or lost < 0 or lost >= 1:
        raise ValueError("Deductions must be shares that add up to less than 1.")
    return contract_hours * (1 - lost)


def support_split(
    support: Iterable[SupportActivity], *, hours_per_day: float, hours_per_week: float
) -> tuple[float, float]:
    """Support time as (a share of working time, hours a year).

    Time per day and per week is already a share of the day or week; time per
    month and per year is only a share once divided by AWT. Returning the two
    parts lets the Monte Carlo divide the second by a different AWT in each
    draw without redoing the unit conversion, where WISN tools go wrong.
    """
    share = 0.0
    annual_hours = 0.0
    for item in support:
        if item.hours < 0:
            raise ValueError("Support hours cannot be negative.")
        if item.per == "day":
            share += item.hours / hours_per_day
        elif item.per == "week":
            share += item.hours / hours_per_week
        elif item.per == "month":
            annual_hours += item.hours * 12
        elif item.per == "year":
            annual_hours += item.hours
        else:
            raise ValueError('Support time is per "day", "week", "month" or "year".')
    return share, annual_hours


def individual_allowance_hours(additional: Iterable[AdditionalActivity]) -> float:
    """Sum of IAS: hours a year per person x persons doing it."""
    total = 0.0
    for item in additional:
        if item.hours_per_year < 0 or item.persons < 0:
            raise ValueError("Additional hours and persons cannot be negative.")
        total += item.hours_per_year * item.persons
    return total


def direct_hours(activities: Iterable[Activity]) -> float:
    total = 0.0
    for item in activities:
        if item.annual_count < 0 or item.hours_per_unit < 0:
            raise ValueError("Counts and hours cannot be negative.")
        total += item.annual_count * item.hours_per_unit
    return total


def allowance_factor(cas_fraction: float) -> float:
    """CAF = 1 / (1 - total CAS); support time of a whole day or more leaves no time for work."""
    if cas_fraction >= 1:
        raise ValueError("Support activities take all of the working time.")
    return 1 / (1 - cas_fraction)


def wisn_difference(existing: float, required: float) -> float:
    return existing - required


def wisn_ratio(existing: float, required: float) -> float:
    """existing / required. With nothing required the ratio is infinite when
    there are staff, and 1 (balanced) when there are none."""
    if required > 0:
        return existing / required
    return float("inf") if existing > 0 else 1.0


# Workload pressure by WISN ratio, read from the published labels of BMJ Open's
# Bangladesh table (reference/02 E2); the paper's own cut-offs were not found,
# so the edges are a parameter. Each band holds ratios below its edge.
PRESSURE_BANDS: tuple[tuple[float, str], ...] = (
    (0.3, "Extremely high"),
    (0.5, "Very high"),
    (0.7, "High"),
    (0.9, "Moderately high"),
    (1.0, "Low"),
)
NO_PRESSURE = "None"


def pressure(ratio: float, bands: Sequence[tuple[float, str]] = PRESSURE_BANDS) -> str:
    """The pressure label of a WISN ratio, banded on the ratio shown (2 places,
    half up), so that a ratio shown as 0.30 is never labelled as below 0.3."""
    shown = Decimal(repr(ratio)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    for edge, label in bands:
        if shown < Decimal(repr(edge)):
            return label
    return NO_PRESSURE


def _check(inputs: WisnInputs) -> None:
    days = (
        inputs.working_days,
        inputs.public_holidays,
        inputs.annual_leave,
        inputs.sick_leave,
        inputs.other_leave,
    )
    if any(value < 0 for value in days) or inputs.existing_staff < 0:
        raise ValueError("Days and staff cannot be negative.")
    if inputs.hours_per_day <= 0 or inputs.hours_per_week <= 0:
        raise ValueError("Hours per day and per week must be above 0.")


def wisn(inputs: WisnInputs, *, headroom: Headroom | None = None) -> WisnResult:
    """Required staff for one role, with the WISN difference and ratio.

    With a ``headroom``, required staff is multiplied by its factor; leave is
    then already allowed for, so annual, sick and other leave must be 0
    (public holidays may still be taken out of the days).
    """
    _check(inputs)
    if headroom is not None and (inputs.annual_leave or inputs.sick_leave or inputs.other_leave):
        raise ValueError(
            "A headroom allowance already covers leave: set annual, sick and other leave to 0."
        )
    awt = available_working_hours(inputs)
    if awt <= 0:
        raise ValueError("No working time is left after leave.")
    share, support_hours = support_split(
        inputs.support, hours_per_day=inputs.hours_per_day, hours_per_week=inputs.hours_per_week
    )
    cas = share + support_hours / awt
    caf = allowance_factor(cas)
    s_direct = direct_hours(inputs.activities) / awt
    iaf = individual_allowance_hours(inputs.additional) / awt
    required = (s_direct * caf + iaf) * (headroom.factor if headroom else 1.0)
    return WisnResult(
        awt_hours=awt,
        s_direct=s_direct,
        cas_percent=cas * 100,
        caf=caf,
        iaf=iaf,
        required=required,
        difference=wisn_difference(inputs.existing_staff, required),
        ratio=wisn_ratio(inputs.existing_staff, required),
    )


def wisn_by_role(
    inputs: Mapping[str, WisnInputs],
    *,
    headroom: Mapping[str, Headroom] | None = None,
) -> dict[str, WisnResult]:
    """WISN for each role from that role's inputs and headroom alone."""
    chosen = headroom or {}
    unknown = set(chosen) - set(inputs)
    if unknown:
        raise ValueError(f"Headroom given for unknown roles: {', '.join(sorted(unknown))}")
    return {
        role: wisn(role_inputs, headroom=chosen.get(role)) for role, role_inputs in inputs.items()
    }
