"""The supervision compliance dashboard and the time-use dashboard against
organisation size: 1,000 staff with two years of sessions and sample weeks.

Builds the demo region in a throwaway SQLite file at a scale where the largest
employer (Northgate) has at least 1,000 staff. The demo holds a year of
supervision and six months of sample weeks; this script copies them back in
time until every organisation has two years of both. Then it times, for each
organisation's service lead (the small employer, Kestrel, is the baseline
measured in the same run), alternating the two:

- the supervision compliance answers for last month (``/supervision/compliance/``);
- the same for the month a year earlier;
- the organisation's time-use dashboard (``/time-use/dashboard/``).

Requests go through django.test.Client, so the time is the server's:
middleware, view, queries and template, with no network.

Run with ``make bench`` or ``.venv/bin/python benchmarks/supervision_dashboard.py``.
It exits non-zero if a page makes more queries for the large organisation
than for the small one.
"""

import argparse
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import _timing
from _timing import Column

LARGE = ("northgate", "lead@northgate.example")
SMALL = ("kestrel", "lead@kestrel.example")
HISTORY_WEEKS = 104


def _pages(today: date) -> tuple[tuple[str, str], ...]:
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    a_year_before = last_month.replace(year=last_month.year - 1)
    return (
        ("supervision, last month", "/supervision/compliance/"),
        ("supervision, a year ago", f"/supervision/compliance/?month={a_year_before:%Y-%m}"),
        ("time use, organisation", "/time-use/dashboard/"),
    )


@dataclass(frozen=True)
class Result(_timing.Percentiles):
    page: str
    organisation: str
    staff: int
    sessions: int
    samples: int
    times_ms: list[float]
    queries: set[int]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _timing.add_demo_arguments(parser)
    _timing.add_request_arguments(parser)
    return parser.parse_args()


def _extend_history(today: date) -> None:
    """Copy each organisation's sessions and sample weeks back in time (a year of
    sessions, half a year of samples at a time) until two years are held."""
    from django_scopes import scopes_disabled

    from safeworkload.supervision.models import Session
    from safeworkload.timeuse.models import TimeSample

    start = today - timedelta(weeks=HISTORY_WEEKS)

    def back(row: dict, weeks: int, *dates: str) -> dict:
        shifted = {name: row[name] - timedelta(weeks=weeks) for name in dates if row[name]}
        return {**row, "id": None, **shifted}

    with scopes_disabled():
        sessions = [
            back(row, 52, "scheduled_for", "held_on", "confirmed_on", "reminded_on")
            for row in Session.objects.values()
        ]
        Session.objects.bulk_create(
            (
                Session(**{**row, "moved_to_id": None, "external_ref": ""})
                for row in sessions
                if row["scheduled_for"] >= start
            ),
            batch_size=2000,
        )
        samples = list(TimeSample.objects.values())
        for weeks in (26, 52, 78):
            copies = [back(row, weeks, "week_starting") for row in samples]
            TimeSample.objects.bulk_create(
                (TimeSample(**row) for row in copies if row["week_starting"] >= start),
                batch_size=2000,
                ignore_conflicts=True,
            )


def _counts(code: str) -> tuple[int, int]:
    from django_scopes import scopes_disabled

    from safeworkload.supervision.models import Session
    from safeworkload.timeuse.models import TimeSample

    with scopes_disabled():
        return (
            Session.objects.filter(organisation__code=code).count(),
            TimeSample.objects.filter(organisation__code=code).count(),
        )


def _measure(pages: tuple[tuple[str, str], ...], runs: int, warm_up: int) -> list[Result]:
    organisations = {
        code: (_timing.staff(code), *_counts(code), _timing.client(email))
        for code, email in (LARGE, SMALL)
    }
    clients = {code: figures[3] for code, figures in organisations.items()}
    return [
        Result(page, code, *organisations[code][:3], times, counts)
        for page, code, times, counts in _timing.time_pages(
            clients, pages, runs=runs, warm_up=warm_up
        )
    ]


def _report(results: list[Result], pages: tuple[tuple[str, str], ...]) -> bool:
    print()
    sessions = Column("sessions", ">", 9, lambda r: r.sessions, ",")
    samples = Column("samples", ">", 8, lambda r: r.samples, ",")
    _timing.print_table(_timing.page_columns(24, sessions, samples), results)
    print()
    return _timing.compare(
        results,
        pages,
        (LARGE[0], SMALL[0]),
        lambda page, large, small: (
            f"{page}: median {large.median / small.median:.2f}x the baseline, "
            f"p95 {large.p95 / small.p95:.2f}x "
            f"({large.staff} staff, {large.sessions:,} sessions and {large.samples:,} sample "
            f"weeks against {small.staff}, {small.sessions:,} and {small.samples:,}: "
            f"{large.staff / small.staff:.1f}x the staff); "
        ),
    )


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="safeworkload-bench-") as directory:
        _timing.build_demo(
            Path(directory) / "bench.sqlite3", seed=arguments.seed, scale=arguments.scale
        )
        from django.utils import timezone

        today = timezone.localdate()
        _timing.require_large(_timing.staff(LARGE[0]), scale=arguments.scale)
        _extend_history(today)
        pages = _pages(today)
        steady = _report(_measure(pages, arguments.runs, arguments.warm_up), pages)
    if not steady:
        sys.exit("Query counts differ between the large and the small organisation.")


if __name__ == "__main__":
    main()
