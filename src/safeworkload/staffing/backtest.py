"""The back-test: does the sweep's demand model predict later years' cases?

The model is the sweep's chain (sweep.py) with its rates fitted on earlier
years: for each authority, the rate at which children in need episodes start
per 10,000 children and the mean weeks an episode stays open (Little's law,
open / started), pooled over the latest ``window`` years of the fit years
with published figures. A later year's open cases at 31 March are then
population x rate / 10,000 (arrivals a year) x mean time open.

The population is the ONS mid-year estimate the later year's rates use: in
planning ahead an ONS projection stands in for it, so the error measured here
is the error of the rates, not of the population.

The units are the workforce rows of the last predicted year (the sweep's rows
for that year), through the same alias table. An authority with no fit-year
figures under its code (Cumberland, Westmorland and Furness: Cumbria's
figures cannot be split between them) is excluded and named; so is any year
whose actual figure is suppressed.

Errors: the absolute percentage error of each (authority, year) prediction,
|predicted - actual| / actual, summarised as the mean (MAPE) and the median.
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from safeworkload.calc import demand
from safeworkload.staffing import dfe

FIT_YEARS = tuple(range(2017, 2023))
PREDICT_YEARS = (2023, 2024, 2025)
# Three years pooled predicted best of 1, 3 and 6 on the 2025 release
# (docs/staffing-model-file.md, "The national sweep").
WINDOW = 3
WEEKS = 52


@dataclass(frozen=True)
class Fit:
    rate_per_10k: float  # children in need episodes started a year per 10,000 children
    mean_weeks_open: float
    years: tuple[int, ...]


@dataclass(frozen=True)
class Prediction:
    la_code: str
    la_name: str
    year: int
    predicted: float
    actual: int | float

    @property
    def absolute_percentage_error(self) -> float:
        return 100 * abs(self.predicted - self.actual) / self.actual


@dataclass(frozen=True)
class Excluded:
    la_code: str
    la_name: str
    reason: str


@dataclass(frozen=True)
class Errors:
    mape: float
    median_ape: float
    predictions: int

    @classmethod
    def of(cls, predictions: Sequence[Prediction]) -> "Errors":
        errors = [p.absolute_percentage_error for p in predictions]
        return cls(
            mape=statistics.fmean(errors),
            median_ape=statistics.median(errors),
            predictions=len(errors),
        )


@dataclass(frozen=True)
class BacktestResult:
    predictions: list[Prediction]
    excluded: list[Excluded]
    overall: Errors
    by_year: dict[int, Errors]


def fit(data: dfe.DfeData, la_code: str, years: Iterable[int], *, window: int) -> Fit | None:
    """Rates pooled over the latest ``window`` of ``years`` with figures, or None."""
    used: list[tuple[int, dfe.Need]] = []
    for year in sorted(years, reverse=True):
        need = data.need(la_code, year)
        if need.population and need.cin_started and need.cin_open is not None:
            used.append((year, need))
        if len(used) == window:
            break
    if not used:
        return None
    population = sum(need.population or 0 for _, need in used)
    started = sum(need.cin_started or 0 for _, need in used)
    still_open = sum(need.cin_open or 0 for _, need in used)
    return Fit(
        rate_per_10k=demand.rate_per_10k(count=started, population=population),
        mean_weeks_open=demand.mean_duration(open_cases=still_open, arrival_rate=started / WEEKS),
        years=tuple(sorted(year for year, _ in used)),
    )


def predict(model: Fit, *, population: float) -> float:
    """Open cases at 31 March: arrivals from population and rate, by Little's law."""
    per_year = demand.demand_from_population(
        population={"0-17": population}, rates_per_10k={"0-17": model.rate_per_10k}
    )
    return demand.open_cases(arrival_rate=per_year / WEEKS, mean_duration=model.mean_weeks_open)


def backtest(
    data: dfe.DfeData | None = None,
    *,
    fit_years: Sequence[int] = FIT_YEARS,
    predict_years: Sequence[int] = PREDICT_YEARS,
    window: int = WINDOW,
) -> BacktestResult:
    data = data or dfe.load()
    predictions: list[Prediction] = []
    excluded: list[Excluded] = []
    for row in data.workforce_rows(max(predict_years)):
        model = fit(data, row.la_code, fit_years, window=window)
        if model is None:
            excluded.append(Excluded(row.la_code, row.la_name, "no figures in the fit years"))
            continue
        for year in predict_years:
            need = data.need(row.la_code, year)
            if need.population is None or not need.cin_open:
                excluded.append(
                    Excluded(row.la_code, row.la_name, f"{year}: figures suppressed or missing")
                )
                continue
            predictions.append(
                Prediction(
                    la_code=row.la_code,
                    la_name=row.la_name,
                    year=year,
                    predicted=predict(model, population=need.population),
                    actual=need.cin_open,
                )
            )
    return BacktestResult(
        predictions=predictions,
        excluded=excluded,
        overall=Errors.of(predictions),
        by_year={
            year: Errors.of([p for p in predictions if p.year == year]) for year in predict_years
        },
    )
