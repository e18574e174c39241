"""Relief-bank matching: the min-cost flow optimum against the booking-desk greedy, at two sizes.

On instances from the seeded generator (calc/matching_instance.py, like
reference/07 §2.1: about 5% of pairs eligible), in the same run:

1. the optimum, ``match_optimal``: eligibility and the network built from numpy
   arrays (build), then OR-Tools ``SimpleMinCostFlow`` on the case-holding
   blocks and on the duty shifts (solve);
2. the baseline, ``match_greedy``: the same eligible pairs, then requests in
   arrival order, each to the eligible worker with room whose marginal cost is
   least (what a booking desk does).

Each is run a few times and the median shown. Sizes: 2,000 workers x 5,000
requests (the reference measured a 0.40 s solve for the plain b-matching and
0.72 s with day availability and fairness) and 4,000 x 12,000.

Run with ``make bench`` or ``.venv/bin/python benchmarks/bank_matching.py``.
It exits non-zero if the optimum ever costs more, or covers fewer requests,
than the greedy.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import _timing
from _timing import Column

from safeworkload.calc.matching import (
    Matching,
    MatchSettings,
    Pool,
    Requests,
    generate_instance,
    match_greedy,
    match_optimal,
)

SIZES = ((2000, 5000), (4000, 12000))
TARGET_SECONDS = 1.0  # the 2,000 x 5,000 solve


@dataclass(frozen=True)
class Row:
    size: str
    method: str
    pairs: int
    build: float  # medians, seconds
    solve: float
    cpu: float  # the whole call's processor time: steadier than wall-clock on a busy machine
    cost: int
    unfilled: int  # the part of the cost that is penalties for requests left unfilled
    fairness: int
    covered: int
    statutory: int


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    return parser.parse_args()


def _median_run(
    method: Callable[[Pool, Requests, MatchSettings], Matching],
    pool: Pool,
    requests: Requests,
    runs: int,
) -> tuple[Matching, float, float, float]:
    results, cpu = [], []
    for _ in range(runs):
        started = time.process_time()
        results.append(method(pool, requests, MatchSettings()))
        cpu.append(time.process_time() - started)
    # The same data gives the same answer every run; only the times differ.
    assert len({result.cost_pence for result in results}) == 1
    return (
        results[0],
        statistics.median(result.build_seconds for result in results),
        statistics.median(result.solve_seconds for result in results),
        statistics.median(cpu),
    )


def _unfilled(result: Matching, requests: Requests) -> int:
    """The objective less what the matches themselves cost."""
    bonus = MatchSettings().continuity_bonus_pence
    matched = sum(
        match.cost_pence
        + match.fairness_pence
        - (bonus if requests.continuity_worker[match.request] == match.worker else 0)
        for match in result.matches
    )
    return result.cost_pence - matched


def main() -> None:
    arguments = _arguments()
    # Times are wall-clock: on a shared machine they grow with its load.
    load = os.getloadavg()[0]
    rows: list[Row] = []
    for workers, requests in SIZES:
        pool, wanted = generate_instance(workers=workers, requests=requests, seed=arguments.seed)
        size = f"{workers:,} x {requests:,}"
        for name, method in (("min-cost flow", match_optimal), ("greedy", match_greedy)):
            result, build, solve, cpu = _median_run(method, pool, wanted, arguments.runs)
            rows.append(
                Row(
                    size,
                    name,
                    result.pairs,
                    build,
                    solve,
                    cpu,
                    result.cost_pence,
                    _unfilled(result, wanted),
                    sum(match.fairness_pence for match in result.matches),
                    result.covered,
                    result.covered_statutory,
                )
            )
    print(
        f"Generated instances (seed {arguments.seed}); median of {arguments.runs} runs; "
        f"load average {load:.2f} on {os.cpu_count()} CPUs at the start. "
        "build: eligibility and arrays (and the network, for the flow); solve: the flow's "
        "OR-Tools solves, or the greedy's pass over the requests; CPU: the processor time "
        "of the whole call."
    )
    print()
    _timing.print_table(
        [
            Column("size", "<", 14, lambda r: r.size),
            Column("method", "<", 14, lambda r: r.method),
            Column("pairs", ">", 10, lambda r: r.pairs, ","),
            Column("build s", ">", 8, lambda r: r.build, ".3f"),
            Column("solve s", ">", 8, lambda r: r.solve, ".3f"),
            Column("CPU s", ">", 6, lambda r: r.cpu, ".2f"),
            Column("cost £", ">", 11, lambda r: r.cost / 100, ",.0f"),
            Column("unfilled £", ">", 10, lambda r: r.unfilled / 100, ",.0f"),
            Column("fairness £", ">", 10, lambda r: r.fairness / 100, ",.0f"),
            Column("covered", ">", 8, lambda r: r.covered, ","),
            Column("statutory", ">", 9, lambda r: r.statutory, ","),
        ],
        rows,
    )
    print()
    worse = False
    for optimal, greedy in zip(rows[::2], rows[1::2], strict=True):
        total = optimal.build + optimal.solve
        print(
            f"{optimal.size}: the flow takes {total / (greedy.build + greedy.solve):.1f}x the "
            f"greedy's time (solve alone {optimal.solve / greedy.solve:.0f}x the greedy's pass); "
            f"the greedy costs {(greedy.cost - optimal.cost) / optimal.cost:.1%} more and covers "
            f"{optimal.covered - greedy.covered:,} fewer requests "
            f"({optimal.statutory - greedy.statutory:,} of them statutory)"
        )
        worse |= optimal.cost > greedy.cost or optimal.covered < greedy.covered
    first = rows[0]
    print(
        f"the {first.size} solve takes {first.solve:.2f} s: under {TARGET_SECONDS:g} s: "
        f"{'yes' if first.solve < TARGET_SECONDS else 'NO'}"
    )
    scale = rows[2].solve / first.solve
    print(
        f"from {first.size} to {rows[2].size}: pairs x{rows[2].pairs / first.pairs:.1f}, "
        f"solve x{scale:.1f}"
    )
    if worse:
        sys.exit("The optimum cost more, or covered less, than the greedy.")


if __name__ == "__main__":
    main()
