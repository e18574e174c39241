"""The health check report against the number of responses: 2,000 against 200.

Builds, in a throwaway SQLite file (migrated, with the ``local`` settings), two
fictional organisations in one region: a large one whose wave has ``--responses``
responses (2,000 by default) and a baseline with a tenth of them. Each has last
year's wave too (for the comparison with last year), so both reports run every
part: scores, last year, the region, hours, shares, and every cut (team, service
area, role, grade, experience, each with small groups to suppress). Every
respondent answers every practitioner question. Then it times the report page
(``/health-check/reports/<id>/``) and its CSV for each organisation's service lead,
alternating the two.

Requests go through django.test.Client, so the time is the server's: middleware,
view, queries and template, with no network.

Run with ``make bench`` or ``.venv/bin/python benchmarks/health_check_report.py``.
It exits non-zero if the report makes a different number of queries for the large
organisation than for the baseline.
"""

import argparse
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import _timing
from _timing import Column

LARGE = ("bench-large", "lead@large.example")
SMALL = ("bench-small", "lead@small.example")
YEAR = 2026
GRADES = ["Band 6", "Band 7", "Senior practitioner", "Manager", "Apprentice"]
ROLES = ["social_worker", "occupational_therapist", "social_work_assistant", "manager"]
EXPERIENCE = ["under_2", "2_to_5", "over_5", "over_10"]
# (page, what follows the report's address)
PAGES = (("report page", ""), ("report CSV", "export.csv"))


@dataclass(frozen=True)
class Result(_timing.Percentiles):
    page: str
    organisation: str
    staff: int  # here: responses in this year's wave
    times_ms: list[float]
    queries: set[int]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    parser.add_argument(
        "--responses",
        type=int,
        default=2000,
        help="responses in the large organisation's wave (default 2,000); the baseline has a tenth",
    )
    _timing.add_request_arguments(parser)
    return parser.parse_args()


def _organisation(code: str, email: str, region, teams: int):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from safeworkload.organisations.models import Membership, Organisation, Team
    from safeworkload.organisations.roles import Role

    organisation = Organisation.objects.create(
        region=region, name=code.replace("-", " ").title(), code=code, kind="council"
    )
    areas = [choice for choice, _ in Team.ServiceArea.choices]
    made = [
        Team.objects.create(
            organisation=organisation,
            name=f"Team {n + 1}",
            service_area=areas[n % len(areas)],
            team_type=Team.TeamType.LONG_TERM,
        )
        for n in range(teams)
    ]
    user = get_user_model().objects.create_user(username=email, email=email, password="x")  # noqa: S106
    Membership.objects.create(user=user, organisation=organisation, role=Role.SERVICE_LEAD)
    return organisation, made


def _wave(organisation, teams, *, year: int, responses: int, rng: random.Random) -> int:  # type: ignore[no-untyped-def]
    """A closed wave where everyone answers every question; the last team is kept small."""
    from datetime import date
    from decimal import Decimal

    from safeworkload.healthcheck.instruments import ensure_standard_instruments
    from safeworkload.healthcheck.models import Answer, Comment, Question, Response, Survey

    instrument = ensure_standard_instruments().practitioner
    survey = Survey.objects.create(
        organisation=organisation,
        instrument=instrument,
        title=f"Health check {year}",
        year=year,
        status=Survey.Status.CLOSED,
        min_group=10,
    )
    questions = list(Question.objects.filter(instrument=instrument).select_related("scale"))
    big, small = teams[:-1], teams[-1]
    rows, answers, comments = [], [], []
    for n in range(responses):
        team = small if n < 4 else (None if n % 50 == 0 else rng.choice(big))
        response = Response(
            organisation=organisation,
            survey=survey,
            submitted_on=date(year, 6, 1),
            team=team,
            service_area=team.service_area if team else "",
            role=rng.choice(ROLES),
            grade=rng.choice(GRADES) if n % 97 else "Principal",
            experience=rng.choice(EXPERIENCE),
        )
        rows.append(response)
        contracted = rng.choice([22.5, 30, 37, 37, 37])
        for q in questions:
            if q.scale.kind == "text":
                if n % 9 == 0:
                    comments.append(
                        Comment(
                            organisation=organisation,
                            survey=survey,
                            question=q,
                            text="Caseloads have gone up again this year.",
                        )
                    )
                continue
            if q.code == "hours_contracted":
                value = Decimal(str(contracted))
            elif q.code == "hours_worked":
                value = Decimal(str(contracted + rng.choice([0, 0, 2, 4, 8, 12])))
            elif q.scale.kind == "number":
                value = Decimal(rng.randint(0, 40))
            else:
                value = Decimal(rng.randint(1, len(q.scale.definition)))
            answers.append(
                Answer(organisation=organisation, response=response, question=q, value=value)
            )
    Response.objects.bulk_create(rows, batch_size=2000)
    Answer.objects.bulk_create(answers, batch_size=5000)
    Comment.objects.bulk_create(comments, batch_size=2000)
    return survey.pk


def _build(responses: int, seed: int) -> dict[str, tuple[int, int]]:
    """Both organisations and their waves; (this year's survey id, responses) per code."""
    from django_scopes import scopes_disabled

    from safeworkload.organisations.models import Region

    rng = random.Random(seed)
    built = {}
    with scopes_disabled():
        region = Region.objects.create(name="Benchshire", code="benchshire")
        for (code, email), n, teams in (
            (LARGE, responses, 21),
            (SMALL, responses // 10, 5),
        ):
            organisation, made = _organisation(code, email, region, teams)
            _wave(organisation, made, year=YEAR - 1, responses=n, rng=rng)
            built[code] = (_wave(organisation, made, year=YEAR, responses=n, rng=rng), n)
    return built


def _measure(built: dict[str, tuple[int, int]], runs: int, warm_up: int) -> list[Result]:
    """Each page for each organisation, the two taking turns request by request (as
    ``_timing.time_pages`` does; each organisation has its own survey's address)."""
    clients = {code: _timing.client(email) for code, email in (LARGE, SMALL)}
    results = []
    for page, suffix in PAGES:
        times: dict[str, list[float]] = {code: [] for code in clients}
        counts: dict[str, set[int]] = {code: set() for code in clients}
        for run in range(warm_up + runs):
            for code, client in clients.items():
                elapsed, queries = _timing.get(
                    client, f"/health-check/reports/{built[code][0]}/{suffix}"
                )
                counts[code].add(queries)
                if run >= warm_up:
                    times[code].append(elapsed)
        results += [
            Result(page, code, built[code][1], times[code], counts[code]) for code in clients
        ]
    return results


def _report(results: list[Result]) -> bool:
    print()
    columns = _timing.page_columns(12)
    columns[2] = Column("responses", ">", 9, lambda r: r.staff, ",")
    _timing.print_table(columns, results)
    print()
    return _timing.compare(
        results,
        PAGES,
        (LARGE[0], SMALL[0]),
        lambda page, large, small: (
            f"{page}: median {large.median / small.median:.2f}x the baseline, "
            f"p95 {large.p95 / small.p95:.2f}x "
            f"({large.staff:,} responses against {small.staff:,}: "
            f"{large.staff / small.staff:.0f}x); "
        ),
    )


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="safeworkload-bench-") as directory:
        _timing.use_database(Path(directory) / "bench.sqlite3")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        built = _build(arguments.responses, arguments.seed)
        steady = _report(_measure(built, arguments.runs, arguments.warm_up))
    if not steady:
        sys.exit("Query counts differ between the large and the small organisation.")


if __name__ == "__main__":
    main()
