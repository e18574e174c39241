"""Development time and the extra-hours ledger, as arithmetic (no Django).

The Social Work Contract (UNISON / Community Care, 2010-11; reference/01 §2.6)
gives a social worker **10% of working time for professional development**
(point 5) and **pay or time off in lieu for extra hours** (point 2). A newly
qualified social worker also has **protected development time of 10% of
contracted hours, pro rata** (Suffolk; reference/01 §2.4 and §3): 3.7 hours a
week on 37 (WL-11), 2.96 on 29.6 (WL-12).

Hours are ``Decimal`` throughout and rounded half up to two places, the way a
payroll would, so that 0.1 x 29.6 is 2.96 and never 2.9600000000000004.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from safeworkload.calc.experience import whole_years_between

DEVELOPMENT_SHARE = Decimal("0.10")  # UNISON contract point 5; Suffolk NQSW protected time
PERIOD_WEEKS = 13  # a quarter: long enough that one busy week is not a breach
# A breach opens when less than this share of the entitlement is recorded over
# the period: half, so that a fortnight's leave or records not yet entered do
# not open one, while a worker getting under 5% of their time does.
BREACH_BELOW = Decimal("0.50")
CENTS = Decimal("0.01")
ZERO = Decimal("0")


def hours(value: Decimal) -> Decimal:
    """Two decimal places, half up."""
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def protected_hours_per_week(
    contracted_hours: Decimal, *, share: Decimal = DEVELOPMENT_SHARE
) -> Decimal:
    """Development hours a week for a contract: 10% of 37 h is 3.70 (WL-11),
    of 29.6 h (0.8 FTE) 2.96 (WL-12)."""
    if contracted_hours < 0 or share < 0:
        raise ValueError("Hours and share must be zero or more.")
    return hours(contracted_hours * share)


def development_entitlement(
    contracted_hours: Decimal, weeks: Decimal | int, share: Decimal = DEVELOPMENT_SHARE
) -> Decimal:
    """Development hours due over ``weeks`` weeks (13 weeks on 37 h: 48.10).

    Worked on the unrounded weekly figure, so that a part week does not
    compound a rounding."""
    if weeks < 0:
        raise ValueError("Weeks must be zero or more.")
    if contracted_hours < 0 or share < 0:
        raise ValueError("Hours and share must be zero or more.")
    return hours(contracted_hours * share * Decimal(weeks))


def weeks_in_period(*, on: date, since: date | None, weeks: int = PERIOD_WEEKS) -> Decimal:
    """How many of the ``weeks`` weeks ending ``on`` (both ends included) fall
    on or after ``since``: someone who started five weeks ago is due five
    weeks' development time, not thirteen. In weeks, to two places."""
    first = on - timedelta(days=7 * weeks - 1)
    start = max(first, since) if since is not None else first
    days = (on - start).days + 1
    return hours(Decimal(max(days, 0)) / 7)


def period_start(*, on: date, weeks: int = PERIOD_WEEKS) -> date:
    """The first day of the ``weeks`` weeks ending ``on`` (both ends included)."""
    return on - timedelta(days=7 * weeks - 1)


def is_newly_qualified(*, newly_qualified_role: bool, qualified_on: date | None, on: date) -> bool:
    """Newly qualified: in that job role, or qualified within the last 12 months
    (the ASYE year; a year to the day is no longer newly qualified)."""
    if newly_qualified_role:
        return True
    if qualified_on is None or qualified_on > on:
        return False
    return whole_years_between(qualified_on, on) < 1


@dataclass(frozen=True)
class EntitlementCheck:
    """Recorded hours against what is due, and whether that is enough."""

    recorded: Decimal
    entitlement: Decimal
    required: Decimal  # the share of the entitlement that must be recorded
    met: bool
    why_not: str

    @property
    def percent(self) -> Decimal | None:
        """Recorded hours as a percentage of the entitlement, one place; None when none is due."""
        if self.entitlement == 0:
            return None
        return (self.recorded * 100 / self.entitlement).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def shortfall(self) -> Decimal:
        return max(self.entitlement - self.recorded, ZERO)


def entitlement_check(
    recorded: Decimal,
    *,
    contracted_hours: Decimal,
    weeks: Decimal | int,
    share: Decimal = DEVELOPMENT_SHARE,
    at_least: Decimal = Decimal("1"),
    what: str = "development time",
) -> EntitlementCheck:
    """Is ``recorded`` at least ``at_least`` of the entitlement over ``weeks``?

    ``at_least`` is 1 to ask "was the whole entitlement given?" and
    ``BREACH_BELOW`` (0.5) for the breach rule. Exactly the required hours pass;
    0.01 under fails.
    """
    entitlement = development_entitlement(contracted_hours, weeks, share)
    required = hours(entitlement * at_least)
    recorded = hours(recorded)
    met = recorded >= required
    why_not = ""
    if not met:
        why_not = (
            f"{_plain(recorded)} hours of {what} recorded in {_plain(hours(Decimal(weeks)))} "
            f"weeks, under the {_plain(required)} hours needed"
        )
        if required != entitlement:
            why_not += f" ({_plain(at_least * 100)}% of the {_plain(entitlement)} hours due)"
    return EntitlementCheck(recorded, entitlement, required, met, why_not)


def _plain(value: Decimal) -> str:
    """48.10 as 48.1, 50.00 as 50, for a sentence."""
    text = f"{value.normalize():f}"
    return text


# ---------------------------------------------------------------------------
# The extra-hours ledger

PAY = "pay"
TOIL = "toil"
UNCLAIMED = "unclaimed"

CLAIMED = "claimed"  # waiting for a manager's decision
APPROVED = "approved"
DECLINED = "declined"
RECORDED = "recorded"  # unclaimed hours: nothing to decide


@dataclass(frozen=True)
class Entry:
    """One occasion of extra hours: how many, what was asked for, and the decision."""

    hours: Decimal
    compensation: str
    status: str


def toil_earned(entries: Iterable[Entry]) -> Decimal:
    """Hours of time off in lieu approved."""
    return sum((e.hours for e in entries if e.compensation == TOIL and e.status == APPROVED), ZERO)


def toil_balance(entries: Iterable[Entry], taken: Iterable[Decimal]) -> Decimal:
    """Approved time off in lieu less the time off already taken. It can be
    negative only if time off was taken before the claim was decided."""
    return toil_earned(entries) - sum(taken, ZERO)


def unpaid_hours(entries: Iterable[Entry]) -> Decimal:
    """Hours worked and neither paid nor given back: those nothing was claimed
    for, and those whose claim was declined (reference/01 §5 item 7)."""
    return sum(
        (e.hours for e in entries if e.compensation == UNCLAIMED or e.status == DECLINED), ZERO
    )


def paid_hours(entries: Iterable[Entry]) -> Decimal:
    return sum((e.hours for e in entries if e.compensation == PAY and e.status == APPROVED), ZERO)


def pending_hours(entries: Iterable[Entry]) -> Decimal:
    """Hours claimed and not yet decided."""
    return sum((e.hours for e in entries if e.status == CLAIMED), ZERO)


def mean_per_week(total: Decimal, weeks: int) -> Decimal:
    """A total spread over ``weeks`` weeks, two places."""
    if weeks <= 0:
        raise ValueError("Weeks must be one or more.")
    return hours(total / weeks)
