"""A first model file from the organisation's own records.

The builder starts from the example model for the service (adults.toml or
childrens.toml) and puts in what the organisation's records can tell:

- staff in post by role: active people's contracted hours over the
  organisation's standard week;
- funded FTE by role: the funded posts (workforce.Post);
- cases opened a year and weeks open, by the model's case types: cases opened
  and cases closed in the last 52 weeks;
- supervision hours per person per month: supervision sessions held;
- sickness days per person a year: sickness absences recorded;
- the share of time with people: time-use samples (shown for comparison; the
  model file has no field for it).

Every figure says where it came from. A figure with no records behind it is
the example's, and says so, so nobody mistakes it for the organisation's own.
"""

import statistics
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet

from safeworkload.calc.timeuse import CATEGORY_KEYS, NoHoursError, shares
from safeworkload.caseloads.models import Case
from safeworkload.organisations.models import Absence, Organisation, Person, Team
from safeworkload.staffing import modelfile
from safeworkload.staffing.selectors.toml_text import Path as DataPath
from safeworkload.staffing.selectors.toml_text import dumps, get_path, set_path
from safeworkload.supervision.models import Session
from safeworkload.timeuse.models import TimeSample
from safeworkload.workforce.models import Post

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LOOKBACK = timedelta(weeks=52)
# Fewer closed cases than this give no useful mean: the example's is kept.
MIN_CLOSED_CASES = 5
# The spread of weeks open when there are too few closed cases to measure it:
# a coefficient of variation of 1, as an exponential duration would have.
DEFAULT_DURATION_CV = 1.0
WEEKS_PER_YEAR = 52

SERVICE_OF_AREA = {Team.ServiceArea.ADULTS: "adults", Team.ServiceArea.CHILDREN: "childrens"}
AREA_OF_SERVICE = {service: area for area, service in SERVICE_OF_AREA.items()}
# A person's job role -> the example model's role; a job role left out (the
# service lead) is not part of a team's establishment.
ROLE_OF_JOB = {
    "adults": {
        "social_worker": "social_worker",
        "senior_practitioner": "senior_practitioner",
        "newly_qualified": "newly_qualified",
        "occupational_therapist": "occupational_therapist",
        "assistant": "assistant",
        "administrator": "administrator",
        "team_manager": "team_manager",
    },
    "childrens": {
        "social_worker": "social_worker",
        "senior_practitioner": "senior_practitioner",
        "newly_qualified": "newly_qualified",
        "assistant": "family_support_worker",
        "administrator": "administrator",
        "team_manager": "team_manager",
    },
}


def model_case_type(service: str, code: str, name: str) -> str:
    """The example model's case type that one of the organisation's case types counts as."""
    text = f"{code} {name}".lower()
    if service == "adults":
        if "s42" in text or "safeguard" in text:
            return "safeguarding"
        if "review" in text:
            return "long_term"
        return "assessment"
    if "s47" in text or "protection" in text:
        return "child_protection"
    if "assessment" in text:
        return "assessment"
    return "child_in_need"


@dataclass(frozen=True)
class Figure:
    """One figure of the builder's form: where it goes in the file, and where it came from."""

    path: DataPath
    label: str
    value: float | None
    source: str
    from_records: bool
    # The hint under the field, when the label alone does not say what to enter.
    hint: str = ""

    @property
    def name(self) -> str:
        """The form field's name (and id): the path with double underscores."""
        return "__".join(str(part) for part in self.path)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": list(self.path),
            "label": self.label,
            "source": self.source,
            "from_records": self.from_records,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Note:
    """A figure shown beside the model for comparison, not put in the file."""

    label: str
    value: str
    source: str


@dataclass(frozen=True)
class Scope:
    """What a model covers: one team, or every team of a service area."""

    organisation: Organisation
    team: Team | None
    area: str

    @property
    def service(self) -> str:
        return SERVICE_OF_AREA[Team.ServiceArea(self.area)]

    @property
    def label(self) -> str:
        if self.team is not None:
            return self.team.name
        return f"{Team.ServiceArea(self.area).label} (every team)"

    @property
    def key(self) -> str:
        return f"team-{self.team.pk}" if self.team else f"area-{self.area}"

    def teams(self) -> QuerySet[Team]:
        teams = Team.objects.filter(organisation=self.organisation)
        if self.team is not None:
            return teams.filter(pk=self.team.pk)
        return teams.filter(service_area=self.area)


@dataclass
class Prefill:
    scope: Scope
    data: dict[str, Any]
    figures: list[Figure]
    notes: list[Note] = field(default_factory=list)
    duration_cv: dict[str, float] = field(default_factory=dict)

    @property
    def toml(self) -> str:
        return dumps(self.data)

    def sources(self) -> dict[str, Any]:
        """What StaffingModel.sources keeps: enough to show the sources again."""
        return {
            "scope": self.scope.label,
            "figures": [figure.as_json() for figure in self.figures],
            "notes": [{"label": n.label, "value": n.value, "source": n.source} for n in self.notes],
            "duration_cv": self.duration_cv,
        }


def scope_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """(key, label) for every scope a model can cover: each service area, then each team."""
    choices = [(f"area-{area.value}", f"{area.label} (every team)") for area in Team.ServiceArea]
    choices += [
        (f"team-{team.pk}", team.name) for team in Team.objects.filter(organisation=organisation)
    ]
    return choices


def scope_from_key(organisation: Organisation, key: str) -> Scope | None:
    """The scope a key from ``scope_choices`` names, or None for anything else."""
    kind, _, rest = key.partition("-")
    if kind == "area" and rest in Team.ServiceArea.values:
        return Scope(organisation, None, rest)
    if kind == "team" and rest.isdigit():
        team = Team.objects.filter(organisation=organisation, pk=int(rest)).first()
        if team is not None:
            return Scope(organisation, team, team.service_area)
    return None


def example_data(service: str) -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / f"{service}.toml").read_text(encoding="utf-8"))


def _people(scope: Scope, today: date) -> QuerySet[Person]:
    return Person.objects.filter(
        organisation=scope.organisation, team__in=scope.teams(), start_date__lte=today
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def _round(value: float | Decimal, places: int = 2) -> float:
    return round(float(value), places)


def staff_by_role(scope: Scope, today: date) -> tuple[dict[str, float], int]:
    """FTE in post by the example's role, and how many people that counts."""
    roles = ROLE_OF_JOB[scope.service]
    week = scope.organisation.standard_weekly_hours
    fte: dict[str, Decimal] = defaultdict(Decimal)
    people = 0
    for job_role, hours in _people(scope, today).values_list("job_role", "contracted_hours"):
        if job_role in roles:
            fte[roles[job_role]] += hours / week
            people += 1
    return {role: _round(value) for role, value in fte.items()}, people


def funded_by_role(scope: Scope) -> tuple[dict[str, float], int]:
    """Funded FTE by the example's role, and how many posts that counts."""
    roles = ROLE_OF_JOB[scope.service]
    funded: dict[str, Decimal] = defaultdict(Decimal)
    posts = 0
    rows = Post.objects.filter(organisation=scope.organisation, team__in=scope.teams())
    for job_role, fte in rows.values_list("job_role", "funded_fte"):
        if job_role in roles:
            funded[roles[job_role]] += fte
            posts += 1
    return {role: _round(value) for role, value in funded.items()}, posts


@dataclass(frozen=True)
class CaseFlow:
    """One model case type's cases in the last 52 weeks."""

    opened: int
    durations: tuple[float, ...]  # weeks open, of the cases closed
    kinds: tuple[str, ...]  # the organisation's case types counted in it

    @property
    def mean_weeks(self) -> float | None:
        if len(self.durations) < MIN_CLOSED_CASES:
            return None
        return statistics.fmean(self.durations)

    @property
    def sd_weeks(self) -> float | None:
        if len(self.durations) < MIN_CLOSED_CASES:
            return None
        return statistics.stdev(self.durations)


def case_flows(scope: Scope, today: date) -> dict[str, CaseFlow]:
    """Cases opened, and weeks open of cases closed, in the last 52 weeks, by model case type."""
    since = today - LOOKBACK
    cases = Case.objects.filter(organisation=scope.organisation, team__in=scope.teams())
    opened: dict[str, int] = defaultdict(int)
    durations: dict[str, list[float]] = defaultdict(list)
    kinds: dict[str, set[str]] = defaultdict(set)
    rows = cases.filter(Q(opened_on__gt=since) | Q(closed_on__gt=since)).values_list(
        "case_type__code", "case_type__name", "opened_on", "closed_on"
    )
    for code, name, opened_on, closed_on in rows:
        key = model_case_type(scope.service, code, name)
        kinds[key].add(name)
        if since < opened_on <= today:
            opened[key] += 1
        if closed_on is not None and since < closed_on <= today:
            durations[key].append((closed_on - opened_on).days / 7)
    return {
        key: CaseFlow(opened[key], tuple(durations[key]), tuple(sorted(kinds[key])))
        for key in kinds
    }


def supervision_hours(scope: Scope, today: date) -> tuple[float, int] | None:
    """Mean hours of supervision held per person supervised per month, and the sessions."""
    held = Session.objects.filter(
        organisation=scope.organisation,
        status=Session.Status.HELD,
        held_on__gt=today - LOOKBACK,
        held_on__lte=today,
        supervisee__in=_people(scope, today),
        minutes__isnull=False,
    ).values_list("supervisee_id", "minutes")
    minutes: dict[int, int] = defaultdict(int)
    sessions = 0
    for supervisee, length in held:
        minutes[supervisee] += length or 0
        sessions += 1
    if not sessions:
        return None
    per_person_year = sum(minutes.values()) / 60 / len(minutes)
    return _round(per_person_year / 12), sessions


def _working_days(start: date, end: date) -> int:
    """Monday to Friday from ``start`` to ``end``, both included."""
    return int(np.busday_count(start, end + timedelta(days=1)))


def sickness_days(scope: Scope, today: date, headcount: int) -> tuple[float, int] | None:
    """Working days of sickness a person a year, and the spells it counts."""
    since = today - LOOKBACK
    spells = Absence.objects.filter(
        organisation=scope.organisation,
        kind=Absence.Kind.SICKNESS,
        person__in=_people(scope, today),
        ends_on__gt=since,
        starts_on__lte=today,
    ).values_list("starts_on", "ends_on")
    days, count = 0, 0
    for starts_on, ends_on in spells:
        days += _working_days(max(starts_on, since + timedelta(days=1)), min(ends_on, today))
        count += 1
    if not count or not headcount:
        return None
    return _round(days / headcount, 1), count


def direct_share(scope: Scope, today: date) -> tuple[Decimal, int] | None:
    """The share of worked time with people in the time-use samples, and the samples."""
    samples = list(
        TimeSample.objects.filter(
            organisation=scope.organisation,
            team__in=scope.teams(),
            week_starting__gt=today - LOOKBACK,
        ).values_list(*CATEGORY_KEYS)
    )
    if not samples:
        return None
    totals = {
        key: sum((row[i] for row in samples), Decimal(0)) for i, key in enumerate(CATEGORY_KEYS)
    }
    try:
        return shares(totals).direct_pct, len(samples)
    except NoHoursError:
        return None


def _role_figures(scope: Scope, data: dict[str, Any], today: date) -> Iterable[Figure]:
    in_post, people = staff_by_role(scope, today)
    funded, posts = funded_by_role(scope)
    for key, role in data.get("roles", {}).items():
        title = role.get("title", key)
        example_in_post = role.get("in_post", 0.0)
        if people:
            value = in_post.get(key, 0.0)
            source = f"from {_plural(people, 'person', 'people')} in post in {scope.label}"
        else:
            value = example_in_post
            source = "example figure: no people in post recorded here yet"
        yield Figure(
            ("roles", key, "in_post"), f"{title}: FTE in post", value, source, bool(people)
        )
        if posts:
            fund = funded.get(key, 0.0)
            source = f"from {_plural(posts, 'funded post')} in {scope.label}"
        elif people:
            fund = value
            source = "no funded posts recorded here: taken as the FTE in post"
        else:
            fund = role.get("funded", example_in_post)
            source = "example figure: no funded posts recorded here yet"
        yield Figure(("roles", key, "funded"), f"{title}: funded FTE", fund, source, bool(posts))


def _case_figures(
    scope: Scope, data: dict[str, Any], today: date, duration_cv: dict[str, float]
) -> Iterable[Figure]:
    flows = case_flows(scope, today)
    spec_openings = _example_openings(data)
    for key, case_type in data.get("case_types", {}).items():
        title = case_type.get("title", key)
        flow = flows.get(key)
        kinds = f" ({', '.join(flow.kinds)})" if flow and flow.kinds else ""
        if flow and flow.opened:
            openings: float | None = float(flow.opened)
            source = f"from {_plural(flow.opened, 'case')} opened in the last 52 weeks{kinds}"
        elif "openings_per_year" in case_type:
            openings = case_type["openings_per_year"]
            source = "example figure: no cases of this kind opened here in the last 52 weeks"
        else:
            openings = None
            source = (
                "example figure: no cases of this kind opened here in the last 52 weeks; "
                f"the file's population and need rates give {spec_openings.get(key, 0):,.0f}"
            )
        yield Figure(
            ("case_types", key, "openings_per_year"),
            f"{title}: cases opened a year",
            openings,
            source,
            bool(flow and flow.opened),
            hint="Leave empty to use the population and need rates in the model file.",
        )
        mean = flow.mean_weeks if flow else None
        if flow is not None and mean is not None and flow.sd_weeks is not None:
            duration = _round(mean, 1)
            duration_cv[key] = _round(flow.sd_weeks / mean, 3) if mean else DEFAULT_DURATION_CV
            closed = len(flow.durations)
            source = (
                f"from {_plural(closed, 'case')} closed in the last 52 weeks "
                f"(mean {mean:.1f} weeks, SD {flow.sd_weeks:.1f})"
            )
        else:
            duration = case_type.get("duration_weeks", 1.0)
            duration_cv[key] = DEFAULT_DURATION_CV
            source = (
                f"example figure: fewer than {MIN_CLOSED_CASES} cases of this kind "
                "closed here in the last 52 weeks"
            )
        yield Figure(
            ("case_types", key, "duration_weeks"),
            f"{title}: mean weeks open",
            duration,
            source,
            mean is not None,
        )


def _example_openings(data: dict[str, Any]) -> dict[str, float]:
    try:
        return modelfile.openings(modelfile.load_model(dumps(data)))
    except modelfile.ModelFileError:
        return {}


def _time_figures(scope: Scope, data: dict[str, Any], today: date, headcount: int) -> list[Figure]:
    figures = []
    sick = get_path(data, ("working_time", "sick_days"))
    sick_path: DataPath = (
        ("working_time", "sick_days", "mean")
        if isinstance(sick, dict)
        else (
            "working_time",
            "sick_days",
        )
    )
    example_sick = get_path(data, sick_path)
    measured = sickness_days(scope, today, headcount)
    if measured is not None:
        figures.append(
            Figure(
                sick_path,
                "Sickness: working days a person a year",
                measured[0],
                f"from {_plural(measured[1], 'sickness absence')} recorded in the last 52 weeks, "
                f"over {_plural(headcount, 'person', 'people')}",
                True,
            )
        )
    else:
        figures.append(
            Figure(
                sick_path,
                "Sickness: working days a person a year",
                example_sick,
                "example figure: no sickness absence recorded here in the last 52 weeks",
                False,
            )
        )
    for number, support in enumerate(data.get("support", [])):
        if "supervision" not in str(support.get("name", "")).lower():
            continue
        held = supervision_hours(scope, today)
        path: DataPath = ("support", number, "hours")
        if held is not None and support.get("per") == "month":
            figures.append(
                Figure(
                    path,
                    "Supervision: hours a person a month",
                    held[0],
                    f"from {_plural(held[1], 'supervision session')} held in the last 52 weeks",
                    True,
                )
            )
        else:
            figures.append(
                Figure(
                    path,
                    f"Supervision: hours a person a {support.get('per', 'month')}",
                    support.get("hours"),
                    "example figure: no supervision sessions recorded here in the last 52 weeks",
                    False,
                )
            )
    return figures


def prefill(scope: Scope, *, today: date) -> Prefill:
    """The example model for the scope's service with the organisation's own figures put in."""
    data = example_data(scope.service)
    data["model"]["name"] = f"{scope.label}, {scope.organisation.name}"
    data["model"]["year"] = today.year
    _, headcount = staff_by_role(scope, today)
    duration_cv: dict[str, float] = {}
    figures = [
        *_role_figures(scope, data, today),
        *_case_figures(scope, data, today, duration_cv),
        *_time_figures(scope, data, today, headcount),
    ]
    for figure in figures:
        apply_figure(data, figure.path, figure.value)
    notes = []
    measured = direct_share(scope, today)
    if measured is not None:
        notes.append(
            Note(
                "Share of time with people",
                f"{measured[0]}%",
                f"from {_plural(measured[1], 'time-use sample')} in the last 52 weeks "
                "(the aim is 80%)",
            )
        )
    else:
        notes.append(
            Note("Share of time with people", "not known", "no time-use samples recorded yet")
        )
    return Prefill(scope, data, figures, notes, duration_cv)


def apply_figure(data: dict[str, Any], path: DataPath, value: float | None) -> None:
    """Put one figure in the file's data. Cases opened replace the population and
    need rates; an empty figure leaves the file as it is."""
    if value is None:
        return
    if path[0] == "case_types" and path[-1] == "openings_per_year":
        case_type = get_path(data, path[:-1])
        if isinstance(case_type, dict):
            case_type.pop("rates_per_10k", None)
    set_path(data, path, value)
