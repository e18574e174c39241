"""``safeworkload staffing run MODEL.toml [--json] [--replications N] [--seed N]``.

Output goes to stdout: a plain-text summary, or with ``--json`` the JSON of
`ModelRun.to_json` (docs/staffing-model-file.md, "Running a model").

A progress bar is drawn on stderr while the Monte Carlo runs, only when stderr
is a terminal and not with ``--json``. On a pipe or in a log file nothing is
written about progress: a bar redrawn with carriage returns would fill a log
with one long line of partial bars, and a script reading the output wants the
answer alone. Problems with the file go to stderr, one a line with its field
path, and the exit status is 1.
"""

import json
import math
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from safeworkload.staffing.modelfile import ModelFileError, StaffingModelSpec, load_model
from safeworkload.staffing.run import ModelRun, run_model

MIN_REPLICATIONS = 100
MAX_REPLICATIONS = 1_000_000
BAR_WIDTH = 30


class ProgressBar:
    """A bar redrawn in place on a terminal: ``Monte Carlo [#####-----]  50%  5,000 of 10,000``."""

    def __init__(self, stream: OutputWrapper, label: str = "Monte Carlo") -> None:
        self.stream = stream
        self.label = label

    def __call__(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        line = f"\r{self.label} [{bar}] {100 * done // total:3d}%  {done:,} of {total:,}"
        # Not in the error colour that Django gives stderr on a terminal.
        self.stream.write(line, style_func=_plain, ending="\n" if done >= total else "")
        self.stream.flush()


def _plain(text: str) -> str:
    return text


class Command(BaseCommand):
    help = (
        "Run a staffing model file: WISN, the Monte Carlo (P50, P80, P90), the skill mix, "
        "the duty rota and the priced gap."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The model file (TOML, UTF-8).")
        parser.add_argument(
            "--json", action="store_true", help="Write the results as JSON rather than text."
        )
        parser.add_argument(
            "--replications",
            type=int,
            help=f"Monte Carlo draws of the year, {MIN_REPLICATIONS:,} to {MAX_REPLICATIONS:,}. "
            "Default: the file's model.replications (10,000 in the examples).",
        )
        parser.add_argument(
            "--seed", type=int, help="The random seed, 0 or more. Default: the file's model.seed."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        spec = self._load(path)
        replications = _replications(options["replications"], spec)
        seed = spec.seed if options["seed"] is None else options["seed"]
        if seed < 0:
            raise CommandError(f"--seed must be 0 or more, not {seed}.")
        show_progress = not options["json"] and self.stderr.isatty()
        try:
            result = run_model(
                spec,
                replications=replications,
                seed=seed,
                progress=ProgressBar(self.stderr) if show_progress else None,
            )
        except ValueError as error:
            raise CommandError(f"{path}: the model cannot be run: {error}") from None
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), indent=2, allow_nan=False))
        else:
            # One write, so that a reader that stops early (| head) does not break a line.
            self.stdout.write("\n".join(summary(result)))

    def _load(self, path: Path) -> StaffingModelSpec:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        try:
            return load_model(text)
        except ModelFileError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = len(error.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in {path}: nothing was run."
            ) from None


def _replications(value: int | None, spec: StaffingModelSpec) -> int:
    if value is None:
        return spec.replications
    if not MIN_REPLICATIONS <= value <= MAX_REPLICATIONS:
        raise CommandError(
            f"--replications must be between {MIN_REPLICATIONS:,} and {MAX_REPLICATIONS:,}, "
            f"not {value:,}."
        )
    return value


# --- the plain-text summary -------------------------------------------------


def _fte(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _money(value: float | None) -> str:
    if value is None:
        return "-"
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


def _ratio(value: float) -> str:
    return f"{value:.2f}" if math.isfinite(value) else "no work"


def _hours(value: float) -> str:
    return f"{value:g} hour{'' if value == 1 else 's'}"


def _percent(value: float) -> str:
    return f"{value:.0%}"


def summary(result: ModelRun) -> list[str]:
    """The results as lines of plain text, in the order a reader needs them."""
    spec, data = result.spec, result.to_json()
    mc, whole = data["monte_carlo"], result.wisn
    lines = [
        f"{spec.name}",
        f"{spec.service.capitalize()} service, {spec.year}. {result.replications:,} replications, "
        f"seed {result.seed}, confidence {_percent(spec.confidence)}.",
        "",
        "Whole service: FTE in the roles that do the activities",
        f"  WISN, mean workload:      {whole.required:.1f} required, {result.staff_in_post:.1f} "
        f"in post, ratio {_ratio(whole.ratio)}, "
        f"workload pressure {data['wisn']['pressure'].lower()}",
        f"  Monte Carlo:              P50 {mc['p50']:.1f}, P80 {mc['p80']:.1f}, "
        f"P90 {mc['p90']:.1f}",
        f"  Chance the staff in post, less vacancies, are enough: "
        f"{_percent(mc['probability_enough'])}",
        f"  Chance the funded posts, all filled, are enough:      "
        f"{_percent(mc['probability_funded_enough'])}",
        "",
        *_role_table(data["roles"], spec.confidence),
        "",
        *_skill_mix_lines(result, data),
    ]
    if result.duty is not None and spec.duty is not None:
        rota = result.duty
        lines += [
            "",
            f"Duty rota (Erlang C): {rota.agents} on duty at once, {rota.rostered} rostered; "
            f"{_percent(rota.service_level)} of contacts picked up within "
            f"{_hours(spec.duty.target_wait_hours)} (target {_percent(spec.duty.service_level)}); "
            f"occupancy {_percent(rota.occupancy)}.",
        ]
    return lines


def _role_table(roles: list[dict[str, Any]], confidence: float) -> list[str]:
    header = (
        "Role",
        "In post",
        "Funded",
        "WISN",
        "Ratio",
        "Needed",
        "Shortfall",
        "Cost",
    )
    rows = [
        (
            role["title"],
            _fte(role["in_post"]),
            _fte(role["funded"]),
            _fte(role["wisn_required"]),
            "no work" if role["wisn_ratio"] is None else f"{role['wisn_ratio']:.2f}",
            _fte(role["required"]),
            _fte(role["shortfall"]),
            _money(role["shortfall_cost"]),
        )
        for role in roles
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        first = cells[0].ljust(widths[0])
        rest = "  ".join(
            cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)
        )
        return f"  {first}  {rest}"

    return [
        "By role, FTE. WISN shares each activity among the staff in post who may do it;",
        f"needed is the skill mix at {_percent(confidence)}; cost is the shortfall's, a year.",
        line(header),
    ] + [line(row) for row in rows]


def _skill_mix_lines(result: ModelRun, data: dict[str, Any]) -> list[str]:
    mix = result.skill_mix
    if not mix.feasible:
        return [f"Skill mix: no establishment found. {mix.message}"]
    lines = [f"Skill mix: the cheapest establishment costs {_money(mix.cost)} a year."]
    if mix.binding:
        lines.append(f"  At its limit: {', '.join(mix.binding)}.")
    for role, hours in mix.administrator_value.items():
        title = result.spec.roles[role].title
        lines.append(
            f"  One more {title.lower()} would free {hours:,.0f} hours a year "
            "of registered practitioners' time."
        )
    gap = data["gap"]
    lines += [
        "Gap, a year with on-costs (negative is a surplus):",
        f"  Needed but not funded:    {_money(gap['unfunded_cost'])}",
        f"  Funded but vacant:        {_money(gap['vacant_cost'])}",
        f"  Needed but not in post:   {_money(gap['shortfall_cost'])}",
    ]
    return lines
