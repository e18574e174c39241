"""The staffing model file: TOML in, checked dataclasses out, and on to calc/.

`load_model(text)` reads a model file (docs/staffing-model-file.md describes
every field) and returns a `StaffingModelSpec`, or raises `ModelFileError`
listing every problem at once, each with its field path and what was expected,
so that a person fixing a file by hand fixes it in one pass.

The functions after it turn a spec into the inputs of the pure models:
`wisn_inputs` (WISN, with mean counts and PERT mean hours), `staffing_model`
(Monte Carlo), `skill_mix_problem` and `run_skill_mix` (the MILP at the
model's confidence level), `duty_rota` (Erlang C) and `role_costs` (pay with
on-costs).
"""

import json
import math
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

from safeworkload.calc import costs, demand, erlang, skillmix
from safeworkload.calc.montecarlo import (
    Beta,
    Gamma,
    NegativeBinomial,
    Pert,
    StaffingModel,
    Uncertain,
    UncertainActivity,
)
from safeworkload.calc.wisn import (
    AdditionalActivity,
    SupportActivity,
    WisnInputs,
    activity,
    available_working_hours,
    support_split,
)

Service = Literal["adults", "childrens"]
SERVICES = ("adults", "childrens")
SUPPORT_PER = ("day", "week", "month", "year")
ACTIVITY_PER = ("case", "day", "week", "month", "year")
WEEKS_PER_YEAR = 52.0
T = TypeVar("T")


# --- the spec ---------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """A mean and SD; an SD of 0 means the figure is known."""

    mean: float
    sd: float = 0.0


@dataclass(frozen=True)
class TimeStandard:
    """Hours per unit elicited as minimum, most likely and maximum (PERT)."""

    minimum: float
    most_likely: float
    maximum: float

    def pert(self) -> Pert:
        return Pert(self.minimum, self.most_likely, self.maximum)


@dataclass(frozen=True)
class WorkingTime:
    working_days: float
    public_holidays: float
    annual_leave: float
    other_leave: float
    hours_per_day: float
    hours_per_week: float
    sick_days: Spread


@dataclass(frozen=True)
class CostSpec:
    employer_ni_rate: float
    ni_threshold: float
    pension_rate: float
    other_rate: float
    budget: float | None


@dataclass(frozen=True)
class RoleSpec:
    key: str
    title: str
    kind: skillmix.RoleKind
    registered: bool
    grade: str
    salary: float
    in_post: float
    funded: float
    protected_share: float
    max_weighted_caseload: float | None
    min_fte: float
    max_fte: float | None
    supervises: tuple[str, ...]
    span: float | None


@dataclass(frozen=True)
class CaseTypeSpec:
    key: str
    title: str
    rates_per_10k: dict[str, float] | None
    openings_per_year: float | None
    cv: float
    duration_weeks: float
    weight: float
    holders: tuple[str, ...]


@dataclass(frozen=True)
class ActivitySpec:
    key: str
    title: str
    count: float | None
    per: str
    case_type: str | None
    per_opening: float
    per_open_case_per_year: float
    count_cv: float | None
    hours: TimeStandard
    eligible: tuple[str, ...]
    reserved: bool


@dataclass(frozen=True)
class SupportSpec:
    name: str
    hours: float
    per: str


@dataclass(frozen=True)
class AdditionalSpec:
    name: str
    hours_per_year: float
    persons: float
    role: str


@dataclass(frozen=True)
class DutySpec:
    contacts_per_day: float
    hours_per_day: float
    mean_handling_hours: float
    target_wait_hours: float
    service_level: float
    max_occupancy: float
    shrinkage: float


@dataclass(frozen=True)
class StaffingModelSpec:
    name: str
    service: Service
    year: int
    confidence: float
    replications: int
    seed: int
    working_time: WorkingTime
    vacancy: Spread
    costs: CostSpec
    population: dict[str, float]
    case_types: dict[str, CaseTypeSpec]
    activities: dict[str, ActivitySpec]
    support: tuple[SupportSpec, ...]
    additional: tuple[AdditionalSpec, ...]
    roles: dict[str, RoleSpec]
    duty: DutySpec | None


# --- errors -----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ModelFileError(ValueError):
    """Every problem found in a model file, one a line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class _Missing:
    pass


MISSING = _Missing()


def _shown(value: object) -> str:
    """A value as it would be written in TOML, for an error message."""
    if isinstance(value, _Missing):
        return "nothing"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:  # nan and inf
        return str(value)


class _Reader:
    """Reads fields with checks, noting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def expected(self, path: str, what: str, value: object) -> None:
        self.problem(path, f"expected {what}, got {_shown(value)}")

    def table(
        self, parent: Mapping[str, Any], key: str, path: str, *, required: bool = True
    ) -> dict[str, Any] | None:
        value = parent.get(key, MISSING)
        if isinstance(value, _Missing) and not required:
            return None
        if not isinstance(value, dict):
            self.expected(path, "a table", value)
            return {} if required else None
        return value

    def fields(self, table: Mapping[str, Any], path: str, known: tuple[str, ...]) -> None:
        for key in table:
            if key not in known:
                self.problem(
                    _join(path, key), f"not a field here; expected one of {', '.join(known)}"
                )

    def number(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        *,
        low: float = 0.0,
        high: float = math.inf,
        default: float | _Missing = MISSING,
        above: bool = False,
    ) -> float:
        value = table.get(key, MISSING)
        if isinstance(value, _Missing) and not isinstance(default, _Missing):
            return default
        ok = (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and (value > low if above else value >= low)
            and value <= high
        )
        if not ok:
            self.expected(_join(path, key), _range_text(low, high, above), value)
            return max(low, 0.0) if math.isfinite(low) else 0.0
        return float(cast(float, value))

    def optional_number(
        self, table: Mapping[str, Any], key: str, path: str, **limits: Any
    ) -> float | None:
        if key not in table:
            return None
        return self.number(table, key, path, **limits)

    def integer(self, table: Mapping[str, Any], key: str, path: str, *, low: int, high: int) -> int:
        value = table.get(key, MISSING)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.expected(_join(path, key), f"a whole number between {low:,} and {high:,}", value)
            return low
        return value

    def text(
        self, table: Mapping[str, Any], key: str, path: str, *, default: str | None = None
    ) -> str:
        value = table.get(key, MISSING)
        if isinstance(value, _Missing) and default is not None:
            return default
        if not isinstance(value, str) or not value.strip():
            self.expected(_join(path, key), "some text", value)
            return ""
        return value

    def choice(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        options: tuple[str, ...],
        *,
        default: str | None = None,
    ) -> str:
        value = table.get(key, MISSING)
        if isinstance(value, _Missing) and default is not None:
            return default
        if value not in options:
            self.expected(_join(path, key), "one of " + ", ".join(f'"{o}"' for o in options), value)
            return options[0]
        return cast(str, value)

    def boolean(self, table: Mapping[str, Any], key: str, path: str, *, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.expected(_join(path, key), "true or false", value)
            return default
        return value

    def names(
        self, table: Mapping[str, Any], key: str, path: str, *, required: bool = True
    ) -> tuple[str, ...]:
        value = table.get(key, MISSING if required else [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.expected(_join(path, key), "a list of names", value)
            return ()
        if required and not value:
            self.expected(_join(path, key), "at least one name", value)
        return tuple(value)

    def spread(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        *,
        high: float,
        default: Spread | None = None,
    ) -> Spread:
        """A plain number (known), or a table {mean, sd}."""
        value = table.get(key, MISSING)
        where = _join(path, key)
        if isinstance(value, _Missing) and default is not None:
            return default
        if isinstance(value, dict):
            self.fields(value, where, ("mean", "sd"))
            return Spread(
                mean=self.number(value, "mean", where, high=high),
                sd=self.number(value, "sd", where, high=high, default=0.0),
            )
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Spread(self.number(table, key, path, high=high))
        self.expected(where, f"a number up to {high:g}, or a table {{ mean, sd }}", value)
        return Spread(0.0)

    def each(
        self, parent: Mapping[str, Any], key: str, path: str, *, required: bool = True
    ) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(name, path, table) for each sub-table of a table of tables."""
        tables = self.table(parent, key, path, required=required) or {}
        if required and not tables:
            self.problem(path, "expected at least one entry")
        for name, table in tables.items():
            where = _join(path, name)
            if not isinstance(table, dict):
                self.expected(where, "a table", table)
                continue
            yield name, where, table

    def array(self, parent: Mapping[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """(path, table) for each table of an array of tables, which may be absent."""
        items = parent.get(key, [])
        if not isinstance(items, list):
            self.expected(key, "a list of tables ([[" + key + "]])", items)
            return
        for number, item in enumerate(items):
            where = f"{key}[{number}]"
            if not isinstance(item, dict):
                self.expected(where, "a table", item)
                continue
            yield where, item


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _range_text(low: float, high: float, above: bool) -> str:
    if math.isinf(high):
        return f"a number above {low:g}" if above else f"a number of at least {low:g}"
    if above:
        return f"a number above {low:g} and at most {high:g}"
    return f"a number between {low:g} and {high:g}"


# --- the loader -------------------------------------------------------------

TOP_LEVEL = (
    "model",
    "working_time",
    "vacancy",
    "costs",
    "population",
    "case_types",
    "activities",
    "support",
    "additional",
    "roles",
    "duty",
)
MODEL_FIELDS = ("name", "service", "year", "confidence", "replications", "seed")
WORKING_TIME_FIELDS = (
    "working_days",
    "public_holidays",
    "annual_leave",
    "other_leave",
    "hours_per_day",
    "hours_per_week",
    "sick_days",
)
COST_FIELDS = ("employer_ni_rate", "ni_threshold", "pension_rate", "other_rate", "budget")
ROLE_FIELDS = (
    "title",
    "kind",
    "registered",
    "grade",
    "salary",
    "in_post",
    "funded",
    "protected_share",
    "max_weighted_caseload",
    "min_fte",
    "max_fte",
    "supervises",
    "span",
)
CASE_TYPE_FIELDS = (
    "title",
    "rates_per_10k",
    "openings_per_year",
    "cv",
    "duration_weeks",
    "weight",
    "holders",
)
ACTIVITY_FIELDS = (
    "title",
    "count",
    "per",
    "case_type",
    "per_opening",
    "per_open_case_per_year",
    "count_cv",
    "hours",
    "eligible",
    "reserved",
)
DUTY_FIELDS = (
    "contacts_per_day",
    "hours_per_day",
    "mean_handling_hours",
    "target_wait_hours",
    "service_level",
    "max_occupancy",
    "shrinkage",
)
MAX_FTE = 10_000.0  # no single service employs more of one role
MAX_COUNT = 10_000_000.0


def load_model(text: str) -> StaffingModelSpec:
    """A checked model from TOML text, or a `ModelFileError` naming every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ModelFileError([Problem("file", f"not valid TOML: {error}")]) from None
    reader = _Reader()
    reader.fields(data, "", TOP_LEVEL)
    model = reader.table(data, "model", "model") or {}
    reader.fields(model, "model", MODEL_FIELDS)
    spec = StaffingModelSpec(
        name=reader.text(model, "name", "model"),
        service=cast(Service, reader.choice(model, "service", "model", SERVICES)),
        year=reader.integer(model, "year", "model", low=2000, high=2100),
        confidence=reader.number(model, "confidence", "model", low=0.5, high=0.99),
        replications=reader.integer(model, "replications", "model", low=100, high=1_000_000),
        seed=reader.integer(model, "seed", "model", low=0, high=2**63 - 1),
        working_time=_working_time(reader, data),
        vacancy=_vacancy(reader, data),
        costs=_costs(reader, data),
        population=_population(reader, data),
        case_types={
            key: _case_type(reader, key, path, table)
            for key, path, table in reader.each(data, "case_types", "case_types", required=False)
        },
        activities={
            key: _activity(reader, key, path, table)
            for key, path, table in reader.each(data, "activities", "activities")
        },
        support=tuple(
            _support(reader, path, table) for path, table in reader.array(data, "support")
        ),
        additional=tuple(
            _additional(reader, path, table) for path, table in reader.array(data, "additional")
        ),
        roles={
            key: _role(reader, key, path, table)
            for key, path, table in reader.each(data, "roles", "roles")
        },
        duty=_duty(reader, data),
    )
    _cross_check(reader, spec)
    if reader.problems:
        raise ModelFileError(reader.problems)
    return spec


def _working_time(reader: _Reader, data: Mapping[str, Any]) -> WorkingTime:
    table = reader.table(data, "working_time", "working_time") or {}
    path = "working_time"
    reader.fields(table, path, WORKING_TIME_FIELDS)
    working_time = WorkingTime(
        working_days=reader.number(table, "working_days", path, low=1, high=366),
        public_holidays=reader.number(table, "public_holidays", path, high=366),
        annual_leave=reader.number(table, "annual_leave", path, high=366),
        other_leave=reader.number(table, "other_leave", path, high=366, default=0.0),
        hours_per_day=reader.number(table, "hours_per_day", path, low=1, high=24),
        hours_per_week=reader.number(table, "hours_per_week", path, low=1, high=48),
        sick_days=reader.spread(table, "sick_days", path, high=366),
    )
    away = (
        working_time.public_holidays
        + working_time.annual_leave
        + working_time.other_leave
        + working_time.sick_days.mean
    )
    if away >= working_time.working_days and working_time.working_days:
        reader.problem(
            path,
            f"holidays, leave and sickness ({away:g} days) leave no working days "
            f"of {working_time.working_days:g}",
        )
    return working_time


def _vacancy(reader: _Reader, data: Mapping[str, Any]) -> Spread:
    table = reader.table(data, "vacancy", "vacancy", required=False) or {}
    reader.fields(table, "vacancy", ("rate",))
    vacancy = reader.spread(table, "rate", "vacancy", high=0.99, default=Spread(0.0))
    if vacancy.sd and not (
        0 < vacancy.mean < 1 and vacancy.sd**2 < vacancy.mean * (1 - vacancy.mean)
    ):
        reader.problem(
            "vacancy.rate.sd",
            f"expected an SD below {math.sqrt(vacancy.mean * (1 - vacancy.mean)):.3g} "
            f"for a mean of {vacancy.mean:g}, got {vacancy.sd:g}",
        )
    return vacancy


def _costs(reader: _Reader, data: Mapping[str, Any]) -> CostSpec:
    table = reader.table(data, "costs", "costs") or {}
    reader.fields(table, "costs", COST_FIELDS)
    return CostSpec(
        employer_ni_rate=reader.number(table, "employer_ni_rate", "costs", high=0.99),
        ni_threshold=reader.number(table, "ni_threshold", "costs", high=1_000_000),
        pension_rate=reader.number(table, "pension_rate", "costs", high=0.99),
        other_rate=reader.number(table, "other_rate", "costs", high=0.99, default=0.0),
        budget=reader.optional_number(table, "budget", "costs", high=1e10),
    )


def _population(reader: _Reader, data: Mapping[str, Any]) -> dict[str, float]:
    table = reader.table(data, "population", "population", required=False) or {}
    return {band: reader.number(table, band, "population", high=100_000_000) for band in table}


def _role(reader: _Reader, key: str, path: str, table: Mapping[str, Any]) -> RoleSpec:
    reader.fields(table, path, ROLE_FIELDS)
    in_post = reader.number(table, "in_post", path, high=MAX_FTE, default=0.0)
    return RoleSpec(
        key=key,
        title=reader.text(table, "title", path),
        kind=cast(skillmix.RoleKind, reader.choice(table, "kind", path, skillmix.ROLE_KINDS)),
        registered=reader.boolean(table, "registered", path, default=False),
        grade=reader.text(table, "grade", path, default="-"),
        salary=reader.number(table, "salary", path, high=500_000),
        in_post=in_post,
        funded=reader.number(table, "funded", path, high=MAX_FTE, default=in_post),
        protected_share=reader.number(table, "protected_share", path, high=0.5, default=0.0),
        max_weighted_caseload=reader.optional_number(
            table, "max_weighted_caseload", path, high=1_000, above=True
        ),
        min_fte=reader.number(table, "min_fte", path, high=MAX_FTE, default=0.0),
        max_fte=reader.optional_number(table, "max_fte", path, high=MAX_FTE),
        supervises=reader.names(table, "supervises", path, required=False),
        span=reader.optional_number(table, "span", path, high=100, above=True),
    )


def _case_type(reader: _Reader, key: str, path: str, table: Mapping[str, Any]) -> CaseTypeSpec:
    reader.fields(table, path, CASE_TYPE_FIELDS)
    rates_table = reader.table(table, "rates_per_10k", _join(path, "rates_per_10k"), required=False)
    rates = (
        None
        if rates_table is None
        else {
            band: reader.number(rates_table, band, _join(path, "rates_per_10k"), high=10_000)
            for band in rates_table
        }
    )
    openings = reader.optional_number(table, "openings_per_year", path, high=MAX_COUNT)
    if (rates is None) == (openings is None):
        reader.problem(
            path, "expected either rates_per_10k or openings_per_year, not both or neither"
        )
    return CaseTypeSpec(
        key=key,
        title=reader.text(table, "title", path),
        rates_per_10k=rates,
        openings_per_year=openings,
        cv=reader.number(table, "cv", path, high=2, default=0.0),
        duration_weeks=reader.number(table, "duration_weeks", path, high=52 * 25, above=True),
        weight=reader.number(table, "weight", path, high=100, default=1.0),
        holders=reader.names(table, "holders", path),
    )


def _activity(reader: _Reader, key: str, path: str, table: Mapping[str, Any]) -> ActivitySpec:
    reader.fields(table, path, ACTIVITY_FIELDS)
    count = reader.optional_number(table, "count", path, high=MAX_COUNT)
    case_type = table.get("case_type")
    if case_type is not None and not isinstance(case_type, str):
        reader.expected(_join(path, "case_type"), "the name of a case type", case_type)
        case_type = None
    if (count is None) == (case_type is None):
        reader.problem(path, "expected either count or case_type, not both or neither")
    if case_type is not None and "per" in table:
        reader.problem(
            _join(path, "per"), "applies only to a count; a case type's events are per case"
        )
    return ActivitySpec(
        key=key,
        title=reader.text(table, "title", path),
        count=count,
        per=reader.choice(table, "per", path, ACTIVITY_PER, default="case"),
        case_type=case_type,
        per_opening=reader.number(table, "per_opening", path, high=1_000, default=0.0),
        per_open_case_per_year=reader.number(
            table, "per_open_case_per_year", path, high=1_000, default=0.0
        ),
        count_cv=reader.optional_number(table, "count_cv", path, high=2),
        hours=_time_standard(reader, table, _join(path, "hours")),
        eligible=reader.names(table, "eligible", path),
        reserved=reader.boolean(table, "reserved", path, default=False),
    )


def _time_standard(reader: _Reader, parent: Mapping[str, Any], path: str) -> TimeStandard:
    value = parent.get("hours", MISSING)
    if not isinstance(value, dict):
        reader.expected(path, "a table { min, most_likely, max } of hours", value)
        return TimeStandard(0.0, 0.0, 0.0)
    reader.fields(value, path, ("min", "most_likely", "max"))
    standard = TimeStandard(
        minimum=reader.number(value, "min", path, high=10_000),
        most_likely=reader.number(value, "most_likely", path, high=10_000),
        maximum=reader.number(value, "max", path, high=10_000),
    )
    if not standard.minimum <= standard.most_likely <= standard.maximum:
        reader.problem(
            path,
            f"expected min <= most_likely <= max, got {standard.minimum:g}, "
            f"{standard.most_likely:g}, {standard.maximum:g}",
        )
    elif standard.maximum == 0:
        reader.problem(_join(path, "max"), "expected a number above 0, got 0")
    return standard


def _support(reader: _Reader, path: str, table: Mapping[str, Any]) -> SupportSpec:
    reader.fields(table, path, ("name", "hours", "per"))
    return SupportSpec(
        name=reader.text(table, "name", path),
        hours=reader.number(table, "hours", path, high=2_000),
        per=reader.choice(table, "per", path, SUPPORT_PER),
    )


def _additional(reader: _Reader, path: str, table: Mapping[str, Any]) -> AdditionalSpec:
    reader.fields(table, path, ("name", "hours_per_year", "persons", "role"))
    return AdditionalSpec(
        name=reader.text(table, "name", path),
        hours_per_year=reader.number(table, "hours_per_year", path, high=2_000),
        persons=reader.number(table, "persons", path, high=MAX_FTE),
        role=reader.text(table, "role", path),
    )


def _duty(reader: _Reader, data: Mapping[str, Any]) -> DutySpec | None:
    table = reader.table(data, "duty", "duty", required=False)
    if table is None:
        return None
    reader.fields(table, "duty", DUTY_FIELDS)
    return DutySpec(
        contacts_per_day=reader.number(table, "contacts_per_day", "duty", high=100_000),
        hours_per_day=reader.number(table, "hours_per_day", "duty", low=0, high=24, above=True),
        mean_handling_hours=reader.number(
            table, "mean_handling_hours", "duty", high=24, above=True
        ),
        target_wait_hours=reader.number(table, "target_wait_hours", "duty", high=24 * 7),
        service_level=reader.number(table, "service_level", "duty", high=0.999, above=True),
        max_occupancy=reader.number(
            table, "max_occupancy", "duty", high=1, above=True, default=1.0
        ),
        shrinkage=reader.number(table, "shrinkage", "duty", high=0.9, default=0.0),
    )


def _check_names(
    reader: _Reader, path: str, names: tuple[str, ...], known: Mapping[str, object], what: str
) -> None:
    for name in names:
        if name not in known:
            reader.expected(path, f"{what} ({', '.join(known) or 'none defined'})", name)


def _cross_check(reader: _Reader, spec: StaffingModelSpec) -> None:
    """Names that must refer to something defined elsewhere in the file."""
    roles = spec.roles
    for key, role in spec.roles.items():
        path = f"roles.{key}"
        _check_names(reader, _join(path, "supervises"), role.supervises, roles, "a role")
        if bool(role.supervises) != (role.span is not None):
            reader.problem(path, "expected supervises and span together, or neither")
        if role.max_fte is not None and role.max_fte < role.min_fte:
            reader.expected(
                _join(path, "max_fte"),
                f"a number of at least min_fte ({role.min_fte:g})",
                role.max_fte,
            )
    for key, case_type in spec.case_types.items():
        path = f"case_types.{key}"
        _check_names(reader, _join(path, "holders"), case_type.holders, roles, "a role")
        for holder in case_type.holders:
            if holder in roles and roles[holder].max_weighted_caseload is None:
                reader.problem(
                    _join(path, "holders"),
                    f"{holder} holds cases, so roles.{holder}.max_weighted_caseload is needed",
                )
        if case_type.rates_per_10k is not None:
            missing = [band for band in spec.population if band not in case_type.rates_per_10k]
            if missing or not spec.population:
                reader.problem(
                    _join(path, "rates_per_10k"),
                    "expected a rate for every age band in [population]"
                    + (f"; missing {', '.join(json.dumps(b) for b in missing)}" if missing else ""),
                )
    for key, item in spec.activities.items():
        path = f"activities.{key}"
        _check_names(reader, _join(path, "eligible"), item.eligible, roles, "a role")
        if item.case_type is not None and item.case_type not in spec.case_types:
            reader.expected(
                _join(path, "case_type"),
                f"a case type ({', '.join(spec.case_types) or 'none defined'})",
                item.case_type,
            )
        if item.reserved:
            unregistered = [n for n in item.eligible if n in roles and not roles[n].registered]
            if unregistered:
                reader.problem(
                    _join(path, "eligible"),
                    "reserved work may only be done by registered roles; "
                    f"{', '.join(unregistered)} is not registered",
                )
    for number, extra in enumerate(spec.additional):
        if extra.role and extra.role not in roles:
            reader.expected(
                f"additional[{number}].role", f"a role ({', '.join(roles)})", extra.role
            )


# --- from a spec to the pure models -----------------------------------------


def openings(spec: StaffingModelSpec) -> dict[str, float]:
    """Cases opened a year by case type, from population and need rates or as given."""
    flows: dict[str, float] = {}
    for key, case_type in spec.case_types.items():
        if case_type.rates_per_10k is not None:
            flows[key] = demand.demand_from_population(
                population=spec.population, rates_per_10k=case_type.rates_per_10k
            )
        else:
            flows[key] = case_type.openings_per_year or 0.0
    return flows


def mean_open_cases(spec: StaffingModelSpec) -> dict[str, float]:
    """Little's law: openings a year x mean years open."""
    durations = {key: c.duration_weeks / WEEKS_PER_YEAR for key, c in spec.case_types.items()}
    return demand.open_cases_by_type(arrivals=openings(spec), mean_durations=durations)


def activity_counts(spec: StaffingModelSpec) -> dict[str, float]:
    """Mean units a year of each activity, ready to multiply by hours per unit."""
    flows, stock = openings(spec), mean_open_cases(spec)
    counts: dict[str, float] = {}
    for key, item in spec.activities.items():
        if item.case_type is None:
            counts[key] = activity(
                count=item.count or 0.0,
                hours=1.0,
                per=cast(Any, item.per),
                days_per_year=spec.working_time.working_days,
            ).annual_count
        else:
            rule = demand.EventRule(
                case_type=item.case_type,
                activity=key,
                per_opening=item.per_opening,
                per_open_case_per_year=item.per_open_case_per_year,
            )
            counts[key] = demand.activity_counts(
                openings_per_year=flows, open_cases=stock, rules=[rule]
            )[key]
    return counts


def _support_activities(spec: StaffingModelSpec) -> list[SupportActivity]:
    return [SupportActivity(s.hours, cast(Any, s.per), s.name) for s in spec.support]


def _base_inputs(spec: StaffingModelSpec, *, activities: list[Any], existing: float) -> WisnInputs:
    time = spec.working_time
    return WisnInputs(
        working_days=time.working_days,
        public_holidays=time.public_holidays,
        annual_leave=time.annual_leave,
        sick_leave=time.sick_days.mean,
        other_leave=time.other_leave,
        hours_per_day=time.hours_per_day,
        hours_per_week=time.hours_per_week,
        activities=activities,
        support=_support_activities(spec),
        additional=[
            AdditionalActivity(a.hours_per_year, a.persons, a.name) for a in spec.additional
        ],
        existing_staff=existing,
    )


def activity_staff_in_post(spec: StaffingModelSpec) -> float:
    """FTE in post in roles that may do at least one activity: WISN's existing staff."""
    doers = {name for item in spec.activities.values() for name in item.eligible}
    return sum(role.in_post for key, role in spec.roles.items() if key in doers)


def wisn_inputs(spec: StaffingModelSpec) -> WisnInputs:
    """The whole service as one WISN staff category, with mean counts and
    each time standard's PERT mean (min + 4 most likely + max) / 6."""
    counts = activity_counts(spec)
    activities = [
        activity(count=counts[key], hours=item.hours.pert().mean, name=key)
        for key, item in spec.activities.items()
    ]
    return _base_inputs(spec, activities=activities, existing=activity_staff_in_post(spec))


def uncertain_activities(spec: StaffingModelSpec) -> dict[str, UncertainActivity]:
    """Counts from a negative binomial with the activity's CV (or its case
    type's), hours from the PERT of its time standard."""
    counts = activity_counts(spec)
    result: dict[str, UncertainActivity] = {}
    for key, item in spec.activities.items():
        cv = item.count_cv
        if cv is None:
            cv = spec.case_types[item.case_type].cv if item.case_type else 0.0
        result[key] = UncertainActivity(NegativeBinomial(counts[key], cv), item.hours.pert(), key)
    return result


def _uncertain(spread: Spread, make: Callable[[float, float], T]) -> T | float:
    return make(spread.mean, spread.sd) if spread.sd else spread.mean


def staffing_model(spec: StaffingModelSpec) -> StaffingModel:
    """The Monte Carlo model of the whole service: uncertain demand, time
    standards, sickness and vacancy."""
    base = _base_inputs(spec, activities=[], existing=activity_staff_in_post(spec))
    sick: Uncertain = cast(Uncertain, _uncertain(spec.working_time.sick_days, Gamma))
    vacancy: Uncertain = cast(Uncertain, _uncertain(spec.vacancy, Beta))
    return StaffingModel(
        base=base,
        activities=list(uncertain_activities(spec).values()),
        sick_leave=sick,
        vacancy_rate=vacancy,
    )


def awt_hours(spec: StaffingModelSpec) -> float:
    return available_working_hours(_base_inputs(spec, activities=[], existing=0.0))


def hours_per_fte(spec: StaffingModelSpec) -> float:
    """Hours a year one FTE has for activities: AWT less support time,
    that is AWT x (1 - CAS)."""
    awt = awt_hours(spec)
    time = spec.working_time
    share, annual = support_split(
        _support_activities(spec),
        hours_per_day=time.hours_per_day,
        hours_per_week=time.hours_per_week,
    )
    return max(0.0, awt * (1 - share) - annual)


def on_costs(spec: StaffingModelSpec) -> costs.OnCosts:
    return costs.OnCosts(
        employer_ni_rate=spec.costs.employer_ni_rate,
        ni_threshold=spec.costs.ni_threshold,
        pension_rate=spec.costs.pension_rate,
        other_rate=spec.costs.other_rate,
    )


def role_costs(spec: StaffingModelSpec) -> dict[str, float]:
    """Each role's cost per FTE: salary with on-costs."""
    rates = on_costs(spec)
    return {key: costs.cost_per_fte(role.salary, rates) for key, role in spec.roles.items()}


def skill_mix_problem(
    spec: StaffingModelSpec,
    *,
    demand_hours: Mapping[str, float],
    open_cases: Mapping[str, float],
) -> skillmix.SkillMixProblem:
    """The MILP for this model, given activity hours and open cases at the chosen level.

    Protected time is a share of working time (AWT), and each additional
    activity is work only its named role may do.
    """
    per_fte, awt, prices = hours_per_fte(spec), awt_hours(spec), role_costs(spec)
    roles = [
        skillmix.Role(
            key=key,
            kind=role.kind,
            registered=role.registered,
            cost_per_fte=prices[key],
            hours_per_fte=per_fte,
            protected_hours=min(per_fte, role.protected_share * awt),
            max_weighted_caseload=role.max_weighted_caseload,
            min_fte=role.min_fte,
            max_fte=role.max_fte,
        )
        for key, role in spec.roles.items()
    ]
    activities = [
        skillmix.Activity(key, demand_hours[key], item.eligible, item.reserved)
        for key, item in spec.activities.items()
    ]
    activities += [
        skillmix.Activity(
            f"additional: {extra.name}", extra.hours_per_year * extra.persons, (extra.role,)
        )
        for extra in spec.additional
    ]
    case_types = [
        skillmix.CaseType(key, open_cases[key] * case_type.weight, case_type.holders)
        for key, case_type in spec.case_types.items()
    ]
    spans = [
        skillmix.Span(f"{key} span", (key,), role.supervises, role.span)
        for key, role in spec.roles.items()
        if role.span is not None
    ]
    return skillmix.SkillMixProblem(
        roles=roles,
        activities=activities,
        case_types=case_types,
        spans=spans,
        budget=spec.costs.budget,
    )


def run_skill_mix(
    spec: StaffingModelSpec, *, replications: int | None = None, seed: int | None = None
) -> skillmix.SkillMixResult:
    """The cheapest establishment covering demand at the model's confidence level."""
    draws = skillmix.activity_hour_draws(
        uncertain_activities(spec),
        replications=replications or spec.replications,
        seed=spec.seed if seed is None else seed,
    )
    hours = skillmix.demand_at_confidence(draws, spec.confidence)
    cases = {
        key: skillmix.open_cases_at_confidence(mean, spec.confidence)
        for key, mean in mean_open_cases(spec).items()
    }
    return skillmix.optimise_skill_mix(
        skill_mix_problem(spec, demand_hours=hours, open_cases=cases)
    )


def duty_rota(spec: StaffingModelSpec) -> erlang.DutyRota | None:
    """The duty rota by Erlang C, in hours, when the model has a duty team."""
    if spec.duty is None:
        return None
    duty = spec.duty
    return erlang.duty_rota(
        arrival_rate=duty.contacts_per_day / duty.hours_per_day,
        mean_service_time=duty.mean_handling_hours,
        target_wait=duty.target_wait_hours,
        service_level=duty.service_level,
        max_occupancy=duty.max_occupancy,
        shrinkage=duty.shrinkage,
    )
