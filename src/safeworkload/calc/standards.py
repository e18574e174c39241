"""Caseload standards: capacity bands, overload, count caps, protections, averages.

No national caseload norm exists in England; the LGA's Standard 3 asks each
employer to agree its own safe levels with practitioners (reference/01 §0 and
§2.1). So the bands are published *profiles*, each from a named source, plus
"local-agreed" for an employer's own scheme (reference/01 §6). Where a source
leaves a boundary unclear, the profile states the reading we chose, and the
other reading is one argument away.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from safeworkload.calc.capacity import Number, capacity_percent, to_decimal
from safeworkload.calc.experience import ASYE

BLUE, GREEN, AMBER, RED = "blue", "green", "amber", "red"
BANDS = (BLUE, GREEN, AMBER, RED)  # from least to most loaded


# ---------------------------------------------------------------------------
# Bands


@dataclass(frozen=True)
class Edge:
    """Where a band begins. When `inclusive`, a figure of exactly `percent` is
    already in the band; otherwise the band begins just above it."""

    percent: Decimal
    inclusive: bool

    def reached_by(self, percent: Decimal) -> bool:
        return percent > self.percent or (self.inclusive and percent == self.percent)

    def _order(self) -> tuple[Decimal, int]:
        return (self.percent, 0 if self.inclusive else 1)


def at_or_over(percent: Number) -> Edge:
    return Edge(to_decimal(percent), inclusive=True)


def over(percent: Number) -> Edge:
    return Edge(to_decimal(percent), inclusive=False)


@dataclass(frozen=True)
class Thresholds:
    """Where green, amber and red begin. Below the lowest edge is blue. A band
    with no edge is not used: the band below it runs on up to the next edge."""

    red: Edge
    amber: Edge | None = None
    green: Edge | None = None

    def __post_init__(self) -> None:
        edges = [edge for edge in (self.green, self.amber, self.red) if edge is not None]
        if any(later._order() < earlier._order() for earlier, later in pairwise(edges)):
            raise ValueError("Band edges must rise from green to amber to red.")


@dataclass(frozen=True)
class Profile:
    name: str
    source: str
    thresholds: Thresholds


# reference/01 §1.2, Community Care 1 Oct 2010: red is at least 10% over
# capacity (≥110), amber at capacity up to 10% over, green 95-100, blue below
# 95. The source does not say whether exactly 100 is green or amber; reference/01
# §3 reads "at capacity" as amber, which is our default.
def probation_2010(*, exactly_100_is_amber: bool = True) -> Profile:
    return Profile(
        name="probation-2010",
        source="Community Care, 1 Oct 2010: probation workload traffic light",
        thresholds=Thresholds(
            green=at_or_over(95),
            amber=Edge(Decimal(100), inclusive=exactly_100_is_amber),
            red=at_or_over(110),
        ),
    )


# reference/01 §1.2: ministryofjustice/wmt-web (commit 47d98ee1) colours a
# figure red only when it is over 110 (strict), and its capacity chart shades
# 90-110 as the target band. It has no amber. The chart does not say whether
# exactly 90 is in the band; we read a shaded band as including its edge.
def hmpps_wmt_legacy(*, exactly_90_is_green: bool = True) -> Profile:
    return Profile(
        name="hmpps-wmt-legacy",
        source="ministryofjustice/wmt-web: red over 110%, target band 90-110%",
        thresholds=Thresholds(
            green=Edge(Decimal(90), inclusive=exactly_90_is_green), red=over(110)
        ),
    )


# reference/01 §1.2: ministryofjustice/manage-a-workforce-ui (commit b37929d3)
# shows a person "over capacity" (red) when over 99, and "under capacity" in
# blue otherwise; a team's average is over capacity at 100 or more. Those are
# two rules for two figures, so the team rule is a setting. (Its allocation page
# and team table also print a figure over 100 in red text; we follow the
# over-capacity cards, which are the tool's stated status.)
def hmpps_maw(*, team_average: bool = False) -> Profile:
    red = at_or_over(100) if team_average else over(99)
    who = "team average at or over 100%" if team_average else "a person over 99%"
    return Profile(
        name="hmpps-maw",
        source=f"ministryofjustice/manage-a-workforce-ui: over capacity is {who}",
        thresholds=Thresholds(red=red),
    )


# Count profiles band a count as a percentage of its cap (CountCheck.percent).
# A cap is a maximum, so holding exactly the cap is within it (CAP-4: 16 is
# over a cap of 15); past it is red. At exactly the cap there is no room for a
# new case (CAP-2), which is what amber means in probation-2010 ("at capacity"),
# so a full caseload shows amber. That amber is our reading, not the sources'.
_COUNT_CAP_THRESHOLDS = Thresholds(green=at_or_over(0), amber=at_or_over(100), red=over(100))

SCOTLAND_2022 = Profile(
    name="scotland-2022",
    source="Social Work Scotland, Setting the Bar (2022): indicative maximum caseloads",
    thresholds=_COUNT_CAP_THRESHOLDS,
)
CWLA = Profile(
    name="cwla",
    source="Child Welfare League of America: recommended caseloads",
    thresholds=_COUNT_CAP_THRESHOLDS,
)

# reference/01 §6: councils agree their own levels (LGA Standard 3), so the
# default is local-agreed, pre-filled from probation-2010 until they do.
LOCAL_AGREED = "local-agreed"

PROFILES: Mapping[str, Profile] = {
    "probation-2010": probation_2010(),
    "hmpps-wmt-legacy": hmpps_wmt_legacy(),
    "hmpps-maw": hmpps_maw(),
    "scotland-2022": SCOTLAND_2022,
    "cwla": CWLA,
    LOCAL_AGREED: replace(
        probation_2010(),
        name=LOCAL_AGREED,
        source="Agreed locally with practitioners (LGA Standard 3); pre-filled from probation-2010",
    ),
}


def profile_named(name: str, *, thresholds: Thresholds | None = None) -> Profile:
    """A published profile, or local-agreed with the organisation's thresholds."""
    if name not in PROFILES:
        raise ValueError(f"No profile called {name!r}; the profiles are {', '.join(PROFILES)}.")
    if thresholds is None:
        return PROFILES[name]
    if name != LOCAL_AGREED:
        raise ValueError(f"The {name!r} profile is published; only local-agreed takes thresholds.")
    return replace(PROFILES[LOCAL_AGREED], thresholds=thresholds)


def band(
    percent: Number,
    *,
    profile: str | Profile = "probation-2010",
    thresholds: Thresholds | None = None,
) -> str:
    """The band of a capacity percentage: "blue", "green", "amber" or "red".

    Pass the percentage as it is shown (capacity_percent rounds it to 0.1), so
    that the band always agrees with the figure on the screen (reference/01 §4,
    WL-4).
    """
    if isinstance(profile, Profile):
        if thresholds is not None:
            raise ValueError("Give thresholds with a profile name, or a Profile, not both.")
        chosen = profile
    else:
        chosen = profile_named(profile, thresholds=thresholds)
    value = to_decimal(percent)
    if value < 0:
        raise ValueError("A capacity percentage cannot be negative.")
    edges = chosen.thresholds
    for name, edge in ((RED, edges.red), (AMBER, edges.amber), (GREEN, edges.green)):
        if edge is not None and edge.reached_by(value):
            return name
    return BLUE


# MoJ written answer, 30 Mar 2021: an excessive workload is over 110% for 4
# consecutive weeks (reference/01 §1.2). "Over" is strict: 110.0 does not count.
def sustained_overload(
    weekly_percents: Iterable[Number], *, above: Number = 110, weeks: int = 4
) -> bool:
    """Whether `weeks` consecutive weekly figures are all over `above`.

    Any such run in the series counts; to ask whether the overload is current,
    pass only the latest weeks.
    """
    if weeks < 1:
        raise ValueError("A run must be at least one week long.")
    limit, run = to_decimal(above), 0
    for percent in weekly_percents:
        run = run + 1 if to_decimal(percent) > limit else 0
        if run >= weeks:
            return True
    return False


# ---------------------------------------------------------------------------
# Count caps


@dataclass(frozen=True)
class CountCap:
    name: str
    maximum: int
    source: str
    per_month: bool = False


@dataclass(frozen=True)
class CountCheck:
    cap: CountCap
    count: int

    @property
    def over(self) -> bool:
        return self.count > self.cap.maximum

    @property
    def room(self) -> int:
        return max(0, self.cap.maximum - self.count)

    @property
    def percent(self) -> Decimal:
        """The count as a percentage of the cap, to band with a count profile."""
        return capacity_percent(points=self.count, available_points=self.cap.maximum)


def check_count(count: int, cap: CountCap) -> CountCheck:
    if count < 0:
        raise ValueError("A count cannot be negative.")
    return CountCheck(cap=cap, count=count)


SCOTLAND_SOURCE = "Social Work Scotland, Setting the Bar (2022)"


def scotland_2022_caps(*, adults_and_justice_maximum: int = 25) -> dict[str, CountCap]:
    """Indicative maximum caseloads: 15 for children and families, 20-25 for
    adults and justice (reference/01 §1.3). The source gives a range, so the
    adults and justice maximum is a setting within it; the default is the top
    of the range, which CAP-4 uses (24 is within, 26 over)."""
    if not 20 <= adults_and_justice_maximum <= 25:
        raise ValueError("Setting the Bar's adults and justice maximum is between 20 and 25.")
    return {
        "children-and-families": CountCap("children-and-families", 15, SCOTLAND_SOURCE),
        "adults": CountCap("adults", adults_and_justice_maximum, SCOTLAND_SOURCE),
        "justice": CountCap("justice", adults_and_justice_maximum, SCOTLAND_SOURCE),
    }


CWLA_SOURCE = "CWLA recommended caseloads"
CWLA_ONGOING_MAXIMUM = 17
CWLA_WORKERS_PER_SUPERVISOR = 5
CWLA_OPEN_CASES_PER_NEW_CASE = 6


def cwla_caps(*, foster_care_maximum: int = 15) -> dict[str, CountCap]:
    """CWLA's recommended caseloads (reference/01 §1.4). Foster care is given as
    12-15 children, so its maximum is a setting within that range."""
    if not 12 <= foster_care_maximum <= 15:
        raise ValueError("CWLA's foster care caseload is between 12 and 15 children.")
    return {
        "investigations": CountCap("investigations", 12, CWLA_SOURCE, per_month=True),
        "ongoing": CountCap("ongoing", CWLA_ONGOING_MAXIMUM, CWLA_SOURCE),
        # A combined caseload is both of these at once: 10 ongoing + 4 investigations.
        "combined-ongoing": CountCap("combined-ongoing", 10, CWLA_SOURCE),
        "combined-investigations": CountCap(
            "combined-investigations", 4, CWLA_SOURCE, per_month=True
        ),
        "foster-care": CountCap("foster-care", foster_care_maximum, CWLA_SOURCE),
    }


def cwla_new_cases_allowed(open_families: int) -> int:
    """New ongoing cases a worker may take this month under CWLA: no more than
    one for every six open, and never past the cap of 17 (reference/01 §1.4 and
    §3; CAP-1, CAP-2). Read literally, a worker with fewer than six open
    families may take none."""
    if open_families < 0:
        raise ValueError("A count cannot be negative.")
    by_ratio = open_families // CWLA_OPEN_CASES_PER_NEW_CASE
    return max(0, min(by_ratio, CWLA_ONGOING_MAXIMUM - open_families))


def cwla_supervisors_needed(workers: int) -> int:
    """One supervisor to five workers, so a sixth worker needs a second
    supervisor (reference/01 §1.4; CAP-3)."""
    if workers < 0:
        raise ValueError("A count cannot be negative.")
    return math.ceil(workers / CWLA_WORKERS_PER_SUPERVISOR)


# ---------------------------------------------------------------------------
# Protections for the newly qualified

# Suffolk: a newly qualified worker carries 90% of the workload of a confident
# second- or third-year worker; Wirral: 90 points against a full-timer's 100
# (reference/01 §1.1 and §2.4).
NEWLY_QUALIFIED_SHARE = Decimal("0.90")
# Suffolk: 10% protected development time (3.7 h of 37), pro rata for
# part-timers (reference/01 §2.4). UNISON's Social Work Contract asks for 10% of
# working time for CPD for everyone (reference/01 §2.6 point 5).
PROTECTED_DEVELOPMENT_SHARE = Decimal("0.10")


def workload_ceiling(*, full_load: int, experience_band: str) -> int:
    """A person's own ceiling in points: 90% of a full load in the ASYE year,
    the full load otherwise. Truncated, as available points are, so the
    protection is never rounded away."""
    if full_load < 0:
        raise ValueError("A full load cannot be negative.")
    if experience_band == ASYE:
        return int(full_load * NEWLY_QUALIFIED_SHARE)
    return full_load


def protected_development_hours(contracted_hours: Number) -> Decimal:
    """Protected development time a week: 10% of contracted hours, so pro rata."""
    hours = to_decimal(contracted_hours)
    if hours < 0:
        raise ValueError("Hours cannot be negative.")
    return hours * PROTECTED_DEVELOPMENT_SHARE


# ---------------------------------------------------------------------------
# Average caseloads

# DfE and survey averages differ because their denominators differ, so every
# figure carries its metric and a label saying how it was counted
# (reference/01 §1.5, §4 AVG-1 and §5 item 14).
DFE_AVERAGE = "dfe-average"
PER_PERSON_MEDIAN = "per-person-median"
METRIC_LABELS = {
    DFE_AVERAGE: "Average caseload: cases held ÷ FTE of case-holding workers (DfE definition)",
    PER_PERSON_MEDIAN: (
        "Median caseload per person: each case-holder counted once, whatever their hours"
    ),
}
_ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class AverageCaseload:
    metric: str
    value: Decimal

    @property
    def label(self) -> str:
        return METRIC_LABELS[self.metric]


def dfe_average_caseload(*, cases: int, case_holding_fte: Number) -> AverageCaseload:
    """Cases held / FTE of the workers who hold cases, to one decimal place as
    DfE publishes it (reference/03 §1.2: 321,661 / 21,105.4 = 15.2 in 2025).
    Managers and staff without cases are not in the denominator."""
    fte = to_decimal(case_holding_fte)
    if cases < 0:
        raise ValueError("A count cannot be negative.")
    if fte <= 0:
        raise ValueError("An average caseload needs some case-holding FTE.")
    value = (cases / fte).quantize(_ONE_PLACE, ROUND_HALF_UP)
    return AverageCaseload(metric=DFE_AVERAGE, value=value)


def median_caseload(caseloads: Iterable[int]) -> AverageCaseload:
    """The middle caseload when each person's count is listed once, as a
    survey of practitioners reports it (Community Care 2018: median 25)."""
    ordered = sorted(caseloads)
    if not ordered:
        raise ValueError("A median needs at least one caseload.")
    if ordered[0] < 0:
        raise ValueError("A count cannot be negative.")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        value = Decimal(ordered[middle])
    else:
        value = Decimal(ordered[middle - 1] + ordered[middle]) / 2
    return AverageCaseload(metric=PER_PERSON_MEDIAN, value=value.quantize(_ONE_PLACE))
