"""Duty and front-door sizing from a contact log: Erlang C per hour, checked by simulation.

A duty team's contact log has one row per contact: when it arrived
(``received_at``), the minutes it took to handle (``handling_minutes``) and,
optionally, how it came in (``channel``). docs/duty-sizing.md describes the
format and the method; in short:

1. `parse_contact_log` checks every row and names the row and column of each
   problem. A file with any problem raises `ContactLogError` and nothing is
   computed from it.
2. `size_duty` counts the contacts that arrived in each hour the duty line is
   open (by default Monday to Friday, 9:00 to 17:00) and divides by the number
   of such days the log covers: arrivals per hour, averaged over its weeks.
   Handling time is one mean and CV over the contacts sized.
3. Each hour is sized by Erlang C (calc/erlang.py) for the target, "80% of
   contacts picked up within 20 minutes" by default, and rostered with
   shrinkage: ceil(on duty / (1 - shrinkage)).
4. Erlang C assumes exponential handling times (a CV of 1). When handling is
   long against the target wait, or its CV is well away from 1, each hour's
   answer is checked by the discrete-event simulation (calc/des.py) with
   lognormal handling of the log's mean and CV. Where the simulation misses
   the target, workers are added until it meets it (Erlang C under-staffs);
   where it meets it with fewer, they are taken away (Erlang C over-staffs).
   The simulation's answer is then the one rostered.

Each hour is treated as settled at its own rate, as Erlang C treats it: a
queue left over from a busy hour is not carried into the next.
"""

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean, stdev
from typing import Any, Literal
from zoneinfo import ZoneInfo

from safeworkload.calc import erlang
from safeworkload.calc.des import QueueResult, ServiceTime, simulate_queue
from safeworkload.interop.csvfile import (
    HEADER_ROW,
    CellError,
    Parser,
    RowError,
    read_records,
    template_text,
    text_cell,
)

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS = (0, 1, 2, 3, 4)
REQUIRED_COLUMNS = ("received_at", "handling_minutes")
OPTIONAL_COLUMNS = ("channel",)
MAX_HANDLING_MINUTES = 1_440  # a whole day: anything longer is not one duty contact
MIN_LOG_DAYS = 7  # every day of the week must be in the log at least once
DEFAULT_SEED = 20240601

# When Erlang C is checked by simulation: handling at least as long as the
# target wait, or a CV this far from the exponential's 1.
CV_TOLERANCE = 0.25
DesMode = Literal["auto", "always", "never"]
DES_MODES: tuple[DesMode, ...] = ("auto", "always", "never")
Verdict = Literal["agrees", "under", "over"]

ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
UK_DATETIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$")
NUMBER = re.compile(r"^\d+(\.\d+)?$")

EXAMPLE_ROW = {"received_at": "2025-03-03T09:14", "handling_minutes": "25", "channel": "phone"}


# --- the file ---------------------------------------------------------------


class ContactLogError(ValueError):
    """A contact log that cannot be used: its row errors, or one problem with the whole log."""

    def __init__(self, errors: Sequence[RowError] = (), *, problem: str = "") -> None:
        self.errors = tuple(errors)
        self.problem = problem
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        return ([self.problem] if self.problem else []) + [str(error) for error in self.errors]


@dataclass(frozen=True)
class Contact:
    row: int
    received_at: datetime  # local time, without a zone
    handling_minutes: float
    channel: str = ""


def _received_at(zone: ZoneInfo) -> Parser:
    def parse(cell: str) -> datetime:
        if not cell:
            raise CellError("Enter the date and time the contact arrived")
        uk = UK_DATETIME.match(cell)
        try:
            if uk:
                day, month, year, hour, minute = (int(part) for part in uk.groups()[:5])
                return datetime(year, month, day, hour, minute, int(uk.group(6) or 0))
            if ISO_DATETIME.match(cell):
                moment = datetime.fromisoformat(cell)
                # A time with an offset is turned into the duty team's own clock.
                if moment.tzinfo is not None:
                    moment = moment.astimezone(zone).replace(tzinfo=None)
                return moment
        except ValueError:
            raise CellError("Received at must be a real date and time") from None
        raise CellError(
            "Enter when the contact arrived as a date and time, "
            "like 2025-03-03T09:14 or 03/03/2025 09:14"
        )

    return parse


def _handling_minutes(cell: str) -> float:
    if not cell:
        raise CellError("Enter the minutes it took to handle the contact")
    if not NUMBER.match(cell):
        raise CellError("Enter the handling minutes as a number, like 25 or 12.5")
    minutes = float(cell)
    if minutes <= 0:
        raise CellError("Handling minutes must be more than 0")
    if minutes > MAX_HANDLING_MINUTES:
        raise CellError(f"Handling minutes must be {MAX_HANDLING_MINUTES:,} (a whole day) or fewer")
    return minutes


def _parsers(zone: ZoneInfo) -> dict[str, Parser]:
    return {
        "received_at": _received_at(zone),
        "handling_minutes": _handling_minutes,
        "channel": text_cell(label="Channel", max_length=40),
    }


def template_csv() -> str:
    """The header row and one fictional example row."""
    return template_text(columns=(*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS), example=EXAMPLE_ROW)


def _header(text: str) -> list[str]:
    try:
        return [name.strip() for name in next(csv.reader(io.StringIO(text, newline="")))]
    except (StopIteration, csv.Error):
        return []


def parse_contact_log(text: str, *, zone: ZoneInfo | None = None) -> tuple[Contact, ...]:
    """Every contact in the log, or ContactLogError naming each row and column at fault."""
    if not text.strip():
        raise ContactLogError(problem="The selected file is empty")
    header = _header(text)
    if not any(name in header for name in REQUIRED_COLUMNS):
        raise ContactLogError(
            problem="The first row must be the header row: received_at, handling_minutes "
            "and, if you like, channel"
        )
    columns = (*REQUIRED_COLUMNS, *(name for name in OPTIONAL_COLUMNS if name in header))
    records, errors = read_records(text, columns=columns, kind="contact log")
    parsers = _parsers(zone or ZoneInfo("Europe/London"))
    contacts = []
    for record in records:
        values: dict[str, Any] = {}
        for name, cell in record.cells.items():
            try:
                values[name] = parsers[name](cell)
            except CellError as problem:
                errors.append(RowError(record.row, name, str(problem)))
        if len(values) == len(record.cells):
            contacts.append(Contact(row=record.row, **values))
    if not records and not errors:
        errors.append(RowError(HEADER_ROW + 1, None, "Add at least one contact below the header"))
    if errors:
        raise ContactLogError(sorted(errors, key=lambda error: error.row))
    return tuple(contacts)


# --- the options ------------------------------------------------------------


@dataclass(frozen=True)
class DutyOptions:
    """The target and the rota's terms. Times in minutes and hours of the clock."""

    target_wait_minutes: float = 20.0
    service_level: float = 0.8
    shrinkage: float = 0.3
    max_occupancy: float = 1.0
    opens: int = 9  # the first hour the line is open
    closes: int = 17  # the hour it closes
    days: tuple[int, ...] = WEEKDAYS  # 0 is Monday
    seed: int = DEFAULT_SEED
    des: DesMode = "auto"
    hours_per_fte: float = 37.0

    def __post_init__(self) -> None:
        if not 0 <= self.target_wait_minutes <= 7 * 24 * 60:
            raise ValueError("The target wait must be between 0 and a week.")
        if not 0 < self.service_level < 1:
            raise ValueError("The service level must be above 0% and below 100%.")
        if not 0 <= self.shrinkage < 1:
            raise ValueError("Shrinkage must be at least 0% and below 100%.")
        if not 0 < self.max_occupancy <= 1:
            raise ValueError("The maximum occupancy must be above 0% and at most 100%.")
        if not 0 <= self.opens < self.closes <= 24:
            raise ValueError("The line must open before it closes, between 0:00 and 24:00.")
        if not self.days or any(day not in range(7) for day in self.days):
            raise ValueError("Choose at least one day of the week.")
        if self.seed < 0:
            raise ValueError("The seed must be 0 or more.")
        if self.des not in DES_MODES:
            raise ValueError(f"The simulation check is one of {', '.join(DES_MODES)}.")

    @property
    def hours(self) -> range:
        return range(self.opens, self.closes)

    @property
    def days_text(self) -> str:
        """ "Monday to Friday" for a run of three or more days, else the days listed."""
        days = sorted(self.days)
        if len(days) >= 3 and days[-1] - days[0] == len(days) - 1:
            return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
        return ", ".join(DAY_NAMES[day] for day in days)

    def to_json(self) -> dict[str, Any]:
        return {
            "target_wait_minutes": self.target_wait_minutes,
            "service_level": self.service_level,
            "shrinkage": self.shrinkage,
            "max_occupancy": self.max_occupancy,
            "opens": self.opens,
            "closes": self.closes,
            "days": [DAY_KEYS[day] for day in sorted(self.days)],
            "seed": self.seed,
            "des": self.des,
        }


def parse_days(text: str) -> tuple[int, ...]:
    """Days as "mon-fri", "mon,wed,fri" or "mon-sun"; ValueError otherwise."""
    days: list[int] = []
    for part in text.casefold().replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if first not in DAY_KEYS or (dash and last not in DAY_KEYS):
            raise ValueError(f"Days are written like mon-fri or mon,wed,fri, not {text!r}.")
        start, end = DAY_KEYS.index(first), DAY_KEYS.index(last or first)
        if end < start:
            raise ValueError(f"{part} runs backwards: write the earlier day first.")
        days.extend(range(start, end + 1))
    return tuple(sorted(set(days)))


# --- the sizing -------------------------------------------------------------


@dataclass(frozen=True)
class DesCheck:
    at_erlang: QueueResult  # the simulation with Erlang C's staff
    final: QueueResult  # the simulation with the fewest staff that meet the target

    @property
    def agents(self) -> int:
        return self.final.servers

    @property
    def verdict(self) -> Verdict:
        if self.final.servers > self.at_erlang.servers:
            return "under"
        return "over" if self.final.servers < self.at_erlang.servers else "agrees"


@dataclass(frozen=True)
class Interval:
    day: int
    hour: int
    contacts: int  # in the log, over every such day
    days_counted: int  # such days the log covers
    arrivals_per_hour: float
    offered_load: float  # in Erlangs
    erlang: erlang.DutyRota
    check: DesCheck | None
    rostered: int

    @property
    def on_duty(self) -> int:
        return self.erlang.agents if self.check is None else self.check.agents

    @property
    def label(self) -> str:
        return f"{self.hour:02d}:00 to {self.hour + 1:02d}:00"


@dataclass(frozen=True)
class DutySizing:
    options: DutyOptions
    contacts: int  # every contact in the log
    outside_hours: int  # arrived while the line is closed: not sized
    first_day: date
    last_day: date
    handling_mean_minutes: float
    handling_cv: float
    des_reason: str | None  # why the simulation checked Erlang C; None if it did not
    intervals: tuple[Interval, ...]
    channels: dict[str, int] = field(default_factory=dict)

    @property
    def sized(self) -> int:
        return self.contacts - self.outside_hours

    @property
    def log_days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def open_days(self) -> int:
        """Days in the log on which the line was open."""
        return sum(_count_weekday(self.first_day, self.last_day, d) for d in self.options.days)

    def by_day(self) -> list[tuple[str, list[Interval]]]:
        return [
            (DAY_NAMES[day], [i for i in self.intervals if i.day == day])
            for day in sorted(self.options.days)
        ]

    def totals(self) -> dict[str, Any]:
        on_duty = [i.on_duty for i in self.intervals]
        rostered = [i.rostered for i in self.intervals]
        return {
            "intervals": len(self.intervals),
            "on_duty_hours_per_week": sum(on_duty),
            "rostered_hours_per_week": sum(rostered),
            "rostered_fte": round(sum(rostered) / self.options.hours_per_fte, 2),
            "hours_per_fte": self.options.hours_per_fte,
            "peak_on_duty": max(on_duty),
            "peak_rostered": max(rostered),
            "erlang_hours_per_week": sum(i.erlang.agents for i in self.intervals),
            "erlang_under_staffs": sum(1 for i in self.intervals if _verdict(i) == "under"),
            "erlang_over_staffs": sum(1 for i in self.intervals if _verdict(i) == "over"),
        }

    def model_file_duty(self) -> dict[str, float]:
        """The [duty] table of a model file (docs/staffing-model-file.md): a day's average."""
        options = self.options
        return {
            "contacts_per_day": round(self.sized / self.open_days, 2),
            "hours_per_day": float(options.closes - options.opens),
            "mean_handling_hours": round(self.handling_mean_minutes / 60, 3),
            "target_wait_hours": round(options.target_wait_minutes / 60, 3),
            "service_level": options.service_level,
            "max_occupancy": options.max_occupancy,
            "shrinkage": options.shrinkage,
        }

    def model_file_toml(self) -> str:
        lines = ["[duty]", "# From a contact log: the open day's average (docs/duty-sizing.md)."]
        lines += [f"{key} = {value:g}" for key, value in self.model_file_duty().items()]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {
            "options": self.options.to_json(),
            "log": {
                "contacts": self.contacts,
                "sized": self.sized,
                "outside_hours": self.outside_hours,
                "first_day": self.first_day.isoformat(),
                "last_day": self.last_day.isoformat(),
                "days": self.log_days,
                "weeks": round(self.log_days / 7, 2),
                "channels": self.channels,
                "handling_mean_minutes": round(self.handling_mean_minutes, 2),
                "handling_cv": round(self.handling_cv, 3),
            },
            "des_check": {
                "used": self.des_reason is not None,
                "reason": self.des_reason,
                "service_time": "lognormal",
            },
            "intervals": [_interval_json(i) for i in self.intervals],
            "totals": self.totals(),
            "model_file_duty": self.model_file_duty(),
        }


def _verdict(interval: Interval) -> Verdict | None:
    return None if interval.check is None else interval.check.verdict


def _share(value: float) -> float:
    return round(value, 4)


def _interval_json(interval: Interval) -> dict[str, Any]:
    check, rota = interval.check, interval.erlang
    return {
        "day": DAY_KEYS[interval.day],
        "day_name": DAY_NAMES[interval.day],
        "hour": interval.hour,
        "label": interval.label,
        "contacts": interval.contacts,
        "days_counted": interval.days_counted,
        "arrivals_per_hour": round(interval.arrivals_per_hour, 3),
        "offered_load": round(interval.offered_load, 3),
        "erlang_agents": rota.agents,
        "erlang_service_level": _share(rota.service_level),
        "erlang_occupancy": _share(rota.occupancy),
        "des_service_level_at_erlang": None
        if check is None
        else _share(check.at_erlang.service_level.mean),
        "des_service_level_low": None
        if check is None
        else _share(check.at_erlang.service_level.low),
        "des_service_level_high": None
        if check is None
        else _share(check.at_erlang.service_level.high),
        "des_agents": None if check is None else check.agents,
        "des_service_level": None if check is None else _share(check.final.service_level.mean),
        "des_mean_wait_minutes": None
        if check is None
        else round(check.final.mean_wait.mean * 60, 1),
        "verdict": _verdict(interval),
        "on_duty": interval.on_duty,
        "rostered": interval.rostered,
    }


def _count_weekday(first: date, last: date, weekday: int) -> int:
    """How many dates from ``first`` to ``last``, both included, fall on ``weekday``."""
    offset = (weekday - first.weekday()) % 7
    start = first + timedelta(days=offset)
    return 0 if start > last else (last - start).days // 7 + 1


def _des_reason(mean_minutes: float, cv: float, options: DutyOptions) -> str | None:
    if options.des == "never":
        return None
    if options.des == "always":
        return "The simulation check was asked for."
    reasons = []
    if mean_minutes >= options.target_wait_minutes:
        reasons.append(
            f"handling takes {mean_minutes:.0f} minutes on average, at least the "
            f"{options.target_wait_minutes:g}-minute target wait"
        )
    if abs(cv - 1) > CV_TOLERANCE:
        reasons.append(f"handling times have a CV of {cv:.2f}, not the 1 Erlang C assumes")
    if not reasons:
        return None
    text = ", and ".join(reasons)
    return text[0].upper() + text[1:] + "."


class _Checker:
    """Runs the simulation for one hour's rate, trying staff up or down from Erlang C's."""

    def __init__(self, service: ServiceTime, options: DutyOptions) -> None:
        self.service, self.options = service, options
        self.target_wait = options.target_wait_minutes / 60
        self.runs: dict[tuple[float, int], QueueResult] = {}

    def run(self, rate: float, servers: int) -> QueueResult:
        key = (rate, servers)
        if key not in self.runs:
            # One seed for every run: the same contacts whatever the staff, so
            # adding a worker can only help (calc/des.py).
            self.runs[key] = simulate_queue(
                arrival_rate=rate,
                service=self.service,
                servers=servers,
                target_wait=self.target_wait,
                seed=self.options.seed,
            )
        return self.runs[key]

    def meets(self, result: QueueResult) -> bool:
        return result.stable and result.service_level.mean >= self.options.service_level

    def check(self, rate: float, agents: int) -> DesCheck:
        at_erlang = final = self.run(rate, agents)
        while not self.meets(final):
            final = self.run(rate, final.servers + 1)
        if final.servers > agents:
            return DesCheck(at_erlang=at_erlang, final=final)
        load = rate * self.service.mean
        while final.servers > 1:
            fewer = final.servers - 1
            if fewer <= load or load / fewer > self.options.max_occupancy:
                break
            trial = self.run(rate, fewer)
            if not self.meets(trial):
                break
            final = trial
        return DesCheck(at_erlang=at_erlang, final=final)


def size_duty(contacts: Sequence[Contact], options: DutyOptions | None = None) -> DutySizing:
    """Staff on duty and rostered for each open hour of the week; ValueError if the
    log cannot size the rota (too short, or no contact while the line is open)."""
    options = options or DutyOptions()
    if not contacts:
        raise ValueError("The log has no contacts.")
    first = min(c.received_at for c in contacts).date()
    last = max(c.received_at for c in contacts).date()
    if (last - first).days + 1 < MIN_LOG_DAYS:
        raise ValueError(
            f"The log covers {(last - first).days + 1} days: it must cover at least "
            f"{MIN_LOG_DAYS}, so that every day of the week is counted."
        )
    inside = [
        c
        for c in contacts
        if c.received_at.weekday() in options.days and c.received_at.hour in options.hours
    ]
    if not inside:
        raise ValueError(
            f"No contact arrived while the line is open ({options.days_text}, "
            f"{options.opens}:00 to {options.closes}:00): check the opening hours."
        )
    minutes = [c.handling_minutes for c in inside]
    mean = fmean(minutes)
    cv = stdev(minutes) / mean if len(minutes) > 1 else 0.0
    reason = _des_reason(mean, cv, options)
    checker = _Checker(ServiceTime("lognormal", mean / 60, cv=cv), options) if reason else None
    counts = Counter((c.received_at.weekday(), c.received_at.hour) for c in inside)
    intervals = tuple(
        _interval(
            day,
            hour,
            counts[(day, hour)],
            _count_weekday(first, last, day),
            mean / 60,
            options,
            checker,
        )
        for day in sorted(options.days)
        for hour in options.hours
    )
    return DutySizing(
        options=options,
        contacts=len(contacts),
        outside_hours=len(contacts) - len(inside),
        first_day=first,
        last_day=last,
        handling_mean_minutes=mean,
        handling_cv=cv,
        des_reason=reason,
        intervals=intervals,
        channels=dict(sorted(Counter(c.channel for c in inside if c.channel).items())),
    )


def _interval(
    day: int,
    hour: int,
    contacts: int,
    days_counted: int,
    mean_hours: float,
    options: DutyOptions,
    checker: _Checker | None,
) -> Interval:
    rate = contacts / days_counted  # contacts in one hour: a rate per hour
    rota = erlang.duty_rota(
        arrival_rate=rate,
        mean_service_time=mean_hours,
        target_wait=options.target_wait_minutes / 60,
        service_level=options.service_level,
        max_occupancy=options.max_occupancy,
        shrinkage=options.shrinkage,
    )
    # With no contacts there is nothing to simulate: one worker keeps the line open.
    check = checker.check(rate, rota.agents) if checker and contacts else None
    agents = rota.agents if check is None else check.agents
    return Interval(
        day=day,
        hour=hour,
        contacts=contacts,
        days_counted=days_counted,
        arrivals_per_hour=rate,
        offered_load=rate * mean_hours,
        erlang=rota,
        check=check,
        rostered=erlang.rostered(agents, shrinkage=options.shrinkage),
    )
