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
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

LARGE = ("northgate", "admin@northgate.example")
SMALL = ("kestrel", "admin@kestrel.example")
PAGES = (("home", "/"), ("people list", "/people/"))
MIN_LARGE_STAFF = 1000


@dataclass(frozen=True)
class Result:
    page: str
    organisation: str
    staff: int
    times_ms: list[float]
    queries: set[int]

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times_ms, n=100, method="inclusive")[94]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=2.7, help="demo scale (default 2.7)")
    parser.add_argument("--seed", type=int, default=1, help="demo seed (default 1)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warm-up", type=int, default=3, help="untimed requests first (default 3)")
    return parser.parse_args()


def _set_up(database: Path, *, seed: int, scale: float) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "safeworkload.config.settings.local"
    os.environ["SAFEWORKLOAD_DATABASE_URL"] = f"sqlite:///{database}"
    import io

    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", seed=seed, scale=scale, stdout=io.StringIO())
    print(
        f"Built the demo region (seed {seed}, scale {scale:g}) "
        f"in {time.perf_counter() - started:.1f} s."
    )


def _staff(code: str) -> int:
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from safeworkload.organisations.selectors import current_people

    with scopes_disabled():
        return current_people(on=timezone.localdate()).filter(organisation__code=code).count()


def _client(email: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username=email))
    return client


def _get(client, path: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"GET {path} answered {response.status_code}, not 200.")
    return elapsed * 1000, len(queries.captured_queries)


def _measure(runs: int, warm_up: int) -> list[Result]:
    organisations = {code: (_staff(code), _client(email)) for code, email in (LARGE, SMALL)}
    results = []
    for page, path in PAGES:
        times: dict[str, list[float]] = {code: [] for code in organisations}
        counts: dict[str, set[int]] = {code: set() for code in organisations}
        for run in range(warm_up + runs):
            # Alternate the two organisations so that drift in the machine hits both alike.
            for code, (_, client) in organisations.items():
                elapsed, queries = _get(client, path)
                counts[code].add(queries)
                if run >= warm_up:
                    times[code].append(elapsed)
        results += [
            Result(page, code, organisations[code][0], times[code], counts[code])
            for code in organisations
        ]
    return results


def _report(results: list[Result]) -> bool:
    print()
    print(
        f"{'page':<12} {'organisation':<12} {'staff':>6} {'median ms':>10} {'p95 ms':>8} "
        f"{'queries':>8}"
    )
    for r in results:
        queries = "/".join(str(q) for q in sorted(r.queries))
        print(
            f"{r.page:<12} {r.organisation:<12} {r.staff:>6} {r.median:>10.1f} {r.p95:>8.1f} "
            f"{queries:>8}"
        )
    print()
    steady = True
    for page, _ in PAGES:
        large, small = (
            next(r for r in results if r.page == page and r.organisation == code)
            for code, _ in (LARGE, SMALL)
        )
        same = large.queries == small.queries and len(large.queries) == 1
        steady &= same
        print(
            f"{page}: median {large.median / small.median:.2f}x the baseline "
            f"({large.staff} staff against {small.staff}, "
            f"{large.staff / small.staff:.1f}x the staff); "
            f"queries {'equal' if same else 'NOT EQUAL'} "
            f"({'/'.join(map(str, sorted(large.queries)))} against "
            f"{'/'.join(map(str, sorted(small.queries)))})"
        )
    return steady


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="safeworkload-bench-") as directory:
        _set_up(Path(directory) / "bench.sqlite3", seed=arguments.seed, scale=arguments.scale)
        large_staff = _staff(LARGE[0])
        if large_staff < MIN_LARGE_STAFF:
            sys.exit(
                f"Northgate has {large_staff} staff at scale {arguments.scale:g}; "
                f"the benchmark needs at least {MIN_LARGE_STAFF}. Raise --scale."
            )
        steady = _report(_measure(arguments.runs, arguments.warm_up))
    if not steady:
        sys.exit("Query counts differ between the large and the small organisation.")


if __name__ == "__main__":
    main()
