"""A stored run's result, shaped for its page and its CSV.

Figures are kept unrounded in the run's result; rounding is for showing only:
FTE to one place, chances to whole percentages, money to whole pounds.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safeworkload.staffing.models import StaffingModel, StaffingRun


def fte(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def money(value: float | None) -> str:
    if value is None:
        return "–"
    sign = "−" if round(value) < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


def ratio(value: float | None) -> str:
    return "no work" if value is None else f"{value:.2f}"


@dataclass(frozen=True)
class Measure:
    """One row of the scenarios table: a label and how to read it from a result."""

    label: str
    read: Callable[[dict[str, Any]], float | None]
    show: Callable[[float | None], str]


def _gap(key: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda r: None if r["gap"] is None else r["gap"][key]


def _role(key: str, field: str) -> Callable[[dict[str, Any]], float | None]:
    def read(result: dict[str, Any]) -> float | None:
        row = next((role for role in result["roles"] if role["key"] == key), None)
        return None if row is None else row[field]

    return read


def measures(baseline: dict[str, Any]) -> list[Measure]:
    """The rows of the scenarios table, the same for every column."""
    rows = [
        Measure("FTE in post (roles that do the work)", lambda r: r["monte_carlo"]["in_post"], fte),
        Measure("Funded FTE", lambda r: r["monte_carlo"]["funded"], fte),
        Measure("Required FTE, P50", lambda r: r["monte_carlo"]["p50"], fte),
        Measure("Required FTE, P80", lambda r: r["monte_carlo"]["p80"], fte),
        Measure("Required FTE, P90", lambda r: r["monte_carlo"]["p90"], fte),
        Measure(
            "Chance the staff in post are enough",
            lambda r: r["monte_carlo"]["probability_enough"],
            percent,
        ),
        Measure("WISN ratio", lambda r: r["wisn"]["ratio"], ratio),
        Measure("Cheapest establishment, a year", lambda r: r["skill_mix"]["cost"], money),
        Measure("Needed but not in post, a year", _gap("shortfall_cost"), money),
        Measure("Needed but not funded, a year", _gap("unfunded_cost"), money),
    ]
    for role in baseline["roles"]:
        rows.append(Measure(f"{role['title']}: in post", _role(role["key"], "in_post"), fte))
        rows.append(
            Measure(f"{role['title']}: WISN ratio", _role(role["key"], "wisn_ratio"), ratio)
        )
    return rows


@dataclass(frozen=True)
class ScenarioTable:
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    raw: list[tuple[str, list[float | None]]]


def scenario_table(result: dict[str, Any]) -> ScenarioTable:
    """The model and each scenario side by side."""
    columns = [("The model as it is", result["baseline"])] + [
        (scenario["name"], scenario["result"]) for scenario in result["scenarios"]
    ]
    rows, raw = [], []
    for measure in measures(result["baseline"]):
        values = [measure.read(data) for _, data in columns]
        rows.append((measure.label, [measure.show(v) for v in values]))
        raw.append((measure.label, values))
    return ScenarioTable([name for name, _ in columns], rows, raw)


@dataclass(frozen=True)
class RoleRow:
    title: str
    in_post: float
    funded: float
    wisn_required: float
    wisn_ratio: float | None
    wisn_pressure: str
    p50: float | None
    p80: float | None
    p90: float | None
    at_confidence: float | None
    shortfall: float | None
    shortfall_cost: float | None
    unfunded_cost: float | None


def role_rows(result: dict[str, Any]) -> list[RoleRow]:
    levels = result["levels"]

    def at(level: str, key: str) -> float | None:
        mix = levels.get(level)
        return None if mix is None else mix.get(key)

    return [
        RoleRow(
            title=role["title"],
            in_post=role["in_post"],
            funded=role["funded"],
            wisn_required=role["wisn_required"],
            wisn_ratio=role["wisn_ratio"],
            wisn_pressure=role["wisn_pressure"],
            p50=at("p50", role["key"]),
            p80=at("p80", role["key"]),
            p90=at("p90", role["key"]),
            at_confidence=role["required"],
            shortfall=role["shortfall"],
            shortfall_cost=role["shortfall_cost"],
            unfunded_cost=role["unfunded_cost"],
        )
        for role in result["baseline"]["roles"]
    ]


def model_runs(model: StaffingModel) -> list[StaffingRun]:
    return list(model.runs.select_related("started_by").order_by("-created_at", "-id"))


def models_for(organisation_id: int) -> list[StaffingModel]:
    return list(
        StaffingModel.objects.filter(organisation_id=organisation_id)
        .select_related("team")
        .order_by("-updated_at", "-id")
    )
