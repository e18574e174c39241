"""``safeworkload bank benchmark [--workers N] [--requests N] [--seed N] [--days N] [--json]``.

Generates a relief-bank instance like reference/07 §2.1 (about 5% of pairs
eligible; calc/matching_instance.py), then matches it twice: the min-cost flow
optimum and the booking-desk greedy. No database is touched. Times are in
seconds: ``build_s`` is the optimum's eligibility and network building,
``solve_s`` its OR-Tools solves, ``greedy_s`` the greedy's pass over the
requests (the eligible pairs, which both share, are timed in ``build_s``).
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeworkload.calc.matching import (
    CASE_HOLDING,
    MatchSettings,
    generate_instance,
    match_greedy,
    match_optimal,
)
from safeworkload.calc.money import pounds


def benchmark(*, workers: int, requests: int, seed: int, days: int) -> dict[str, Any]:
    pool, wanted = generate_instance(workers=workers, requests=requests, seed=seed, days=days)
    settings = MatchSettings()
    optimal = match_optimal(pool, wanted, settings)
    greedy = match_greedy(pool, wanted, settings)
    return {
        "workers": workers,
        "requests": requests,
        "seed": seed,
        "days": days,
        "statutory": int(wanted.statutory.sum()),
        "case_holding": int((wanted.kind == CASE_HOLDING).sum()),
        "pairs": optimal.pairs,
        "density": round(optimal.pairs / (workers * requests), 4),
        "build_s": round(optimal.build_seconds, 3),
        "solve_s": round(optimal.solve_seconds, 3),
        "optimal_cost": optimal.cost_pence,
        "optimal_covered": optimal.covered,
        "optimal_statutory_covered": optimal.covered_statutory,
        "greedy_s": round(greedy.solve_seconds, 3),
        "greedy_cost": greedy.cost_pence,
        "greedy_covered": greedy.covered,
        "greedy_statutory_covered": greedy.covered_statutory,
    }


class Command(BaseCommand):
    help = (
        "Match a generated relief-bank instance by min-cost flow and by the booking-desk "
        "greedy, and compare their cost, cover and time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=2000, help="Bank workers (default 2,000)."
        )
        parser.add_argument(
            "--requests", type=int, default=5000, help="Cover requests (default 5,000)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--days", type=int, default=28, help="Days in the horizon (default 28)."
        )
        parser.add_argument("--json", action="store_true", help="Write JSON rather than a table.")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("workers", "requests", "days"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        result = benchmark(
            workers=options["workers"],
            requests=options["requests"],
            seed=options["seed"],
            days=options["days"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(
            f"{result['workers']:,} workers x {result['requests']:,} requests over "
            f"{result['days']} days (seed {result['seed']}): {result['pairs']:,} eligible pairs "
            f"({result['density']:.1%}); {result['statutory']:,} statutory, "
            f"{result['case_holding']:,} case-holding."
        )
        self.stdout.write(
            f"{'method':<18} {'cost':>16} {'covered':>8} {'statutory':>9} {'seconds':>8}"
        )
        for label, key, seconds in (
            ("min-cost flow", "optimal", result["build_s"] + result["solve_s"]),
            ("greedy", "greedy", result["greedy_s"]),
        ):
            self.stdout.write(
                f"{label:<18} {pounds(result[f'{key}_cost']):>16} "
                f"{result[f'{key}_covered']:>8,} {result[f'{key}_statutory_covered']:>9,} "
                f"{seconds:>8.2f}"
            )
        extra = result["greedy_cost"] - result["optimal_cost"]
        self.stdout.write(
            f"The greedy costs {pounds(extra)} more "
            f"({extra / result['optimal_cost']:.1%}) and covers "
            f"{result['optimal_covered'] - result['greedy_covered']:,} fewer requests. "
            f"Flow: build {result['build_s']:.2f} s, solve {result['solve_s']:.2f} s."
        )
