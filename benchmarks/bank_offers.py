"""Relief-bank offers: the whole path from database rows to stored offers, against the solve alone.

Builds one region in a throwaway database: 2,000 bank workers in 60 places on a
120 x 120 km grid (social workers and senior practitioners, some AMHPs), every
check valid, free on about 60% of the days of four weeks, and 5,000 duty-shift
requests from four employers over the same weeks. Then, on the same data in
the same run:

1. the whole path: ``match_run`` reads the rows into arrays (the adapter),
   solves the optimal flow and the booking desk's greedy, and stores the run
   and one offer per match with ``bulk_create`` (each run is rolled back, so
   every run starts from the same rows);
2. the solve alone: ``match_optimal`` and ``match_greedy`` on the arrays the
   adapter built, as ``match_run`` calls them.

It prints the medians and the ratio of the two. On SQLite always, and on
PostgreSQL too when ``SAFEWORKLOAD_DATABASE_URL`` is a ``postgres://`` URL
(a database ``<name>_bench_offers`` beside it is created and dropped).

Run with ``make bench`` or ``.venv/bin/python benchmarks/bank_offers.py``.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import _timing
from _timing import Column

WORKERS = 2000
REQUESTS = 5000
PLACES = 60
GRID_KM = 120
DAYS = 28
TODAY = date(2026, 3, 2)  # a Monday


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="seed for the data (default 1)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"(default {WORKERS})")
    parser.add_argument("--requests", type=int, default=REQUESTS, help=f"(default {REQUESTS})")
    parser.add_argument("--database-url", help=argparse.SUPPRESS)  # the child's database
    return parser.parse_args()


def _build(seed: int, workers: int, requests: int):  # type: ignore[no-untyped-def]
    """The region, every row made by bulk_create."""
    from safeworkload.bank.models import (
        Availability,
        BankWorker,
        Check,
        CoverRequest,
        Place,
        RateCard,
    )
    from safeworkload.organisations.models import Organisation, Person, Region, Team

    rng = random.Random(seed)
    region = Region.objects.create(name="Benchshire", code="benchshire")
    employers = Organisation.objects.bulk_create(
        Organisation(region=region, name=f"Council {n}", code=f"council-{n}") for n in range(4)
    )
    teams = Team.objects.bulk_create(
        Team(organisation=o, name=f"Team {n}", service_area=Team.ServiceArea.ADULTS)
        for o in employers
        for n in range(10)
    )
    places = Place.objects.bulk_create(
        Place(
            region=region,
            name=f"Place {n:02d}",
            x_km=Decimal(rng.randint(0, GRID_KM)),
            y_km=Decimal(rng.randint(0, GRID_KM)),
        )
        for n in range(PLACES)
    )
    roles = (Person.JobRole.SOCIAL_WORKER, Person.JobRole.SENIOR_PRACTITIONER)
    RateCard.objects.bulk_create(
        RateCard(
            region=region,
            job_role=role,
            base_pence_per_hour=base,
            cap_pence_per_hour=base + 900,
            effective_from=TODAY - timedelta(days=90),
        )
        for role, base in zip(roles, (3600, 4200), strict=True)
    )
    pool = BankWorker.objects.bulk_create(
        (
            BankWorker(
                region=region,
                given_name="Relief",
                family_name=f"{n:05d}",
                email=f"w{n}@bench.example",
                job_role=roles[int(rng.random() < 0.3)],
                specialisms=["amhp"] if rng.random() < 0.15 else [],
                home=rng.choice(places),
                max_travel_miles=rng.choice((6, 8, 10, 12)),
                max_days_per_week=rng.randint(1, 5),
            )
            for n in range(workers)
        ),
        batch_size=2000,
    )
    Check.objects.bulk_create(
        (
            Check(worker=w, kind=kind, verified_on=TODAY - timedelta(days=200))
            for w in pool
            for kind in Check.Kind.values
        ),
        batch_size=5000,
    )
    days = [TODAY + timedelta(days=d) for d in range(DAYS)]
    Availability.objects.bulk_create(
        (Availability(worker=w, day=d) for w in pool for d in days if rng.random() < 0.6),
        batch_size=5000,
    )
    made = CoverRequest.objects.bulk_create(
        (
            CoverRequest(
                organisation=(team := rng.choice(teams)).organisation,
                team=team,
                kind=CoverRequest.Kind.DUTY_SHIFT,
                job_role=Person.JobRole.SOCIAL_WORKER,
                specialisms=["amhp"] if rng.random() < 0.05 else [],
                starts_on=(day := rng.choice(days)),
                ends_on=day,
                place=rng.choice(places),
                max_pence_per_hour=4500,
                priority=CoverRequest.Priority.STATUTORY
                if rng.random() < 0.6
                else CoverRequest.Priority.OTHER,
            )
            for _ in range(requests)
        ),
        batch_size=2000,
    )
    return region, len(made)


class _Rollback(Exception):
    pass


def _whole_path(region, runs: int) -> tuple[list[float], dict[str, int]]:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from safeworkload.bank.services.matching import match_run

    times: list[float] = []
    figures: dict[str, int] = {}
    for _ in range(runs):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                outcome = match_run(region=region, actor=None, today=TODAY, weeks=DAYS // 7)
                times.append(time.perf_counter() - started)
                figures = {
                    "requests": outcome.run.requests,
                    "pairs": outcome.run.pairs,
                    "offers": len(outcome.offers),
                    "optimal_covered": outcome.run.optimal_covered,
                    "greedy_covered": outcome.run.greedy_covered,
                }
                raise _Rollback
        except _Rollback:
            pass
    return times, figures


def _solve_alone(region, runs: int) -> tuple[list[float], float]:  # type: ignore[no-untyped-def]
    from safeworkload.bank.services.matching import match_input_build
    from safeworkload.calc.matching import match_greedy, match_optimal

    started = time.perf_counter()
    inputs = match_input_build(region=region, today=TODAY, weeks=DAYS // 7)
    adapter = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        match_optimal(inputs.pool, inputs.demand, inputs.settings)
        match_greedy(inputs.pool, inputs.demand, inputs.settings)
        times.append(time.perf_counter() - started)
    return times, adapter


def _child(arguments: argparse.Namespace) -> None:
    """Measure on one database and print the figures as JSON on the last line."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "safeworkload.config.settings.local"
    os.environ["SAFEWORKLOAD_DATABASE_URL"] = arguments.database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scopes_disabled

    call_command("migrate", verbosity=0)
    with scopes_disabled():
        started = time.perf_counter()
        region, _ = _build(arguments.seed, arguments.workers, arguments.requests)
        build = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # Freshly bulk-loaded tables have no statistics until autovacuum's next
            # pass, and without them the planner joins availability to workers by
            # nested loops (4 s instead of 0.03 s); a live database has them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        whole, figures = _whole_path(region, arguments.runs)
        solve, adapter = _solve_alone(region, arguments.runs)
    print(
        json.dumps({"build": build, "whole": whole, "solve": solve, "adapter": adapter, **figures})
    )


def _measure(arguments: argparse.Namespace, url: str) -> dict:  # type: ignore[type-arg]
    command = [
        sys.executable,
        __file__,
        "--database-url",
        url,
        "--seed",
        str(arguments.seed),
        "--runs",
        str(arguments.runs),
        "--workers",
        str(arguments.workers),
        "--requests",
        str(arguments.requests),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        sys.exit(f"The measurement on {urlsplit(url).scheme} failed:\n{result.stderr[-3000:]}")
    figures: dict = json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[type-arg]
    return figures


def _postgres_url() -> str | None:
    url = os.environ.get("SAFEWORKLOAD_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _postgres(arguments: argparse.Namespace, url: str) -> dict:  # type: ignore[type-arg]
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_bench_offers"
    admin = urlunsplit(parts._replace(path="/postgres"))

    def drop_and(create: bool) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            if create:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    drop_and(create=True)
    try:
        return _measure(arguments, urlunsplit(parts._replace(path=f"/{name}")))
    finally:
        drop_and(create=False)


def main() -> None:
    arguments = _arguments()
    if arguments.database_url:
        _child(arguments)
        return
    results: list[tuple[str, dict]] = []  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory(prefix="safeworkload-bench-") as directory:
        sqlite = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        results.append(("SQLite", _measure(arguments, sqlite)))
    postgres = _postgres_url()
    if postgres:
        results.append(("PostgreSQL", _postgres(arguments, postgres)))
    first = results[0][1]
    print(
        f"{arguments.workers:,} workers, {first['requests']:,} open requests, "
        f"{first['pairs']:,} eligible pairs; {first['offers']:,} offers "
        f"(the optimum covers {first['optimal_covered']:,}, the greedy "
        f"{first['greedy_covered']:,})."
    )
    print()
    _timing.print_table(
        [
            Column("database", "<", 11, lambda row: row[0]),
            Column("build s", ">", 8, lambda row: row[1]["build"], ".1f"),
            Column(
                "rows->offers s", ">", 14, lambda row: statistics.median(row[1]["whole"]), ".2f"
            ),
            Column("adapter s", ">", 9, lambda row: row[1]["adapter"], ".2f"),
            Column("solve s", ">", 8, lambda row: statistics.median(row[1]["solve"]), ".2f"),
            Column(
                "ratio",
                ">",
                6,
                lambda row: statistics.median(row[1]["whole"]) / statistics.median(row[1]["solve"]),
                ".2f",
            ),
        ],
        results,
    )
    print()
    print(
        "rows->offers: match_run (adapter, optimal and greedy solves, bulk insert of the run "
        "and its offers, requests marked offered), median of "
        f"{arguments.runs}, each rolled back; solve: match_optimal and match_greedy on the "
        "adapter's arrays; ratio: the first over the second."
    )
    if not postgres:
        print(
            "PostgreSQL: not measured; set SAFEWORKLOAD_DATABASE_URL to a postgres:// URL "
            "whose user may create databases."
        )


if __name__ == "__main__":
    main()
