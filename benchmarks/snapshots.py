"""Weekly capacity snapshots: the vectorised backfill against a per-worker, per-week loop.

Builds one organisation in a throwaway SQLite file: 1,000 case-holding staff in
50 teams (a fifth part-time, some with reductions), a points scheme per
service area with a new version half way through, 25,000 cases open today and
as many closed over the two years, each with its allocation spells (some
reallocated). Then, on the same data in the same run:

1. the vectorised engine (``snapshots_compute``) computes and writes every
   worker's snapshot for each of the 104 Mondays;
2. the naive baseline calls ``worker_loads`` for one person on one Monday, for
   a sample of workers and every week, and the time is extrapolated to every
   worker. The baseline only computes: it writes nothing, which flatters it.

Run with ``make bench`` or ``.venv/bin/python benchmarks/snapshots.py``.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import _timing
from _timing import Column

STAFF = 1000
OPEN_CASES = 25_000
CLOSED_CASES = 25_000
WEEKS = 104
TEAMS = 50
TODAY = date(2026, 3, 2)  # a Monday, so the last week is complete


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="seed for the data (default 1)")
    parser.add_argument(
        "--sample", type=int, default=20, help="workers timed in the naive loop (default 20)"
    )
    parser.add_argument("--runs", type=int, default=3, help="vectorised runs (default 3)")
    return parser.parse_args()


def _set_up(database: Path) -> None:
    _timing.use_database(database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(seed: int):  # type: ignore[no-untyped-def]
    """The organisation, with every row made by bulk_create."""
    from safeworkload.caseloads.models import (
        Allocation,
        Case,
        CaseType,
        CaseWeight,
        Reduction,
        WeightingScheme,
    )
    from safeworkload.organisations.models import Organisation, Person, Region, Team

    rng = random.Random(seed)
    start = TODAY - timedelta(weeks=WEEKS)
    region = Region.objects.create(name="Benchshire", code="benchshire")
    organisation = Organisation.objects.create(
        region=region, name="Bench Council", code="bench", kind=Organisation.Kind.COUNCIL
    )
    areas = [Team.ServiceArea.ADULTS, Team.ServiceArea.CHILDREN]
    teams = Team.objects.bulk_create(
        Team(
            organisation=organisation,
            name=f"Team {i:02d}",
            service_area=areas[i % 2],
            team_type=Team.TeamType.LONG_TERM,
        )
        for i in range(TEAMS)
    )
    types = CaseType.objects.bulk_create(
        CaseType(organisation=organisation, service_area=area, code=f"type-{j}", name=f"Type {j}")
        for area in areas
        for j in range(5)
    )
    schemes = WeightingScheme.objects.bulk_create(
        WeightingScheme(
            organisation=organisation,
            service_area=area,
            name=f"{area} {version}",
            effective_from=start - timedelta(days=7)
            if version == 1
            else start + timedelta(weeks=52),
            fixed_points=Decimal(15),
            green_from_percent=Decimal(95),
            amber_from_percent=Decimal(100),
            red_from_percent=Decimal(110),
        )
        for area in areas
        for version in (1, 2)
    )
    CaseWeight.objects.bulk_create(
        CaseWeight(
            scheme=scheme,
            case_type=case_type,
            tier=tier,
            points=Decimal(2 + (j + tier + (scheme.effective_from > start)) % 9),
        )
        for scheme in schemes
        for j, case_type in enumerate(t for t in types if t.service_area == scheme.service_area)
        for tier in (1, 2, 3)
    )
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            staff_number=f"B{i:05d}",
            given_name="Worker",
            family_name=f"{i:04d}",
            team=teams[i % TEAMS],
            job_role=Person.JobRole.SOCIAL_WORKER,
            qualified=True,
            registered=True,
            contracted_hours=Decimal("37.0") if rng.random() > 0.2 else Decimal("22.2"),
            qualification_date=date(2015, 1, 1),
            start_date=start - timedelta(days=rng.randint(0, 2000)),
            employment_type=Person.EmploymentType.PERMANENT,
        )
        for i in range(STAFF)
    )
    Reduction.objects.bulk_create(
        Reduction(
            organisation=organisation,
            person=person,
            kind=Reduction.Kind.TRAINING,
            hours_per_week=Decimal("3.7"),
            reason="Course",
            starts_on=start + timedelta(days=rng.randint(0, 600)),
            expires_on=start + timedelta(days=rng.randint(600, 740)),
        )
        for person in rng.sample(people, STAFF // 10)
    )
    by_area = {area: [t for t in types if t.service_area == area] for area in areas}
    cases, spells = [], []
    for n in range(OPEN_CASES + CLOSED_CASES):
        worker = people[n % STAFF]
        opened = start + timedelta(days=rng.randint(-200, WEEKS * 7 - 10))
        closed = None
        if n >= OPEN_CASES:
            closed = opened + timedelta(days=rng.randint(14, 300))
            closed = closed if closed < TODAY else TODAY - timedelta(days=1)
        cases.append(
            Case(
                organisation=organisation,
                team=worker.team,
                reference=f"BN-{n:06d}",
                case_type=rng.choice(by_area[worker.team.service_area]),
                tier=rng.choice((1, 2, 2, 3)),
                status=Case.Status.ACTIVE if closed is None else Case.Status.CLOSED,
                opened_on=opened,
                closed_on=closed,
                worker=worker if closed is None else None,
            )
        )
        # A fifth of cases changed hands once, from a colleague in the same team.
        end = closed
        if rng.random() < 0.2:
            handover = opened + timedelta(days=rng.randint(7, max(8, (TODAY - opened).days - 1)))
            if closed is None or handover < closed:
                colleague = people[(n % STAFF + TEAMS) % STAFF]
                spells.append((n, colleague, opened, handover))
                opened = handover
        spells.append((n, worker, opened, end))
    Case.objects.bulk_create(cases, batch_size=2000)
    Allocation.objects.bulk_create(
        (
            Allocation(
                organisation=organisation,
                case=cases[n],
                worker=worker,
                starts_on=starts_on,
                ends_on=ends_on,
                reason="Allocated",
            )
            for n, worker, starts_on, ends_on in spells
        ),
        batch_size=2000,
    )
    return organisation, people, len(spells)


class _QueryCounter:
    """Counts the queries run through Django's connection (executemany counts once)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def _vectorised(organisation, runs: int) -> tuple[list[float], int, int]:  # type: ignore[no-untyped-def]
    from django.db import connection

    from safeworkload.caseloads.services.snapshots import mondays_between, snapshots_compute

    weeks = mondays_between(TODAY - timedelta(weeks=WEEKS - 1), TODAY)
    times, rows, queries = [], 0, 0
    for _ in range(runs):
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            rows = snapshots_compute(organisation=organisation, weeks=weeks, today=TODAY)
            times.append(time.perf_counter() - started)
        queries = counter.count
    return times, rows, queries


def _naive(people, sample: int, seed: int) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    from django.db import connection

    from safeworkload.caseloads.selectors.capacity import worker_loads
    from safeworkload.caseloads.services.snapshots import mondays_between

    weeks = mondays_between(TODAY - timedelta(weeks=WEEKS - 1), TODAY)
    chosen = random.Random(seed).sample(people, sample)
    calls = 0
    counter = _QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        for person in chosen:
            for monday in weeks:
                worker_loads(people=[person], on=monday)
                calls += 1
        elapsed = time.perf_counter() - started
    return elapsed, calls, counter.count


def _agreement(organisation, people) -> bool:  # type: ignore[no-untyped-def]
    """This week's rows equal the live loads (the naive loop's answer for today)."""
    from safeworkload.caseloads.models import CapacitySnapshot
    from safeworkload.caseloads.selectors.capacity import worker_loads

    live = worker_loads(people=people, on=TODAY)
    rows = CapacitySnapshot.objects.filter(organisation=organisation, week_start=TODAY)
    return all(
        (r.cases, r.points, r.percent, r.band)
        == (
            live[r.person_id].cases,
            live[r.person_id].points,
            live[r.person_id].percent,
            live[r.person_id].band,
        )
        for r in rows
    ) and rows.count() == len(live)


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="safeworkload-bench-") as directory:
        _set_up(Path(directory) / "bench.sqlite3")
        from django_scopes import scopes_disabled

        with scopes_disabled():
            started = time.perf_counter()
            organisation, people, spells = _build(arguments.seed)
            print(
                f"Built {STAFF} staff, {OPEN_CASES:,} open and {CLOSED_CASES:,} closed cases, "
                f"{spells:,} allocation spells in {time.perf_counter() - started:.1f} s."
            )
            times, rows, queries = _vectorised(organisation, arguments.runs)
            naive_time, calls, naive_queries = _naive(people, arguments.sample, arguments.seed)
            agrees = _agreement(organisation, people)
    vectorised = statistics.median(times)
    per_call = naive_time / calls
    extrapolated = per_call * STAFF * WEEKS
    queries_per_call = naive_queries / calls
    table = [
        (f"vectorised snapshots_compute, median of {len(times)}", vectorised, rows, queries),
        (
            f"naive, measured: {arguments.sample} workers x {WEEKS} weeks",
            naive_time,
            0,
            naive_queries,
        ),
        (
            f"naive, EXTRAPOLATED: {STAFF} workers x {WEEKS} weeks",
            extrapolated,
            0,
            round(queries_per_call * STAFF * WEEKS),
        ),
    ]
    print()
    _timing.print_table(
        [
            Column("method", "<", 48, lambda row: row[0]),
            Column("seconds", ">", 9, lambda row: row[1], ".2f"),
            Column("rows", ">", 9, lambda row: row[2], ","),
            Column("queries", ">", 9, lambda row: row[3], ","),
        ],
        table,
    )
    print()
    print(
        f"vectorised runs: {', '.join(f'{t:.2f}' for t in times)} s; the first writes into an "
        "empty table, the others replace its rows (delete and insert)"
    )
    print(
        f"naive: {per_call * 1000:.2f} ms and {queries_per_call:g} queries a call, computing "
        "only (it writes no rows, and it reads each case's current holder, not the history)"
    )
    print(
        f"ratio: the extrapolated naive loop takes {extrapolated / vectorised:.0f}x as long "
        "as the vectorised backfill"
    )
    print(f"this week's rows equal worker_loads for every worker: {'yes' if agrees else 'NO'}")
    if not agrees:
        sys.exit("The vectorised engine and worker_loads disagree for this week.")


if __name__ == "__main__":
    main()
