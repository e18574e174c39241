"""The caseload dashboard against organisation size: does it stay fast at 1,000 staff
and 25,000 open cases, and does its query count stay flat?

Builds the demo region in a throwaway SQLite file at a scale where the largest
employer (Northgate) has at least 1,000 staff, tops its open cases up to
``--open-cases`` (25,000 by default: the demo's own caseloads are lighter), tops
the smallest employer (Kestrel, the baseline) up to the same number of open
cases per member of staff, opens this week's breaches, and then times the
organisation dashboard (``/caseloads/reports/``) for each organisation's service
lead, alternating the two. Requests go through django.test.Client, so the time is
the server's: middleware, view, queries and template, with no network.

Run with ``make bench`` or ``.venv/bin/python benchmarks/caseload_dashboard.py``.
It exits non-zero if the dashboard makes more queries for the large organisation
than for the small one.
"""

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import _timing
from _timing import Column

LARGE = ("northgate", "lead@northgate.example")
SMALL = ("kestrel", "lead@kestrel.example")
PAGES = (
    ("dashboard, 26 weeks", "/caseloads/reports/"),
    ("dashboard, 104 weeks", "/caseloads/reports/?weeks=104"),
)


@dataclass(frozen=True)
class Result(_timing.Percentiles):
    page: str
    organisation: str
    staff: int
    open_cases: int
    times_ms: list[float]
    queries: set[int]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _timing.add_demo_arguments(parser)
    parser.add_argument(
        "--open-cases",
        type=int,
        default=25_000,
        help="open cases for the large organisation (default 25,000)",
    )
    _timing.add_request_arguments(parser)
    return parser.parse_args()


def _open_cases(code: str) -> int:
    from django_scopes import scopes_disabled

    from safeworkload.caseloads.models import Case

    with scopes_disabled():
        return (
            Case.objects.filter(organisation__code=code).exclude(status=Case.Status.CLOSED).count()
        )


def _top_up(code: str, target: int) -> None:
    """Add open cases until the organisation has ``target``: each held by a current
    case-holder in their own team, round robin, and one in twenty left unallocated."""
    import itertools
    from datetime import timedelta

    from django.utils import timezone
    from django_scopes import scopes_disabled

    from safeworkload.caseloads.models import Case, CaseType
    from safeworkload.organisations.models import Organisation
    from safeworkload.organisations.selectors import current_people

    missing = target - _open_cases(code)
    if missing <= 0:
        return
    today = timezone.localdate()
    with scopes_disabled():
        organisation = Organisation.objects.get(code=code)
        holders = list(
            current_people(on=today)
            .filter(organisation=organisation, team__isnull=False, cases__isnull=False)
            .distinct()
            .select_related("team")
        )
        types = {t.service_area: t for t in CaseType.objects.filter(organisation=organisation)}
        cycle = itertools.cycle(holders)
        cases = []
        for n in range(missing):
            person = next(cycle)
            cases.append(
                Case(
                    organisation=organisation,
                    team=person.team,
                    reference=f"BENCH-{n:06d}",
                    case_type=types[person.team.service_area],
                    tier=1 + n % 3,
                    opened_on=today - timedelta(days=n % 700),
                    last_contact_on=today - timedelta(days=n % 90),
                    worker=None if n % 20 == 0 else person,
                )
            )
        Case.objects.bulk_create(cases, batch_size=2000)


def _open_breaches() -> None:
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from safeworkload.caseloads.services.breaches import breaches_open_from_snapshots
    from safeworkload.caseloads.services.snapshots import monday_of
    from safeworkload.organisations.models import Organisation

    with scopes_disabled():
        for organisation in Organisation.objects.all():
            breaches_open_from_snapshots(
                organisation=organisation, week_start=monday_of(timezone.localdate())
            )


def _measure(runs: int, warm_up: int) -> list[Result]:
    organisations = {
        code: (_timing.staff(code), _open_cases(code), _timing.client(email))
        for code, email in (LARGE, SMALL)
    }
    clients = {code: client for code, (_, _, client) in organisations.items()}
    return [
        Result(page, code, organisations[code][0], organisations[code][1], times, counts)
        for page, code, times, counts in _timing.time_pages(
            clients, PAGES, runs=runs, warm_up=warm_up
        )
    ]


def _report(results: list[Result]) -> bool:
    print()
    open_cases = Column("open cases", ">", 10, lambda r: r.open_cases, ",")
    _timing.print_table(_timing.page_columns(21, open_cases), results)
    print()
    return _timing.compare(
        results,
        PAGES,
        (LARGE[0], SMALL[0]),
        lambda page, large, small: (
            f"{page}: median {large.median / small.median:.2f}x the baseline, "
            f"p95 {large.p95 / small.p95:.2f}x "
            f"({large.staff} staff and {large.open_cases:,} open cases against "
            f"{small.staff} and {small.open_cases:,}: {large.staff / small.staff:.1f}x the staff); "
        ),
    )


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="safeworkload-bench-") as directory:
        _timing.build_demo(
            Path(directory) / "bench.sqlite3", seed=arguments.seed, scale=arguments.scale
        )
        large_staff, small_staff = _timing.staff(LARGE[0]), _timing.staff(SMALL[0])
        _timing.require_large(large_staff, scale=arguments.scale)
        _top_up(LARGE[0], arguments.open_cases)
        _top_up(SMALL[0], round(arguments.open_cases * small_staff / large_staff))
        _open_breaches()
        steady = _report(_measure(arguments.runs, arguments.warm_up))
    if not steady:
        sys.exit("Query counts differ between the large and the small organisation.")


if __name__ == "__main__":
    main()
