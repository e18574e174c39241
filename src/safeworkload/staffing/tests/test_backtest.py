"""The back-test of the demand model on the 2025 release (dfe.VINTAGE): rates
fitted on 2017-2022 predict the children in need open at 31 March in
2023-2025. The error measured when this was written is in
docs/staffing-model-file.md ("The national sweep"); these tests keep it from
getting worse. A new DfE release revises back years: re-measure then."""

import pytest

from safeworkload.staffing import backtest, dfe

# Measured on the 2025 release: MAPE 10.96%, median APE 6.74% over 445
# predictions; half a percentage point of margin each.
MAPE_LIMIT = 11.5
MEDIAN_APE_LIMIT = 7.25


@pytest.fixture(scope="module")
def result() -> backtest.BacktestResult:
    return backtest.backtest()


def test_the_mean_absolute_percentage_error_stays_under_the_measured_figure(result):
    assert result.overall.mape < MAPE_LIMIT


def test_the_median_absolute_percentage_error_stays_under_the_measured_figure(result):
    assert result.overall.median_ape < MEDIAN_APE_LIMIT


def test_every_predicted_year_is_reported(result):
    assert set(result.by_year) == {2023, 2024, 2025}
    assert sum(errors.predictions for errors in result.by_year.values()) == len(result.predictions)


def test_authorities_with_nothing_to_fit_are_excluded_and_named(result):
    no_history = {e.la_name for e in result.excluded if e.reason == "no figures in the fit years"}
    assert no_history == {"Cumberland", "Westmorland and Furness"}


def test_a_year_whose_actual_figure_is_suppressed_is_excluded_not_counted_as_zero(result):
    assert any(e.la_name == "Hampshire" and e.reason.startswith("2024") for e in result.excluded)
    assert not any(p.la_name == "Hampshire" and p.year == 2024 for p in result.predictions)


def test_the_merged_rows_are_predicted_from_their_parts(result):
    predicted = {p.la_code for p in result.predictions}
    assert {"314 / 318", "940 / 941"} <= predicted


def test_a_fit_skips_suppressed_years_and_pools_the_latest_three_with_figures():
    # Hackney's children in need figures for 2021 and 2022 are suppressed.
    fit = backtest.fit(dfe.load(), "204", backtest.FIT_YEARS, window=3)
    assert fit is not None
    assert fit.years == (2018, 2019, 2020)


@pytest.mark.parametrize(
    ("rate_per_10k", "mean_weeks_open", "population", "open_cases"),
    [
        (100, 26, 10_000, 50),  # 100 a year for half a year each
        (500, 52, 20_000, 1_000),  # 1,000 a year for a year
        (400, 13, 52_000, 520),  # 2,080 a year for a quarter
        (0, 40, 10_000, 0),
    ],
)
def test_a_prediction_is_littles_law_on_population_times_the_fitted_rate(
    rate_per_10k, mean_weeks_open, population, open_cases
):
    model = backtest.Fit(rate_per_10k=rate_per_10k, mean_weeks_open=mean_weeks_open, years=())
    assert backtest.predict(model, population=population) == pytest.approx(open_cases)


def test_an_absolute_percentage_error_is_against_the_actual():
    prediction = backtest.Prediction("1", "A", 2025, predicted=90, actual=120)
    assert prediction.absolute_percentage_error == pytest.approx(25)
