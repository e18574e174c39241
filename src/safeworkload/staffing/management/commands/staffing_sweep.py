"""``safeworkload staffing sweep [--year YYYY] [--json] [--scheduler ADDRESS] [--replications N]``.

Models every English local authority's children's social work from the DfE
files shipped in ``staffing/data/`` (sweep.py): one row per authority in the
workforce file for the year. Output goes to stdout: a table, or with ``--json``
a JSON list of rows. Progress goes to stderr, so that it never mixes with the
JSON: redrawn in place on a terminal, and a line every tenth of the way
otherwise, so that a log stays short.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from safeworkload.staffing import dfe
from safeworkload.staffing.sweep import (
    DEFAULT_CASELOAD,
    DEFAULT_REPLICATIONS,
    DEFAULT_SEED,
    SweepRow,
    SweepSettings,
    sweep,
)


def _plain(text: str) -> str:
    return text


class Progress:
    """``Modelled 75 of 151 authorities (Kent)`` on stderr."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.shown = 0

    def __call__(self, done: int, total: int, name: str) -> None:
        text = f"Modelled {done} of {total} authorities ({name})"
        if self.terminal:
            # Pad to wipe a longer name left from the line before.
            ending = "\n" if done == total else ""
            self.stream.write(f"\r{text:<80}", style_func=_plain, ending=ending)
            self.stream.flush()
        elif done == total or 10 * done // total > self.shown:
            self.shown = 10 * done // total
            self.stream.write(text, style_func=_plain)


def _text(value: object, spec: str = "") -> str:
    return "-" if value is None else format(value, spec)


class Command(BaseCommand):
    help = (
        "Model every English local authority's children's social work from the DfE figures: "
        "case-holding FTE at P50 and P90 against the FTE and caseload published."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            help="The workforce census year (at 30 September). Default: the latest in the data.",
        )
        parser.add_argument("--json", action="store_true", help="Write JSON rather than a table.")
        parser.add_argument(
            "--scheduler",
            help="A Dask distributed scheduler address (tcp://host:8786) to run on. "
            "Default: run here.",
        )
        parser.add_argument(
            "--replications",
            type=int,
            default=DEFAULT_REPLICATIONS,
            help=f"Monte Carlo years per authority (default {DEFAULT_REPLICATIONS:,}).",
        )
        parser.add_argument(
            "--caseload",
            type=float,
            default=DEFAULT_CASELOAD,
            help=f"Open cases per full-time case holder (default {DEFAULT_CASELOAD:g}).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = dfe.load()
        year = options["year"] or max(data.years())
        if year not in data.years():
            first, last = min(data.years()), max(data.years())
            raise CommandError(f"--year must be between {first} and {last}, not {year}.")
        try:
            settings = SweepSettings(
                replications=options["replications"],
                caseload_per_fte=options["caseload"],
                seed=options["seed"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        rows = sweep(
            year,
            settings=settings,
            scheduler=options["scheduler"],
            progress=Progress(self.stderr),
            data=data,
        )
        if options["json"]:
            self.stdout.write(json.dumps([row.to_json() for row in rows], indent=2))
        else:
            self._table(rows, settings)

    def _table(self, rows: list[SweepRow], settings: SweepSettings) -> None:
        self.stdout.write(
            f"{'authority':<48} {'actual FTE':>10} {'caseload':>8} "
            f"{'P50 FTE':>8} {'P90 FTE':>8} {'ratio':>6}"
        )
        for row in rows:
            self.stdout.write(
                f"{row.la_name[:48]:<48} {_text(row.actual_fte):>10} "
                f"{_text(row.actual_caseload):>8} {_text(row.modelled_fte_p50):>8} "
                f"{_text(row.modelled_fte_p90):>8} {_text(row.ratio, '.2f'):>6}"
            )
        below = sum(1 for row in rows if row.ratio is not None and row.ratio < 1)
        rated = sum(1 for row in rows if row.ratio is not None)
        self.stdout.write(
            f"{len(rows)} authorities; {below} of {rated} with figures have fewer case holders "
            f"than P50 needs at {settings.caseload_per_fte:g} cases each. "
            f"{dfe.VINTAGE} of the DfE figures; contains public sector information licensed "
            "under the Open Government Licence v3.0."
        )
