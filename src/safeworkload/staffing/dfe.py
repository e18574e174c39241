"""The DfE children's social care files in ``data/``, read as they really are.

Three things make these files harder than they look (reference/03 §2.4):

- Suppressed or missing cells are codes ("c", "x", "z", "u", "low"), not
  numbers. They are read as missing (None), never as 0: a 0 would model an
  authority with no children in need, or no social workers.
- The workforce file has 151 local-authority rows a year where the other files
  have up to 153: Kingston upon Thames and Richmond upon Thames share one
  workforce row, and so do North and West Northamptonshire. The workforce row
  is the unit here (it is the row the sweep reports), and the other files'
  figures are added up for it through ``ALIASES``.
- Barnsley and Sheffield carry new GSS codes in the workforce file
  (E08000038, E08000039) and their old ones elsewhere, and three counties
  that became unitary on the same boundary change code between files of one
  year. A join on new_la_code drops them, so the join is on old_la_code;
  ``RECODED`` names the only new-code differences allowed, and loading fails
  on any other, so that a future release that renumbers or redraws an
  authority is noticed, not silently joined.

Years: the workforce file's year is the census at 30 September; the children
in need, referral, protection plan and looked-after files' year ends on
31 March of the same year; their rates use the ONS mid-year population of the
year before (DfE does the same), so ``need`` pairs year Y with population Y - 1.
"""

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

WORKFORCE_FILE = "csww_indicators_2017_to_2025.csv"
CHILDREN_IN_NEED_FILE = "b1_children_in_need_2013_to_2025.csv"
REFERRALS_FILE = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
LOOKED_AFTER_FILE = "cla_number_and_rate_per_10k_children.csv"
PROTECTION_PLANS_FILE = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
POPULATION_FILE = "ons_mid-year_population_estimates_2012_to_2024.csv"

# The release these files come from; DfE revises back years in each release.
VINTAGE = "2025 release"

SUPPRESSED = frozenset({"c", "x", "z", "u", "low"})

LOCAL_AUTHORITY = "Local authority"
LOOKED_AFTER_AT_31_MARCH = "Children looked after on 31 March each year"

# A workforce row's old_la_code -> the codes that make it up in the other
# files, tried in order: the first set wholly present in a file's year is used.
# Northamptonshire (928) was exactly North (940) and West (941) until April
# 2021, so the older figures continue the merged row's series. Cumbria (909)
# is not here: Cumberland and Westmorland and Furness have rows of their own
# in the workforce file, and Cumbria's figures cannot be split between them.
ALIASES: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "314 / 318": (("314", "318"),),  # Kingston upon Thames / Richmond upon Thames
    "940 / 941": (("940", "941"), ("928",)),  # North / West Northamptonshire
}

# Pairs of GSS codes for one authority with one area: files of the same year
# may use either. Barnsley and Sheffield were re-coded in 2024; the three
# county councils became unitary authorities on the same boundary (the
# workforce census, at 30 September, has the new code while the children in
# need year to 31 March has the old; the looked-after file backdates the new).
RECODED: frozenset[frozenset[str]] = frozenset(
    {
        frozenset({"E08000016", "E08000038"}),  # Barnsley
        frozenset({"E08000019", "E08000039"}),  # Sheffield
        frozenset({"E10000002", "E06000060"}),  # Buckinghamshire, unitary April 2020
        frozenset({"E10000023", "E06000065"}),  # North Yorkshire, unitary April 2023
        frozenset({"E10000027", "E06000066"}),  # Somerset, unitary April 2023
    }
)

Figure = int | float | None


class DataError(ValueError):
    """A cell that is neither a number nor a known suppression code, or codes
    that disagree between files."""


def figure(text: str) -> Figure:
    """A published cell: an int or float exactly as written, or None when it is
    empty or a suppression code."""
    value = text.strip()
    if value == "" or value.lower() in SUPPRESSED:
        return None
    try:
        return float(value) if "." in value or "e" in value.lower() else int(value)
    except ValueError:
        raise DataError(f"{value!r} is neither a number nor a suppression code") from None


def local_authority_rows(name: str) -> list[dict[str, str]]:
    """The local-authority rows of one file, as text. ``utf-8-sig`` because the
    looked-after file starts with a byte-order mark."""
    with (DATA / name).open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["geographic_level"] == LOCAL_AUTHORITY]


@dataclass(frozen=True)
class Workforce:
    """One workforce row: the figures as published, None where suppressed."""

    year: int
    la_code: str  # old_la_code, like "370" or "314 / 318"
    new_la_code: str
    la_name: str
    region: str
    inpost_fte: Figure
    case_holders_fte: Figure
    cases: Figure
    caseload_fte: Figure
    agency_rate_fte: Figure
    vacancy_rate_fte: Figure
    absence_rate_fte: Figure


@dataclass(frozen=True)
class Need:
    """One authority's need for a year (to 31 March), on its workforce row."""

    population: Figure  # children aged 0-17, ONS mid-year of the year before
    cin_started: Figure  # children in need episodes started in the year
    cin_open: Figure  # children in need episodes open at 31 March
    referrals: Figure
    protection_plans: Figure  # at 31 March
    looked_after: Figure  # at 31 March


# (year, old_la_code) -> a file's numeric cells
Table = dict[tuple[int, str], dict[str, Figure]]


# (year, old_la_code) -> new_la_code
NewCodes = dict[tuple[int, str], str]


def _table(rows: Iterable[dict[str, str]], fields: Iterable[str]) -> tuple[Table, NewCodes]:
    table: Table = {}
    new_codes: NewCodes = {}
    for row in rows:
        key = int(row["time_period"]), row["old_la_code"]
        table[key] = {name: figure(row[name]) for name in fields}
        new_codes[key] = row["new_la_code"]
    return table, new_codes


def _sum(values: Iterable[Figure]) -> Figure:
    """The sum of the parts, or None if any part is missing: a merged row
    with one part suppressed is not known."""
    total: int | float = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def components(la_code: str, year: int, table: Table) -> tuple[str, ...] | None:
    """The codes a workforce row stands for in ``table`` in ``year``, or None
    when the file has no such authority that year."""
    for codes in ALIASES.get(la_code, ((la_code,),)):
        if all((year, code) in table for code in codes):
            return codes
    return None


def lookup(table: Table, la_code: str, year: int, field: str) -> Figure:
    codes = components(la_code, year, table)
    if codes is None:
        return None
    return _sum(table[year, code][field] for code in codes)


@dataclass
class DfeData:
    """All six files, loaded once (``load``) and checked against each other."""

    workforce: list[Workforce]
    children_in_need: Table
    referrals: Table
    protection_plans: Table
    looked_after: Table
    population: Table

    def years(self) -> list[int]:
        return sorted({row.year for row in self.workforce})

    def workforce_rows(self, year: int) -> list[Workforce]:
        """The sweep's rows: every workforce row of ``year``, in the file's order."""
        return [row for row in self.workforce if row.year == year]

    def need(self, la_code: str, year: int) -> Need:
        return Need(
            population=lookup(self.population, la_code, year - 1, "population_estimate"),
            cin_started=lookup(self.children_in_need, la_code, year, "Started_episodes"),
            cin_open=lookup(self.children_in_need, la_code, year, "At31_episodes"),
            referrals=lookup(self.referrals, la_code, year, "referral_count"),
            protection_plans=lookup(self.protection_plans, la_code, year, "CPP_At31"),
            looked_after=lookup(self.looked_after, la_code, year, "children_count"),
        )


def _workforce(row: dict[str, str]) -> Workforce:
    return Workforce(
        year=int(row["time_period"]),
        la_code=row["old_la_code"],
        new_la_code=row["new_la_code"],
        la_name=row["la_name"],
        region=row["region_name"],
        inpost_fte=figure(row["inpost_fte"]),
        case_holders_fte=figure(row["case_holders_fte"]),
        cases=figure(row["cases"]),
        caseload_fte=figure(row["caseload_fte"]),
        agency_rate_fte=figure(row["agency_rate_fte"]),
        vacancy_rate_fte=figure(row["vacancy_rate_fte"]),
        absence_rate_fte=figure(row["absence_rate_fte"]),
    )


def check_codes(workforce: Iterable[Workforce], new_codes: NewCodes, name: str) -> None:
    """Fail when a workforce row and another file give one old code different
    new codes in the same year, unless ``RECODED`` expects it."""
    for row in workforce:
        key = row.year, row.la_code
        if row.la_code in ALIASES or key not in new_codes:
            continue
        theirs = new_codes[key]
        if theirs != row.new_la_code and frozenset({theirs, row.new_la_code}) not in RECODED:
            raise DataError(
                f"{row.la_name} ({row.la_code}) is {row.new_la_code} in the workforce file "
                f"but {theirs} in {name}; add it to RECODED if that is expected"
            )


@cache
def load() -> DfeData:
    """Read and check the files; cached, as they never change while running."""
    workforce = [_workforce(row) for row in local_authority_rows(WORKFORCE_FILE)]
    cin, cin_codes = _table(
        local_authority_rows(CHILDREN_IN_NEED_FILE), ("Started_episodes", "At31_episodes")
    )
    referrals, referral_codes = _table(local_authority_rows(REFERRALS_FILE), ("referral_count",))
    plans, plan_codes = _table(local_authority_rows(PROTECTION_PLANS_FILE), ("CPP_At31",))
    looked_after, looked_after_codes = _table(
        (
            row
            for row in local_authority_rows(LOOKED_AFTER_FILE)
            if row["population_type"] == LOOKED_AFTER_AT_31_MARCH
        ),
        ("children_count",),
    )
    population, population_codes = _table(
        local_authority_rows(POPULATION_FILE), ("population_estimate",)
    )
    for name, codes in (
        (CHILDREN_IN_NEED_FILE, cin_codes),
        (REFERRALS_FILE, referral_codes),
        (PROTECTION_PLANS_FILE, plan_codes),
        (LOOKED_AFTER_FILE, looked_after_codes),
        (POPULATION_FILE, population_codes),
    ):
        check_codes(workforce, codes, name)
    return DfeData(
        workforce=workforce,
        children_in_need=cin,
        referrals=referrals,
        protection_plans=plans,
        looked_after=looked_after,
        population=population,
    )
