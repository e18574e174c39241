"""The workforce measures as DfE defines them, and what cover costs.

DfE's children's social work workforce census counts at 30 September and over
the year to that day (reference/03 §1.2, recomputed from the published
national rows). Every rate is built on full-time equivalents:

- vacancy rate = vacancy FTE / (vacancy FTE + in-post FTE);
- agency rate = agency FTE / (agency FTE + in-post FTE);
- turnover rate = leavers FTE in the year / in-post FTE at 30 September (DfE
  publishes the same ratio on headcounts beside it);
- agency covering vacancies = agency-cover FTE / agency FTE;
- vacancies covered by agency = agency-cover FTE / vacancy FTE.

A rate with nothing under it (no posts, nobody in post) is ``None``: there is
no figure, which is not the same as 0%. Rates are percentages, unrounded;
round only to show.

Money is whole pence. A week of cover costs its hours times the hourly
charge, rounded half up to the penny; a year is 52 such weeks.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
WEEKS_A_YEAR = 52
CENSUS_MONTH, CENSUS_DAY = 9, 30


def percent(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """``numerator`` as a percentage of ``denominator``; None when there is nothing to divide by."""
    if not denominator:
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


def vacancy_rate(vacancy_fte: Decimal, in_post_fte: Decimal) -> Decimal | None:
    return percent(vacancy_fte, vacancy_fte + in_post_fte)


def agency_rate(agency_fte: Decimal, in_post_fte: Decimal) -> Decimal | None:
    return percent(agency_fte, agency_fte + in_post_fte)


def turnover_rate(leavers: Decimal | int, in_post: Decimal | int) -> Decimal | None:
    """Leavers in the year to the census date over those in post on it: FTE over
    FTE, or headcount over headcount, never mixed."""
    return percent(leavers, in_post)


def agency_covering_vacancies(agency_cover_fte: Decimal, agency_fte: Decimal) -> Decimal | None:
    """The share of agency work that fills a vacancy rather than absence or extra demand."""
    return percent(agency_cover_fte, agency_fte)


def vacancies_covered_by_agency(agency_cover_fte: Decimal, vacancy_fte: Decimal) -> Decimal | None:
    return percent(agency_cover_fte, vacancy_fte)


def census_date(on: date) -> date:
    """The last 30 September on or before ``on``: the census the figures are for."""
    this_year = date(on.year, CENSUS_MONTH, CENSUS_DAY)
    return this_year if on >= this_year else date(on.year - 1, CENSUS_MONTH, CENSUS_DAY)


def year_to(census: date) -> tuple[date, date]:
    """The first and last day of the year ending on ``census``, both included."""
    try:
        start = census.replace(year=census.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February: the year before has no such day
        start = census.replace(year=census.year - 1, day=28) + timedelta(days=1)
    return start, census


def fte(hours_per_week: Decimal, standard_hours: Decimal) -> Decimal:
    """Contracted hours over the employer's full-time week, as DfE counts FTE."""
    if not standard_hours:
        raise ValueError("The full-time week must be more than 0 hours.")
    return hours_per_week / standard_hours


def weekly_cost_pence(hours_per_week: Decimal, pence_per_hour: int) -> int:
    return int((hours_per_week * pence_per_hour).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def annual_cost_pence(weekly_pence: int) -> int:
    return weekly_pence * WEEKS_A_YEAR
