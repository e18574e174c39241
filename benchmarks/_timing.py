"""What the benchmarks share: the throwaway database, timed requests, percentiles and tables.

Imported by the scripts beside it (``page_load.py``, ``caseload_dashboard.py``,
``snapshots.py``), which Python runs with this folder first on the path.
Django is set up only by ``use_database``, so everything that needs it is
imported inside the functions.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Below this, Northgate is too small for the question the page benchmarks ask.
MIN_LARGE_STAFF = 1000


class Percentiles:
    """The median and 95th percentile of a result's ``times_ms``."""

    times_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times_ms, n=100, method="inclusive")[94]


# ---------------------------------------------------------------------------
# Arguments


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", type=float, default=2.7, help="demo scale (default 2.7)")
    parser.add_argument("--seed", type=int, default=1, help="demo seed (default 1)")


def add_request_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warm-up", type=int, default=3, help="untimed requests first (default 3)")


# ---------------------------------------------------------------------------
# The data


def use_database(database: Path) -> None:
    """Set Django up with the ``local`` settings on a SQLite file."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "safeworkload.config.settings.local"
    os.environ["SAFEWORKLOAD_DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()


def build_demo(database: Path, *, seed: int, scale: float) -> None:
    """The demo region in ``database``, migrated first; says how long it took."""
    import io

    use_database(database)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", seed=seed, scale=scale, stdout=io.StringIO())
    print(
        f"Built the demo region (seed {seed}, scale {scale:g}) "
        f"in {time.perf_counter() - started:.1f} s."
    )


def staff(code: str) -> int:
    """The organisation's staff in post today."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from safeworkload.organisations.selectors import current_people

    with scopes_disabled():
        return current_people(on=timezone.localdate()).filter(organisation__code=code).count()


def require_large(large_staff: int, *, scale: float) -> None:
    if large_staff < MIN_LARGE_STAFF:
        sys.exit(
            f"Northgate has {large_staff} staff at scale {scale:g}; "
            f"the benchmark needs at least {MIN_LARGE_STAFF}. Raise --scale."
        )


# ---------------------------------------------------------------------------
# Requests


def client(email: str):  # type: ignore[no-untyped-def]
    """A test client signed in as the user with this email."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(get_user_model().objects.get(username=email))
    return signed_in


def get(client, path: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """The time in milliseconds and the number of SQL queries of one GET, which must answer 200."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # DEBUG keeps the last 9,000 queries; a full log would make every count 0.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"GET {path} answered {response.status_code}, not 200.")
    return elapsed * 1000, len(queries.captured_queries)


def time_pages(
    clients: dict[str, Any], pages: Iterable[tuple[str, str]], *, runs: int, warm_up: int
) -> Iterator[tuple[str, str, list[float], set[int]]]:
    """Each page for each organisation: (page, code, times in ms, query counts seen).

    ``clients`` maps an organisation's code to its signed-in client. The
    organisations take turns, request by request, so that drift in the
    machine hits both alike; the warm-up requests count queries but not time.
    """
    for page, path in pages:
        times: dict[str, list[float]] = {code: [] for code in clients}
        counts: dict[str, set[int]] = {code: set() for code in clients}
        for run in range(warm_up + runs):
            for code, signed_in in clients.items():
                elapsed, queries = get(signed_in, path)
                counts[code].add(queries)
                if run >= warm_up:
                    times[code].append(elapsed)
        for code in clients:
            yield page, code, times[code], counts[code]


# ---------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Column:
    """A column of a printed table: its title, alignment ("<" or ">"), width, and value."""

    title: str
    align: str
    width: int
    value: Callable[[Any], Any]
    spec: str = ""  # what follows the width in the value's format, like ".1f" or ","


def print_table(columns: Sequence[Column], rows: Iterable[Any]) -> None:
    """A title line, then a line a row, the columns one space apart."""
    print(" ".join(f"{column.title:{column.align}{column.width}}" for column in columns))
    for row in rows:
        print(
            " ".join(
                f"{column.value(row):{column.align}{column.width}{column.spec}}"
                for column in columns
            )
        )


def queries_text(queries: Iterable[int]) -> str:
    """The query counts seen, like 12 or 12/13."""
    return "/".join(str(q) for q in sorted(queries))


def page_columns(page_width: int, *extra: Column) -> list[Column]:
    """The columns of a page benchmark's table, with ``extra`` after the staff."""
    return [
        Column("page", "<", page_width, lambda r: r.page),
        Column("organisation", "<", 12, lambda r: r.organisation),
        Column("staff", ">", 6, lambda r: r.staff),
        *extra,
        Column("median ms", ">", 10, lambda r: r.median, ".1f"),
        Column("p95 ms", ">", 8, lambda r: r.p95, ".1f"),
        Column("queries", ">", 8, lambda r: queries_text(r.queries)),
    ]


def compare(
    results: Sequence[Any],
    pages: Iterable[tuple[str, str]],
    codes: tuple[str, str],
    describe: Callable[[str, Any, Any], str],
) -> bool:
    """A line a page comparing the large organisation with the small; whether every
    page's query counts were equal between the two and steady.

    ``describe(page, large, small)`` begins the line; the query counts end it.
    """
    steady = True
    for page, _ in pages:
        large, small = (
            next(r for r in results if r.page == page and r.organisation == code) for code in codes
        )
        same = large.queries == small.queries and len(large.queries) == 1
        steady &= same
        print(
            f"{describe(page, large, small)}queries {'equal' if same else 'NOT EQUAL'} "
            f"({queries_text(large.queries)} against {queries_text(small.queries)})"
        )
    return steady
