"""``safeworkload staffing duty LOG.csv [--json] [--target-wait MINUTES] [--service-level PERCENT]
[--shrinkage PERCENT] [--seed N]``, and the opening hours.

Output goes to stdout: a table per open hour (arrivals an hour, Erlang C's
staff, the simulation's check, staff on duty and rostered) and the totals, or
with ``--json`` the JSON of `DutySizing.to_json` (docs/duty-sizing.md).
Problems with the file go to stderr, one a line naming its row and column,
and the exit status is 1: nothing is sized from a file with a bad row.
"""

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeworkload.staffing.duty import (
    DES_MODES,
    ContactLogError,
    DutyOptions,
    DutySizing,
    parse_contact_log,
    parse_days,
    size_duty,
)


def _percent(value: float) -> str:
    return f"{value:.0%}"


class Command(BaseCommand):
    help = (
        "Size a duty rota from a contact log: Erlang C for each open hour, checked by a "
        "discrete-event simulation where handling is long or variable, then shrinkage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = DutyOptions()
        parser.add_argument("file", type=Path, help="The contact log (CSV, UTF-8).")
        parser.add_argument("--json", action="store_true", help="Write the results as JSON.")
        parser.add_argument(
            "--target-wait",
            type=float,
            default=defaults.target_wait_minutes,
            metavar="MINUTES",
            help="The wait within which contacts should be picked up. Default: %(default)g.",
        )
        parser.add_argument(
            "--service-level",
            type=float,
            default=defaults.service_level * 100,
            metavar="PERCENT",
            help="The share of contacts to pick up within the target wait. Default: %(default)g.",
        )
        parser.add_argument(
            "--shrinkage",
            type=float,
            default=defaults.shrinkage * 100,
            metavar="PERCENT",
            help="The share of rostered time lost to leave, training and the rest. "
            "Default: %(default)g.",
        )
        parser.add_argument(
            "--max-occupancy",
            type=float,
            default=defaults.max_occupancy * 100,
            metavar="PERCENT",
            help="The busiest a duty worker should be. Default: %(default)g.",
        )
        parser.add_argument(
            "--opens", type=int, default=defaults.opens, help="Hour the line opens (9)."
        )
        parser.add_argument(
            "--closes", type=int, default=defaults.closes, help="Hour the line closes (17)."
        )
        parser.add_argument(
            "--days", default="mon-fri", help="Days the line is open, like mon-fri or mon,wed."
        )
        parser.add_argument(
            "--check",
            choices=DES_MODES,
            default=defaults.des,
            help="Check Erlang C by simulation: auto (when handling is long or variable), "
            "always or never. Default: %(default)s.",
        )
        parser.add_argument(
            "--seed", type=int, default=defaults.seed, help="The simulation's random seed."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            duty_options = DutyOptions(
                target_wait_minutes=options["target_wait"],
                service_level=options["service_level"] / 100,
                shrinkage=options["shrinkage"] / 100,
                max_occupancy=options["max_occupancy"] / 100,
                opens=options["opens"],
                closes=options["closes"],
                days=parse_days(options["days"]),
                seed=options["seed"],
                des=options["check"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        contacts = self._load(path)
        try:
            sizing = size_duty(contacts, duty_options)
        except ValueError as error:
            raise CommandError(f"{path}: {error}") from None
        if options["json"]:
            self.stdout.write(json.dumps(sizing.to_json(), indent=2, allow_nan=False))
        else:
            self.stdout.write("\n".join(summary(sizing)))

    def _load(self, path: Path) -> Any:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text: save it as CSV UTF-8.") from None
        try:
            return parse_contact_log(text, zone=ZoneInfo(settings.TIME_ZONE))
        except ContactLogError as error:
            for line in error.lines:
                self.stderr.write(line)
            count = len(error.lines)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in {path}: nothing was sized."
            ) from None


# --- the plain-text table -----------------------------------------------------

HEADER = (
    "Day",
    "Hour",
    "Arrivals/h",
    "Load",
    "Erlang C",
    "Erlang SL",
    "DES SL at Erlang (95% CI)",
    "DES",
    "Erlang C is",
    "On duty",
    "Rostered",
)
VERDICTS = {"agrees": "right", "under": "under-staffs", "over": "over-staffs", None: "-"}


def _row(interval: dict[str, Any]) -> tuple[str, ...]:
    checked = interval["des_agents"] is not None
    return (
        interval["day_name"],
        interval["label"],
        f"{interval['arrivals_per_hour']:.2f}",
        f"{interval['offered_load']:.2f}",
        str(interval["erlang_agents"]),
        _percent(interval["erlang_service_level"]),
        f"{interval['des_service_level_at_erlang']:.1%} "
        f"({interval['des_service_level_low']:.1%} to {interval['des_service_level_high']:.1%})"
        if checked
        else "not checked",
        str(interval["des_agents"]) if checked else "-",
        VERDICTS[interval["verdict"]],
        str(interval["on_duty"]),
        str(interval["rostered"]),
    )


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]

    def line(cells: tuple[str, ...]) -> str:
        left = [cells[i].ljust(widths[i]) for i in (0, 1)]
        right = [cell.rjust(width) for cell, width in zip(cells[2:], widths[2:], strict=True)]
        return "  " + "  ".join(left + right)

    return [line(HEADER)] + [line(row) for row in rows]


def summary(sizing: DutySizing) -> list[str]:
    """The sizing as lines of plain text: what was read, the table, the totals."""
    data, options = sizing.to_json(), sizing.options
    log, totals = data["log"], data["totals"]
    lines = [
        f"Contact log: {log['contacts']:,} contacts from {log['first_day']} to {log['last_day']} "
        f"({log['weeks']:g} weeks); {log['sized']:,} arrived while the line was open "
        f"({options.days_text}, {options.opens}:00 to {options.closes}:00), "
        f"{log['outside_hours']:,} outside those hours and not sized here.",
        f"Handling: mean {log['handling_mean_minutes']:.1f} minutes, CV {log['handling_cv']:.2f}.",
        f"Target: {_percent(options.service_level)} of contacts picked up within "
        f"{options.target_wait_minutes:g} minutes; shrinkage {_percent(options.shrinkage)}; "
        f"occupancy at most {_percent(options.max_occupancy)}.",
    ]
    if sizing.des_reason:
        lines.append(
            f"Checked by simulation: {sizing.des_reason} Each hour's Erlang C answer was "
            f"simulated (lognormal handling, seed {options.seed}) and workers added or taken "
            "away until the simulation just meets the target."
        )
    else:
        lines.append(
            "Not checked by simulation: handling is short and about as variable as "
            "Erlang C assumes."
        )
    lines += ["", *_table([_row(interval) for interval in data["intervals"]]), ""]
    lines += [
        f"Totals a week: {totals['on_duty_hours_per_week']:,} worker-hours on duty "
        f"(Erlang C alone: {totals['erlang_hours_per_week']:,}), "
        f"{totals['rostered_hours_per_week']:,} rostered, "
        f"{totals['rostered_fte']:.2f} FTE at {totals['hours_per_fte']:g} hours a week; "
        f"busiest hour {totals['peak_on_duty']} on duty, {totals['peak_rostered']} rostered.",
    ]
    if sizing.des_reason:
        lines.append(
            f"Erlang C under-staffed {totals['erlang_under_staffs']} of {totals['intervals']} "
            f"hours and over-staffed {totals['erlang_over_staffs']}; the rota above uses the "
            "simulation's answer."
        )
    lines += ["", "For a model file:", sizing.model_file_toml().rstrip()]
    return lines
