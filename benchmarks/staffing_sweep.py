"""The national staffing sweep: vectorised against event by event, and on Dask against in-process.

On the real DfE figures shipped with the project (the 2025 release), in the
same run:

1. the sweep in this process: every one of the 151 authorities in the 2025
   workforce file, 1,000 replications of 52 week-ends each, from the steady
   state (the limit of an ever longer burn-in; see staffing/sweep.py);
2. the baseline: an event-by-event simulation of the same model (steady-state
   start, Poisson arrivals, lognormal times open, the same demand strata), one
   event at a time through a heap in plain Python, on a sample of authorities
   of middling size and a few replications each. Its time per simulated case
   is **extrapolated** to every case of the full sweep. It is lean (no
   simulation framework), which flatters it: SimPy was slower still in
   reference/07 §4;
3. the same sweep through a Dask ``LocalCluster`` with two worker processes,
   one thread each, timed apart from the cluster's start, and checked to give
   exactly the rows of the in-process sweep.

Run with ``make bench`` or ``.venv/bin/python benchmarks/staffing_sweep.py``.
"""

import argparse
import heapq
import math
import random
import statistics
import sys
import time

import _timing
import numpy as np
from _timing import Column

from safeworkload.staffing import dfe, sweep

YEAR = 2025


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--replications", type=int, default=1000, help="per authority (default 1,000)"
    )
    parser.add_argument(
        "--sample", type=int, default=3, help="authorities in the event-by-event baseline"
    )
    parser.add_argument(
        "--sample-replications",
        type=int,
        default=100,
        help="replications per authority in the baseline (default 100)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the baseline (default 1)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask comparison")
    return parser.parse_args()


def event_by_event(
    *,
    weekly_arrivals: float,
    duration_mean: float,
    duration_sd: float,
    multiplier: float,
    weeks: int,
    rng: random.Random,
    start_count: int,
) -> tuple[list[int], int]:
    """One replication, one event at a time: open cases at each week-end, and
    the number of cases simulated. ``start_count`` cases are open at the start
    (a Poisson draw, made by the caller), each with the rest of its time drawn
    from the equilibrium distribution, as in sweep.steady_state_open."""
    sigma2 = math.log1p((duration_sd / duration_mean) ** 2)
    mu, sigma = math.log(duration_mean) - sigma2 / 2, math.sqrt(sigma2)
    closes = [rng.random() * rng.lognormvariate(mu + sigma2, sigma) for _ in range(start_count)]
    heapq.heapify(closes)
    rate = weekly_arrivals * multiplier
    next_arrival = rng.expovariate(rate) if rate > 0 else math.inf
    cases = start_count
    counts = []
    for week_end in range(1, weeks + 1):
        while True:
            next_close = closes[0] if closes else math.inf
            if next_arrival < week_end and next_arrival <= next_close:
                heapq.heappush(closes, next_arrival + rng.lognormvariate(mu, sigma))
                cases += 1
                next_arrival += rng.expovariate(rate)
            elif next_close < week_end:
                heapq.heappop(closes)
            else:
                break
        counts.append(len(closes))
    return counts, cases


def _inputs(task: sweep.Authority) -> tuple[float, float]:
    """Weekly arrivals and mean weeks open, as model_authority derives them."""
    need = task.need
    assert need.cin_started is not None and need.cin_open is not None
    weekly = need.cin_started / sweep.WEEKS
    return weekly, need.cin_open / weekly


def _expected_cases(task: sweep.Authority, replications: int) -> float:
    """Cases one authority's sweep simulates: those open at the start and a year's arrivals."""
    weekly, weeks_open = _inputs(task)
    return replications * weekly * (weeks_open + sweep.WEEKS)


def _sample(tasks: list[sweep.Authority], size: int) -> list[sweep.Authority]:
    """Authorities at evenly spaced quantiles of size, between the lower and upper quartile."""
    ordered = sorted(tasks, key=sweep._size)
    n = len(ordered)
    picks = np.linspace(n // 4, 3 * n // 4, size).round().astype(int)
    return [ordered[i] for i in picks]


def baseline(
    tasks: list[sweep.Authority], replications: int, seed: int, settings: sweep.SweepSettings
) -> tuple[float, int, list[tuple[str, float, float]]]:
    """The event-by-event time and cases on the sample, and the mean open cases of
    both engines per authority."""
    rng = random.Random(seed)
    counter = np.random.default_rng(seed)
    elapsed, cases, means = 0.0, 0, []
    for task in tasks:
        weekly, weeks_open = _inputs(task)
        sd = weeks_open * settings.duration_cv
        multipliers = sweep.strata_multipliers(task.demand_cv or 0.0, replications)
        # The starting counts are drawn outside the timing: one numpy call each.
        starts = counter.poisson(weekly * weeks_open * multipliers)
        totals = []
        started = time.perf_counter()
        for multiplier, start_count in zip(multipliers, starts, strict=True):
            counts, simulated = event_by_event(
                weekly_arrivals=weekly,
                duration_mean=weeks_open,
                duration_sd=sd,
                multiplier=float(multiplier),
                weeks=sweep.WEEKS,
                rng=rng,
                start_count=int(start_count),
            )
            totals.append(statistics.fmean(counts))
            cases += simulated
        elapsed += time.perf_counter() - started
        vectorised = sweep.simulate_authority(
            weekly_arrivals=weekly,
            duration_mean=weeks_open,
            duration_sd=sd,
            demand_cv=task.demand_cv or 0.0,
            replications=replications,
            seed=np.random.SeedSequence(seed),
        )
        means.append((task.workforce.la_name, statistics.fmean(totals), float(vectorised.mean())))
    return elapsed, cases, means


def _on_dask(settings: sweep.SweepSettings) -> tuple[float, float, list[sweep.SweepRow]]:
    import dask
    from distributed import LocalCluster

    started = time.perf_counter()
    # The nanny sets MALLOC_TRIM_THRESHOLD_ in its workers, which turns off
    # glibc's sliding mmap threshold: every large numpy array is then mapped
    # and faulted in afresh, and the sweep ran twice as slowly on one worker
    # as in-process. Unset, a worker runs as fast as this process.
    with (
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}),
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
    ):
        start_up = time.perf_counter() - started
        started = time.perf_counter()
        rows = sweep.sweep(YEAR, settings=settings, scheduler=cluster.scheduler_address)
        run = time.perf_counter() - started
    return start_up, run, rows


def main() -> None:
    arguments = _arguments()
    settings = sweep.SweepSettings(replications=arguments.replications)
    data = dfe.load()
    tasks = [
        task for task in sweep.authorities(data, YEAR) if not sweep._why_not_modelled(task.need)
    ]
    total_cases = sum(_expected_cases(task, arguments.replications) for task in tasks)
    print(
        f"{len(data.workforce_rows(YEAR))} authorities in the {YEAR} workforce file "
        f"({dfe.VINTAGE}), {len(tasks)} with need to model; {arguments.replications:,} "
        f"replications x {sweep.WEEKS} weeks each: about {total_cases / 1e6:,.0f} million cases."
    )

    started = time.perf_counter()
    rows = sweep.sweep(YEAR, settings=settings, data=data)
    in_process = time.perf_counter() - started

    sample = _sample(tasks, arguments.sample)
    event_time, event_cases, means = baseline(
        sample, arguments.sample_replications, arguments.seed, settings
    )
    per_case = event_time / event_cases
    extrapolated = per_case * total_cases

    table = [
        (f"vectorised, in-process: {len(rows)} authorities", in_process, total_cases),
        (
            f"event by event, measured: {len(sample)} x {arguments.sample_replications} reps",
            event_time,
            event_cases,
        ),
        (f"event by event, EXTRAPOLATED: {len(tasks)} authorities", extrapolated, total_cases),
    ]
    dask_rows: list[sweep.SweepRow] | None = None
    if not arguments.no_dask:
        start_up, dask_run, dask_rows = _on_dask(settings)
        table.append(("Dask LocalCluster, 2 workers (run only)", dask_run, total_cases))
    print()
    _timing.print_table(
        [
            Column("method", "<", 56, lambda row: row[0]),
            Column("seconds", ">", 10, lambda row: row[1], ",.1f"),
            Column("cases", ">", 15, lambda row: row[2], ",.0f"),
        ],
        table,
    )
    print()
    for name, event_mean, vector_mean in means:
        print(
            f"{name}: mean open cases {event_mean:,.0f} event by event, "
            f"{vector_mean:,.0f} vectorised"
        )
    print(
        f"event by event: {per_case * 1e6:.2f} us a case; vectorised: "
        f"{in_process / total_cases * 1e9:.1f} ns a case"
    )
    print(
        f"ratio: the extrapolated event-by-event sweep takes {extrapolated / in_process:,.0f}x "
        "as long as the vectorised one"
    )
    agree = all(abs(event - vector) <= 0.05 * vector for _, event, vector in means if vector > 0)
    print(f"the two engines' mean open cases agree within 5%: {'yes' if agree else 'NO'}")
    if dask_rows is not None:
        same = dask_rows == rows
        print(
            f"Dask: cluster start {start_up:.1f} s; the sweep took {dask_run:.1f} s against "
            f"{in_process:.1f} s in-process, a speed-up of {in_process / dask_run:.2f}x"
        )
        print(f"Dask gives exactly the in-process rows: {'yes' if same else 'NO'}")
        if not same:
            sys.exit("The sweep on Dask gave other rows than in-process.")
    if not agree:
        sys.exit("The event-by-event and vectorised engines disagree.")


if __name__ == "__main__":
    main()
