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
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

LARGE = ("northgate", "lead@northgate.example")
SMALL = ("kestrel", "lead@kestrel.example")
PAGES = (
    ("dashboard, 26 weeks", "/caseloads/reports/"),
    ("dashboard, 104 weeks", "/caseloads/reports/?weeks=104"),
)
MIN_LARGE_STAFF = 1000


@dataclass(frozen=True)
class Result:
    page: str
    organisation: str
    staff: int
    open_cases: int
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
    parser.add_argument(
        "--open-cases",
        type=int,
        default=25_000,
        help="open cases for the large organisation (default 25,000)",
    )
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


def _client(email: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username=email))
    return client


def _get(client, path: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
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


def _measure(runs: int, warm_up: int) -> list[Result]:
    organisations = {
        code: (_staff(code), _open_cases(code), _client(email)) for code, email in (LARGE, SMALL)
    }
    results = []
    for page, path in PAGES:
        times: dict[str, list[float]] = {code: [] for code in organisations}
        counts: dict[str, set[int]] = {code: set() for code in organisations}
        for run in range(warm_up + runs):
            # Alternate the two organisations so that drift in the machine hits both alike.
            for code, (_, _, client) in organisations.items():
                elapsed, queries = _get(client, path)
                counts[code].add(queries)
                if run >= warm_up:
                    times[code].append(elapsed)
        results += [
            Result(page, code, staff, cases, times[code], counts[code])
            for code, (staff, cases, _) in organisations.items()
        ]
    return results


def _report(results: list[Result]) -> bool:
    print()
    print(
        f"{'page':<21} {'organisation':<12} {'staff':>6} {'open cases':>10} {'median ms':>10} "
        f"{'p95 ms':>8} {'queries':>8}"
    )
    for r in results:
        queries = "/".join(str(q) for q in sorted(r.queries))
        print(
            f"{r.page:<21} {r.organisation:<12} {r.staff:>6} {r.open_cases:>10,} "
            f"{r.median:>10.1f} {r.p95:>8.1f} {queries:>8}"
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
            f"{page}: median {large.median / small.median:.2f}x the baseline, "
            f"p95 {large.p95 / small.p95:.2f}x "
            f"({large.staff} staff and {large.open_cases:,} open cases against "
            f"{small.staff} and {small.open_cases:,}: {large.staff / small.staff:.1f}x the staff); "
            f"queries {'equal' if same else 'NOT EQUAL'} "
            f"({'/'.join(map(str, sorted(large.queries)))} against "
            f"{'/'.join(map(str, sorted(small.queries)))})"
        )
    return steady


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="safeworkload-bench-") as directory:
        _set_up(Path(directory) / "bench.sqlite3", seed=arguments.seed, scale=arguments.scale)
        large_staff, small_staff = _staff(LARGE[0]), _staff(SMALL[0])
        if large_staff < MIN_LARGE_STAFF:
            sys.exit(
                f"Northgate has {large_staff} staff at scale {arguments.scale:g}; "
                f"the benchmark needs at least {MIN_LARGE_STAFF}. Raise --scale."
            )
        _top_up(LARGE[0], arguments.open_cases)
        _top_up(SMALL[0], round(arguments.open_cases * small_staff / large_staff))
        _open_breaches()
        steady = _report(_measure(arguments.runs, arguments.warm_up))
    if not steady:
        sys.exit("Query counts differ between the large and the small organisation.")


if __name__ == "__main__":
    main()
