"""Demand: from population and need to flows, open cases and activity counts.

Three steps of reference/02 §5 point 2, each a plain sum:

- Flows from population. Expected cases a year = sum over age bands of
  population x need rate per 10,000 / 10,000, as DfE and ONS publish rates
  (children in need per 10,000 children, for instance). `rate_per_10k` is the
  inverse, for fitting rates on a council's own history.
- Open-case stock by Little's law (Little 1961; reference/02 §3.4): the mean
  number of open cases L = arrival rate x mean time open W, in any time unit so
  long as both use the same one. 1,000 cases a year open half a year each
  gives 500 open cases. It holds for any distribution of durations, which is
  why it, and not a queueing formula, fits long-running case work. Case-holding
  staff = open cases / caseload per worker.
- Activity counts from case events: either counted from a council's recorded
  events and scaled to a year, or forecast from flows and stock by rules such
  as "one assessment per case opened" and "a visit every four weeks per open
  case" (`EventRule`).
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

PER = 10_000


def _check_rate_inputs(population: Mapping[str, float], rates: Mapping[str, float]) -> None:
    missing = set(population) - set(rates)
    if missing:
        raise ValueError(f"No need rate for age bands: {', '.join(sorted(missing))}")
    if any(value < 0 for value in population.values()) or any(
        value < 0 for value in rates.values()
    ):
        raise ValueError("Population and rates cannot be negative.")


def demand_by_band(
    *, population: Mapping[str, float], rates_per_10k: Mapping[str, float]
) -> dict[str, float]:
    """Expected cases a year in each age band: population x rate / 10,000.

    Every band with population needs a rate; a rate for a band with no
    population given is ignored (a national rate table covers more bands than
    one service does).
    """
    _check_rate_inputs(population, rates_per_10k)
    return {band: people * rates_per_10k[band] / PER for band, people in population.items()}


def demand_from_population(
    *,
    population: Mapping[str, float],
    rates_per_10k: Mapping[str, float],
    multiplier: float = 1.0,
) -> float:
    """Expected cases a year over all bands, times an optional ``multiplier``
    (for deprivation or a trend, stated by the caller)."""
    if multiplier < 0:
        raise ValueError("A multiplier cannot be negative.")
    by_band = demand_by_band(population=population, rates_per_10k=rates_per_10k)
    return sum(by_band.values()) * multiplier


def rate_per_10k(*, count: float, population: float) -> float:
    """Cases per 10,000 people: the rate a published table would show."""
    if population <= 0 or count < 0:
        raise ValueError("A rate needs a population above 0 and a count not below 0.")
    return count * PER / population


def open_cases(*, arrival_rate: float, mean_duration: float) -> float:
    """Little's law: L = lambda x W, with both in the same time unit."""
    if arrival_rate < 0 or mean_duration < 0:
        raise ValueError("Arrivals and durations cannot be negative.")
    return arrival_rate * mean_duration


def mean_duration(*, open_cases: float, arrival_rate: float) -> float:
    """Little's law turned round: W = L / lambda, the mean time a case stays open."""
    if arrival_rate <= 0 or open_cases < 0:
        raise ValueError("A duration needs arrivals above 0 and open cases not below 0.")
    return open_cases / arrival_rate


def case_holding_fte(*, open_cases: float, caseload_per_fte: float) -> float:
    """Staff needed to hold the open cases at a caseload per full-time worker,
    before any WISN allowances."""
    if caseload_per_fte <= 0 or open_cases < 0:
        raise ValueError("A caseload per worker must be above 0.")
    return open_cases / caseload_per_fte


def open_cases_by_type(
    *, arrivals: Mapping[str, float], mean_durations: Mapping[str, float]
) -> dict[str, float]:
    """Little's law for each case type, arrivals and durations in one time unit."""
    missing = set(arrivals) - set(mean_durations)
    if missing:
        raise ValueError(f"No mean duration for case types: {', '.join(sorted(missing))}")
    return {
        kind: open_cases(arrival_rate=rate, mean_duration=mean_durations[kind])
        for kind, rate in arrivals.items()
    }


@dataclass(frozen=True)
class EventRule:
    """How a case type makes an activity: so many per case opened, and so many
    a year for each case open (a visit every 4 weeks is 13 a year)."""

    case_type: str
    activity: str
    per_opening: float = 0.0
    per_open_case_per_year: float = 0.0


def activity_counts(
    *,
    openings_per_year: Mapping[str, float],
    open_cases: Mapping[str, float],
    rules: Sequence[EventRule],
) -> dict[str, float]:
    """Activities a year forecast from flows and stock.

    count(activity) = sum over its rules of openings x per opening +
    open cases x per open case a year. A rule for a case type with neither
    flow nor stock adds nothing; a rule with a negative rate is refused.
    """
    counts: dict[str, float] = {}
    for rule in rules:
        if rule.per_opening < 0 or rule.per_open_case_per_year < 0:
            raise ValueError("Events per case cannot be negative.")
        made = openings_per_year.get(rule.case_type, 0.0) * rule.per_opening + open_cases.get(
            rule.case_type, 0.0
        ) * (rule.per_open_case_per_year)
        counts[rule.activity] = counts.get(rule.activity, 0.0) + made
    return counts


def years_between(start: date, end: date) -> float:
    """The length of [start, end) in years: whole years by the calendar, and the
    rest as a share of the year it falls in, so that 1 April to 1 April is
    exactly 1 whether or not it holds a 29 February."""
    if end <= start:
        raise ValueError("A period must end after it starts.")
    whole = 0
    while _anniversary(start, whole + 1) <= end:
        whole += 1
    base, following = _anniversary(start, whole), _anniversary(start, whole + 1)
    return whole + (end - base).days / (following - base).days


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year without one
        return date(start.year + years, 3, 1)


def annual_counts_from_events(
    events: Iterable[tuple[str, date]], *, start: date, end: date
) -> dict[str, float]:
    """Recorded events (activity, date) in [start, end), scaled to a year.

    These are WISN's "annual statistics" (reference/02 §1.1): last year's
    counts. Events outside the period are ignored, so a caller can pass a
    whole log.
    """
    years = years_between(start, end)
    counted = Counter(kind for kind, when in events if start <= when < end)
    return {kind: count / years for kind, count in counted.items()}
