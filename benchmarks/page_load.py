"""Page load against organisation size: do the pages stay fast as staff numbers grow?

Builds the demo region in a throwaway SQLite file at a scale where the largest
employer (Northgate) has at least 1,000 staff, then times the home page and the
people list for Northgate's administrator and, as the baseline measured in the
same run on the same data, for the smallest employer's (Kestrel). Requests go
through django.test.Client, so the time is the server's: middleware, view,
queries and template, with no network.

Run with ``make bench`` or ``.venv/bin/python benchmarks/page_load.py``.
It exits non-zero if a page makes more queries for the large organisation
than for the small one, because query counts must not grow with staff.
"""

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import _timing

LARGE = ("northgate", "admin@northgate.example")
SMALL = ("kestrel", "admin@kestrel.example")
PAGES = (("home", "/"), ("people list", "/people/"))


@dataclass(frozen=True)
class Result(_timing.Percentiles):
    page: str
    organisation: str
    staff: int
    times_ms: list[float]
    queries: set[int]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _timing.add_demo_arguments(parser)
    _timing.add_request_arguments(parser)
    return parser.parse_args()


def _measure(runs: int, warm_up: int) -> list[Result]:
    organisations = {
        code: (_timing.staff(code), _timing.client(email)) for code, email in (LARGE, SMALL)
    }
    clients = {code: client for code, (_, client) in organisations.items()}
    return [
        Result(page, code, organisations[code][0], times, counts)
        for page, code, times, counts in _timing.time_pages(
            clients, PAGES, runs=runs, warm_up=warm_up
        )
    ]


def _report(results: list[Result]) -> bool:
    print()
    _timing.print_table(_timing.page_columns(12), results)
    print()
    return _timing.compare(
        results,
        PAGES,
        (LARGE[0], SMALL[0]),
        lambda page, large, small: (
            f"{page}: median {large.median / small.median:.2f}x the baseline "
            f"({large.staff} staff against {small.staff}, "
            f"{large.staff / small.staff:.1f}x the staff); "
        ),
    )


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="safeworkload-bench-") as directory:
        _timing.build_demo(
            Path(directory) / "bench.sqlite3", seed=arguments.seed, scale=arguments.scale
        )
        _timing.require_large(_timing.staff(LARGE[0]), scale=arguments.scale)
        steady = _report(_measure(arguments.runs, arguments.warm_up))
    if not steady:
        sys.exit("Query counts differ between the large and the small organisation.")


if __name__ == "__main__":
    main()
