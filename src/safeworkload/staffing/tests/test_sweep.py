"""The national sweep: one row per workforce row, the published figures as
published, the Monte Carlo against its closed form, and the same rows on a
Dask cluster as in-process. Figures are from the 2025 release (dfe.VINTAGE).
Small replication counts keep the tests quick; the rows do not depend on how
many authorities are swept or where."""

import io
import json
import math

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from safeworkload.calc.montecarlo import expected_open_cases
from safeworkload.staffing import dfe, sweep

FEW = sweep.SweepSettings(replications=8)
# A spread of sizes, one merged row and one with its workforce figures suppressed.
SOME = ("840", "886", "201", "314 / 318", "207", "370")
FIELDS = {
    "la_code",
    "la_name",
    "actual_fte",
    "actual_caseload",
    "modelled_fte_p50",
    "modelled_fte_p90",
    "ratio",
}


@pytest.fixture(scope="module")
def rows_2025() -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    call_command("staffing_sweep", year=2025, json=True, replications=4, stdout=out, stderr=err)
    return json.loads(out.getvalue())


def _row(rows: list[dict], la_code: str) -> dict:
    return next(row for row in rows if row["la_code"] == la_code)


def test_the_2025_sweep_has_one_row_per_authority_in_the_workforce_file(rows_2025):
    published = [row.la_code for row in dfe.load().workforce_rows(2025)]
    assert [row["la_code"] for row in rows_2025] == published
    assert len(rows_2025) == 151


def test_every_json_row_carries_the_fields_the_issue_names(rows_2025):
    for row in rows_2025:
        assert set(row) >= FIELDS


@pytest.mark.parametrize(
    ("la_code", "la_name", "actual_fte", "actual_caseload"),
    [
        ("840", "County Durham", 264.4, 16.6),
        ("886", "Kent", 491, 17),
        ("370", "Barnsley", 98.1, 15.2),
        ("314 / 318", "Kingston upon Thames / Richmond upon Thames", 120.7, 13.9),
        ("940 / 941", "North Northamptonshire / West Northamptonshire", 305.5, 14.8),
    ],
)
def test_named_authorities_actual_figures_are_exactly_as_published(
    rows_2025, la_code, la_name, actual_fte, actual_caseload
):
    row = _row(rows_2025, la_code)
    assert row["la_name"] == la_name
    assert row["actual_fte"] == actual_fte
    assert type(row["actual_fte"]) is type(actual_fte)
    assert row["actual_caseload"] == actual_caseload


@pytest.mark.parametrize("la_code", ["207", "213"])
def test_a_suppressed_workforce_figure_is_null_and_the_ratio_too(rows_2025, la_code):
    row = _row(rows_2025, la_code)
    assert row["actual_fte"] is None
    assert row["actual_caseload"] is None
    assert row["ratio"] is None
    # The need is published, so the authority is still modelled.
    assert row["modelled_fte_p50"] > 0


def test_the_ratio_is_actual_fte_over_modelled_p50(rows_2025):
    row = _row(rows_2025, "840")
    assert row["ratio"] == round(row["actual_fte"] / row["modelled_fte_p50"], 2)
    assert row["modelled_fte_p90"] >= row["modelled_fte_p50"]


def test_an_authority_without_published_need_is_listed_but_not_modelled():
    rows = sweep.sweep(2023, settings=FEW, only=("942",))
    assert [row.la_name for row in rows] == ["Cumberland"]
    assert rows[0].modelled_fte_p50 is None
    assert rows[0].ratio is None
    assert rows[0].actual_fte == 129.9
    assert "population" in rows[0].note.lower()


def test_an_authoritys_row_is_the_same_whatever_else_is_swept():
    alone = sweep.sweep(2025, settings=FEW, only=("886",))
    together = sweep.sweep(2025, settings=FEW, only=SOME)
    assert alone == [row for row in together if row.la_code == "886"]


def test_another_seed_gives_other_draws():
    one = sweep.sweep(2025, settings=FEW, only=("886",))
    other = sweep.sweep(2025, settings=sweep.SweepSettings(replications=8, seed=7), only=("886",))
    assert one[0].modelled_open_cases_p90 != other[0].modelled_open_cases_p90


def test_the_sweep_on_a_dask_local_cluster_gives_the_same_rows_as_in_process():
    from distributed import LocalCluster

    here = sweep.sweep(2025, settings=FEW, only=SOME)
    seen: list[str] = []
    with LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster:
        there = sweep.sweep(
            2025,
            settings=FEW,
            only=SOME,
            scheduler=cluster.scheduler_address,
            progress=lambda done, total, name: seen.append(name),
        )
    assert there == here
    assert sorted(seen) == sorted(row.la_name for row in here)


def test_progress_is_reported_once_for_each_authority_in_order():
    calls: list[tuple[int, int, str]] = []
    sweep.sweep(2025, settings=FEW, only=("840", "886"), progress=lambda *a: calls.append(a))
    assert calls == [(1, 2, "County Durham"), (2, 2, "Kent")]


def test_the_steady_state_start_gives_little_and_poissons_open_cases():
    """M/G/infinity in its steady state: open cases are Poisson(arrivals x W) at
    every week, the first as well as the last (no burn-in shortfall)."""
    open_cases = sweep.simulate_authority(
        weekly_arrivals=40,
        duration_mean=50,
        duration_sd=50,
        demand_cv=0,
        replications=400,
        seed=np.random.SeedSequence(1),
    )
    expected = 40 * 50
    standard_error = math.sqrt(expected / 400)
    assert open_cases.shape == (400, 52)
    for week in (0, 51):
        assert abs(open_cases[:, week].mean() - expected) < 4 * standard_error
    assert open_cases[:, 0].var() == pytest.approx(expected, rel=0.25)


def test_the_steady_state_start_counts_a_case_at_each_week_end_it_is_still_open():
    rng = np.random.default_rng(3)
    held = sweep.steady_state_open(
        rng, mean_open=500, duration_mean=4, duration_sd=4, weeks=10, replications=50
    )
    # Fewer of the cases open at the start remain at each later week-end.
    assert np.all(np.diff(held, axis=1) <= 0)
    # Of arrivals x W open at the start, arrivals x (W - E[min(D, t)]) are still
    # open at week-end t: what an empty start has not yet filled.
    for week in (1, 3, 10):
        filled = expected_open_cases(
            weekly_arrivals=125, duration_weeks_mean=4, duration_weeks_sd=4, at_week=week
        )
        expected = 500 - filled
        assert held[:, week - 1].mean() == pytest.approx(expected, abs=4 * math.sqrt(expected / 50))


@pytest.mark.parametrize(("cv", "strata"), [(0.0, 5), (0.1, 20), (0.3, 20)])
def test_demand_strata_average_the_published_need(cv, strata):
    multipliers = sweep.strata_multipliers(cv, strata)
    assert len(multipliers) == strata
    assert np.all(np.diff(multipliers) >= 0)
    assert multipliers.mean() == pytest.approx(1, abs=0.01)


def test_more_year_to_year_variation_widens_p90_and_not_p50():
    common = {
        "weekly_arrivals": 30,
        "duration_mean": 40,
        "duration_sd": 40,
        "replications": 200,
        "seed": np.random.SeedSequence(5),
    }
    steady = sweep.simulate_authority(demand_cv=0.02, **common)
    varied = sweep.simulate_authority(demand_cv=0.3, **common)
    assert np.quantile(varied, 0.9) > np.quantile(steady, 0.9) * 1.2
    assert np.quantile(varied, 0.5) == pytest.approx(np.quantile(steady, 0.5), rel=0.1)


def test_a_year_outside_the_data_is_refused():
    with pytest.raises(CommandError, match="--year must be between 2017 and 2025"):
        call_command("staffing_sweep", year=2030, stdout=io.StringIO(), stderr=io.StringIO())


def test_the_table_ends_with_the_attribution():
    out = io.StringIO()
    call_command("staffing_sweep", year=2025, replications=1, stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "County Durham" in text
    assert "Open Government Licence v3.0" in text
