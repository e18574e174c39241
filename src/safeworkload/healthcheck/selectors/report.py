"""The health check report: what a wave of the practitioner survey says, safe to publish.

Every figure is about a group of respondents, and no figure is shown for fewer than the
wave's ``min_group`` people (SUR-02). The cuts (team, service area, role, grade,
experience) are 1-D splits of the wave's published total, so each goes through
``calc.suppression.suppress_groups``: small groups are hidden and a second group is
hidden whenever the total minus the visible groups would isolate one (SUR-03). A group
whose size moved by a few people since last year's wave is hidden too
(``safe_between_waves``), and gets its complement the same way.

Scores are the mean answer on the 1-5 agreement items of an area, turned to 0-100
(0 the worst answer, 100 the best); ``reverse_scored`` items are turned round first.
The mean is over answers, not people, so an area's score weighs each answered item once.

The query count does not grow with the number of responses: each figure is one grouped
aggregate, whatever the size of the organisation (benchmarks/health_check_report.py).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django_scopes import scope

from safeworkload.calc.suppression import safe_between_waves, suppress_nested
from safeworkload.caseloads.models import Breach
from safeworkload.healthcheck.models import (
    Answer,
    Comment,
    Finding,
    PlanAction,
    Question,
    Rating,
    Response,
    SelfAssessment,
    Survey,
)
from safeworkload.organisations.models import Organisation, Team

Area = Question.Area

# The areas scored 0-100, in the order the report shows them.
SCORED_AREAS: tuple[str, ...] = (
    Area.WORKLOAD,
    Area.WELLBEING,
    Area.DEMANDS,
    Area.CONTROL,
    Area.MANAGER_SUPPORT,
    Area.PEER_SUPPORT,
    Area.RELATIONSHIPS,
    Area.ROLE,
    Area.CHANGE,
)
AREA_LABELS: dict[str, str] = dict(Area.choices)

# The cuts, as (Response field, label). "" in a field is "Prefer not to say".
CUTS: tuple[tuple[str, str], ...] = (
    ("team_id", "Team"),
    ("service_area", "Service area"),
    ("role", "Role"),
    ("grade", "Grade"),
    ("experience", "Experience"),
)
NOT_GIVEN = "Not given"

# Extra hours a week over contracted, as (upper bound or None, label); the first band
# is "no more than contracted".
EXTRA_HOUR_BANDS: tuple[tuple[Decimal | None, str], ...] = (
    (Decimal(0), "No more than contracted"),
    (Decimal(2), "Up to 2 hours more"),
    (Decimal(5), "Over 2 and up to 5 hours more"),
    (Decimal(10), "Over 5 and up to 10 hours more"),
    (None, "Over 10 hours more"),
)

YES = Decimal(2)  # "1 No, 2 Yes" (and "3 Prefer not to say" for bullying)
SHARE_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("supervision_could_not_get", "Could not get supervision when they needed it last month"),
    ("bullying_seen", "Have seen bullying or harassment at work"),
    ("bullying_experienced", "Have experienced bullying or harassment at work"),
)
SUPERVISION_LAST_MONTH = "supervision_last_month"
INTENTION_TO_STAY = "intention_to_stay"
HOURS_CONTRACTED, HOURS_WORKED = "hours_contracted", "hours_worked"
SUSTAINED = Breach.Kind.SUSTAINED_OVERLOAD


def _one_place(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    return _one_place(Decimal(100) * part / whole) if whole else None


# ---------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True)
class ItemScale:
    """What a scored question needs: its area, code and the range of its option values."""

    code: str
    area: str
    low: Decimal
    high: Decimal
    reverse: bool

    def points(self, n: int, total: Decimal) -> Decimal:
        """The sum of ``n`` answers adding up to ``total``, each turned to 0-100."""
        span = self.high - self.low
        raised = (n * self.high - total) if self.reverse else (total - n * self.low)
        return Decimal(100) * raised / span


def _item_scales(questions: Iterable[Question]) -> dict[int, ItemScale]:
    scales = {}
    for q in questions:
        options = q.scale.definition if isinstance(q.scale.definition, list) else []
        values = [Decimal(str(o["value"])) for o in options if "value" in o]
        if q.area in SCORED_AREAS and len(values) >= 2:
            scales[q.pk] = ItemScale(q.code, q.area, min(values), max(values), q.reverse_scored)
    return scales


@dataclass
class Tally:
    """Answers counted towards one score: how many, their points, the fewest per item."""

    answers: int = 0
    points: Decimal = Decimal(0)
    per_item: dict[str, int] = field(default_factory=dict)

    def add(self, item: ItemScale, n: int, total: Decimal) -> None:
        self.answers += n
        self.points += item.points(n, total)
        self.per_item[item.code] = self.per_item.get(item.code, 0) + n

    def answerers(self, codes: Iterable[str]) -> int:
        """A lower bound on the people behind the score: the most answers to any one of
        ``codes`` (each person answers an item once). Optional items some people skip do
        not hide the area."""
        return max((self.per_item.get(code, 0) for code in codes), default=0)

    @property
    def score(self) -> Decimal | None:
        return _one_place(self.points / self.answers) if self.answers else None


def _tallies(
    rows: Iterable[Mapping[str, Any]],
    scales: Mapping[int, ItemScale],
    *,
    group: str | None = None,
    codes: set[str] | None = None,
) -> dict[object, dict[str, Tally]]:
    """Grouped (question, n, total) rows into tallies per group and area."""
    out: dict[object, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for row in rows:
        item = scales.get(row["question_id"])
        if item is None or (codes is not None and item.code not in codes):
            continue
        key = row[group] if group else None
        out[key][item.area].add(item, int(row["n"]), Decimal(row["total"]))
    return out


def _grouped_answers(answers: QuerySet[Answer], *fields: str) -> QuerySet[Answer, dict[str, Any]]:
    return (
        answers.order_by()
        .values("question_id", *fields)
        .annotate(n=Count("pk"), total=Sum("value"))
    )


# ---------------------------------------------------------------------------
# What the report holds


@dataclass
class AreaScore:
    area: str
    label: str
    score: Decimal | None
    answerers: int
    last_year: Decimal | None = None
    change: Decimal | None = None
    region: Decimal | None = None

    @property
    def region_difference(self) -> Decimal | None:
        if self.score is None or self.region is None:
            return None
        return self.score - self.region


@dataclass
class GroupRow:
    key: str
    label: str
    respondents: int | None  # None: hidden
    scores: dict[str, Decimal | None]

    @property
    def hidden(self) -> bool:
        return self.respondents is None


@dataclass
class Cut:
    field: str
    label: str
    rows: list[GroupRow]
    hidden_groups: int
    # The hidden groups together, when they reach the minimum (never their breakdown).
    combined: GroupRow | None


@dataclass
class Band:
    label: str
    count: int
    share: Decimal | None


@dataclass
class Hours:
    answered: int
    bands: list[Band]
    more_than_contracted: Decimal | None  # share of those who answered both
    mean_extra: Decimal | None  # hours a week, over everyone who answered both


@dataclass
class Share:
    code: str
    label: str
    answered: int
    yes: int
    share: Decimal | None


@dataclass
class TeamMeasure:
    team: str
    respondents: int
    manager_support: Decimal | None
    workers_in_sustained_breach: int
    supervision_share: Decimal | None  # had 90 minutes of supervision in the month


@dataclass
class RatingRow:
    code: str
    text: str
    value: int
    label: str
    evidence: str


@dataclass
class HealthCheckReport:
    survey: Survey
    min_group: int
    respondents: int | None  # None: below the minimum, and then nothing else is shown
    areas: list[AreaScore] = field(default_factory=list)
    previous: Survey | None = None
    region_organisations: int = 0
    hours: Hours | None = None
    shares: list[Share] = field(default_factory=list)
    supervision: list[Band] = field(default_factory=list)
    intention: list[Band] = field(default_factory=list)
    comments: list[str] | None = None
    cuts: list[Cut] = field(default_factory=list)
    teams: list[TeamMeasure] = field(default_factory=list)
    supervision_month: date | None = None
    self_assessment: list[RatingRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    previous_actions: list[PlanAction] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.respondents is not None

    def share(self, code: str) -> Share | None:
        return next((s for s in self.shares if s.code == code), None)

    def area(self, area: str) -> AreaScore | None:
        return next((a for a in self.areas if a.area == area), None)


# ---------------------------------------------------------------------------
# Lists


def report_surveys(*, organisation: Organisation) -> list[tuple[Survey, int | None]]:
    """The organisation's waves, newest first, with their respondents (None below the minimum)."""
    surveys = list(
        Survey.objects.filter(organisation=organisation)
        .annotate(n=Count("responses"))
        .order_by("-year", "-id")
    )
    return [(s, s.n if s.n >= s.min_group else None) for s in surveys]


def previous_wave(survey: Survey) -> Survey | None:
    """Last year's wave of the same organisation (the latest one, if there were several)."""
    return (
        Survey.objects.filter(organisation_id=survey.organisation_id, year=survey.year - 1)
        .order_by("-id")
        .first()
    )


# ---------------------------------------------------------------------------
# The report


def survey_report(*, survey: Survey, today: date | None = None) -> HealthCheckReport:
    """Everything the report page, its CSV and its PDF show, every figure already suppressed."""
    min_group = survey.min_group
    respondents = Response.objects.filter(survey=survey).count()
    report = HealthCheckReport(survey=survey, min_group=min_group, respondents=None)
    report.previous = previous_wave(survey)
    report.self_assessment = _self_assessment(survey)
    report.findings = list(
        Finding.objects.filter(survey=survey).prefetch_related("actions").order_by("pk")
    )
    if report.previous is not None:
        report.previous_actions = list(
            PlanAction.objects.filter(finding__survey=report.previous).select_related("finding")
        )
    if respondents < min_group:
        return report
    report.respondents = respondents

    questions = list(
        Question.objects.filter(instrument_id=survey.instrument_id).select_related("scale")
    )
    scales = _item_scales(questions)
    by_code = {q.code: q for q in questions}
    answers = Answer.objects.filter(response__survey=survey)
    scored = answers.filter(question_id__in=list(scales))
    overall = _tallies(_grouped_answers(scored), scales).get(None, {})
    area_codes = _area_codes(scales.values())
    report.areas = [
        AreaScore(
            area=area,
            label=AREA_LABELS[area],
            score=tally.score if tally.answerers(area_codes[area]) >= min_group else None,
            answerers=tally.answerers(area_codes[area]),
        )
        for area in SCORED_AREAS
        if (tally := overall.get(area)) is not None
    ]
    if report.previous is not None:
        _compare_with_last_year(report, scales, area_codes)
    _compare_with_region(report, scales)
    values = _value_counts(answers, by_code)
    report.shares = [
        _share(code, label, values.get(code, {}), min_group) for code, label in SHARE_QUESTIONS
    ]
    report.supervision = _distribution(by_code.get(SUPERVISION_LAST_MONTH), values, min_group)
    report.intention = _distribution(by_code.get(INTENTION_TO_STAY), values, min_group)
    report.hours = _hours(answers, by_code, min_group)
    report.comments = list(
        Comment.objects.filter(survey=survey).order_by("id").values_list("text", flat=True)
    )
    report.cuts = _cuts(survey, report.previous, scored, scales, area_codes, overall, respondents)
    reference = today or survey.closes_on or timezone.localdate()
    _operational(report, reference)
    return report


def _area_codes(items: Iterable[ItemScale]) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = defaultdict(set)
    for item in items:
        codes[item.area].add(item.code)
    return codes


def _self_assessment(survey: Survey) -> list[RatingRow]:
    assessment = SelfAssessment.objects.filter(
        organisation_id=survey.organisation_id, year=survey.year
    ).first()
    if assessment is None:
        return []
    rows = []
    for rating in Rating.objects.filter(assessment=assessment).select_related("question__scale"):
        options = rating.question.scale.definition
        labels = (
            {o.get("value"): o.get("label", "") for o in options}
            if isinstance(options, list)
            else {}
        )
        rows.append(
            RatingRow(
                code=rating.question.code,
                text=rating.question.text,
                value=rating.value,
                label=str(labels.get(rating.value, rating.value)),
                evidence=rating.evidence,
            )
        )
    return sorted(rows, key=lambda r: (len(r.code), r.code))


def _compare_with_last_year(
    report: HealthCheckReport, scales: Mapping[int, ItemScale], area_codes: Mapping[str, set[str]]
) -> None:
    """Each area against last year's wave, on the question codes both waves asked, where
    both waves pass their minimum."""
    previous = report.previous
    assert previous is not None
    if Response.objects.filter(survey=previous).count() < previous.min_group:
        return
    prev_questions = Question.objects.filter(instrument_id=previous.instrument_id).select_related(
        "scale"
    )
    prev_scales = _item_scales(prev_questions)
    common = {i.code for i in prev_scales.values()} & {i.code for i in scales.values()}
    rows = _grouped_answers(
        Answer.objects.filter(response__survey=previous, question_id__in=list(prev_scales))
    )
    before = _tallies(rows, prev_scales, codes=common).get(None, {})
    now = _tallies(
        _grouped_answers(
            Answer.objects.filter(response__survey=report.survey, question_id__in=list(scales))
        ),
        scales,
        codes=common,
    ).get(None, {})
    for area in report.areas:
        codes = area_codes[area.area] & common
        was, is_ = before.get(area.area), now.get(area.area)
        if area.score is None or not codes or was is None or is_ is None:
            continue
        if was.answerers(codes) < previous.min_group or is_.answerers(codes) < report.min_group:
            continue
        if was.score is not None and is_.score is not None:
            area.last_year = was.score
            area.change = is_.score - was.score


def _compare_with_region(report: HealthCheckReport, scales: Mapping[int, ItemScale]) -> None:
    """Each area against the region's organisations in the same year, pooled.

    Only waves that pass their own minimum are pooled: a region figure that included a
    small, hidden wave could give that wave away when every other organisation
    publishes its own report. At least two organisations are needed for a comparison
    that is not with yourself. The region's other organisations are outside the
    request's scope, so their aggregates are read in a scope of the region's
    organisations, never unscoped.
    """
    organisation = report.survey.organisation
    ids = list(
        Organisation.objects.filter(region_id=organisation.region_id).values_list("pk", flat=True)
    )
    with scope(organisation=ids):
        waves = [
            s
            for s in Survey.objects.filter(organisation_id__in=ids, year=report.survey.year)
            .annotate(n=Count("responses"))
            .order_by("organisation_id", "-id")
            if s.n >= s.min_group
        ]
        latest = list({s.organisation_id: s for s in reversed(waves)}.values())
        report.region_organisations = len(latest)
        if len(latest) < 2:
            return
        rows = list(
            _grouped_answers(
                Answer.objects.filter(response__survey__in=latest, question__area__in=SCORED_AREAS)
            )
        )
    region_scales = _item_scales(
        Question.objects.filter(pk__in={r["question_id"] for r in rows}).select_related("scale")
    )
    codes = {i.code for i in scales.values()}
    pooled = _tallies(rows, region_scales, codes=codes).get(None, {})
    for area in report.areas:
        tally = pooled.get(area.area)
        if area.score is not None and tally is not None:
            area.region = tally.score


def _value_counts(
    answers: QuerySet[Answer], by_code: Mapping[str, Question]
) -> dict[str, dict[Decimal, int]]:
    wanted = [c for c, _ in SHARE_QUESTIONS] + [SUPERVISION_LAST_MONTH, INTENTION_TO_STAY]
    ids = {by_code[c].pk: c for c in wanted if c in by_code}
    counts: dict[str, dict[Decimal, int]] = defaultdict(dict)
    rows = (
        answers.filter(question_id__in=list(ids))
        .order_by()
        .values("question_id", "value")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[ids[row["question_id"]]][Decimal(row["value"])] = row["n"]
    return counts


def _share(code: str, label: str, counts: Mapping[Decimal, int], min_group: int) -> Share:
    answered = sum(counts.values())
    yes = counts.get(YES, 0)
    shown = answered >= min_group
    return Share(
        code,
        label,
        answered if shown else 0,
        yes if shown else 0,
        share(yes, answered) if shown else None,
    )


def _distribution(
    question: Question | None, values: Mapping[str, Mapping[Decimal, int]], min_group: int
) -> list[Band]:
    """Each option's share of those who answered, when at least ``min_group`` did."""
    if question is None:
        return []
    counts = values.get(question.code, {})
    answered = sum(counts.values())
    if answered < min_group:
        return []
    options = question.scale.definition if isinstance(question.scale.definition, list) else []
    return [
        Band(str(o["label"]), n, share(n, answered))
        for o in options
        for n in [counts.get(Decimal(str(o["value"])), 0)]
    ]


def _hours(
    answers: QuerySet[Answer], by_code: Mapping[str, Question], min_group: int
) -> Hours | None:
    """Hours worked against contracted, for those who gave both."""
    contracted, worked = by_code.get(HOURS_CONTRACTED), by_code.get(HOURS_WORKED)
    if contracted is None or worked is None:
        return None
    pairs: dict[object, dict[int, Decimal]] = defaultdict(dict)
    rows = answers.filter(question_id__in=[contracted.pk, worked.pk]).values_list(
        "response_id", "question_id", "value"
    )
    for response_id, question_id, value in rows:
        pairs[response_id][question_id] = value
    extra = [p[worked.pk] - p[contracted.pk] for p in pairs.values() if len(p) == 2]
    if len(extra) < min_group:
        return None
    counts = [0] * len(EXTRA_HOUR_BANDS)
    for hours in extra:
        counts[_band_of(hours)] += 1
    return Hours(
        answered=len(extra),
        bands=[
            Band(label, n, share(n, len(extra)))
            for (_, label), n in zip(EXTRA_HOUR_BANDS, counts, strict=True)
        ],
        more_than_contracted=share(sum(1 for h in extra if h > 0), len(extra)),
        mean_extra=_one_place(sum(extra, Decimal(0)) / len(extra)),
    )


def _band_of(extra: Decimal) -> int:
    for position, (upper, _) in enumerate(EXTRA_HOUR_BANDS):
        if upper is None or extra <= upper:
            return position
    return len(EXTRA_HOUR_BANDS) - 1  # pragma: no cover - the last band has no upper bound


# ---------------------------------------------------------------------------
# Cuts


def group_sizes(survey: Survey) -> dict[str, dict[str, int]]:
    """Respondents per group of each cut ("" is "Prefer not to say"), in one query."""
    fields = [f for f, _ in CUTS]
    sizes: dict[str, dict[str, int]] = {f: defaultdict(int) for f in fields}
    rows = Response.objects.filter(survey=survey).order_by().values(*fields).annotate(n=Count("pk"))
    for row in rows:
        for f in fields:
            sizes[f][_key(row[f])] += row["n"]
    return {f: dict(v) for f, v in sizes.items()}


def _key(value: object) -> str:
    return "" if value is None else str(value)


def _cuts(
    survey: Survey,
    previous: Survey | None,
    scored: QuerySet[Answer],
    scales: Mapping[int, ItemScale],
    area_codes: Mapping[str, set[str]],
    overall: Mapping[str, Tally],
    respondents: int,
) -> list[Cut]:
    sizes = group_sizes(survey)
    before = group_sizes(previous) if previous is not None else {}
    team_ids = [int(k) for k in sizes["team_id"] if k]
    team_names = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name"))
    labels: dict[str, Mapping[str, str]] = {
        "team_id": {str(pk): name for pk, name in team_names.items()},
        "service_area": dict(Team.ServiceArea.choices),
    }
    cuts = []
    for field_name, label in CUTS:
        current = sizes[field_name]
        moved = safe_between_waves(before.get(field_name, {}), current, min_group=survey.min_group)
        by_size = suppress_nested(respondents, current, min_group=survey.min_group, also_hide=moved)
        rows = _grouped_answers(scored, f"response__{field_name}")
        tallies: dict[str, dict[str, Tally]] = {
            _key(k): v for k, v in _tallies(rows, scales, group=f"response__{field_name}").items()
        }
        hidden_in_area = _area_suppression(
            current, tallies, overall, area_codes, by_size.hidden, survey.min_group
        )
        names = labels.get(field_name, {})
        group_rows = [
            GroupRow(
                key=key,
                label=names.get(key, key) if key else NOT_GIVEN,
                respondents=None if key in by_size.hidden else n,
                scores={
                    area: None
                    if key in hidden_in_area[area]
                    else tallies.get(key, {}).get(area, Tally()).score
                    for area in SCORED_AREAS
                },
            )
            for key, n in sorted(
                current.items(), key=lambda kv: (kv[0] == "", names.get(kv[0], kv[0]))
            )
        ]
        cuts.append(
            Cut(
                field=field_name,
                label=label,
                rows=group_rows,
                hidden_groups=len(by_size.hidden),
                combined=_combined(by_size.hidden, current, tallies, area_codes, hidden_in_area)
                # With every group hidden, "together" would only repeat the total.
                if by_size.combined_shown and len(by_size.hidden) < len(current)
                else None,
            )
        )
    return cuts


def _area_suppression(
    sizes: Mapping[str, int],
    tallies: Mapping[str, Mapping[str, Tally]],
    overall: Mapping[str, Tally],
    area_codes: Mapping[str, set[str]],
    hidden: frozenset[str],
    min_group: int,
) -> dict[str, frozenset[str]]:
    """Per area, the groups whose score is hidden: those hidden by size, and those with
    too few answers to the area's items, with complements against the area's total."""
    out = {}
    for area in SCORED_AREAS:
        codes = area_codes.get(area, set())
        answerers = {
            key: (t.answerers(codes) if (t := tallies.get(key, {}).get(area)) else 0)
            for key in sizes
        }
        parent = overall[area].answerers(codes) if area in overall else 0
        result = suppress_nested(
            max(parent, sum(answerers.values())), answerers, min_group=min_group, also_hide=hidden
        )
        out[area] = result.hidden
    return out


def _combined(
    hidden: Iterable[str],
    sizes: Mapping[str, int],
    tallies: Mapping[str, Mapping[str, Tally]],
    area_codes: Mapping[str, set[str]],
    hidden_in_area: Mapping[str, frozenset[str]],
) -> GroupRow:
    """The hidden groups as one row. An area's score is left out when that area hid more
    groups than the cut did: the two combined figures would differ by the extra groups."""
    hidden = frozenset(hidden)
    together: dict[str, Tally] = defaultdict(Tally)
    for key in hidden:
        for area, tally in tallies.get(key, {}).items():
            merged = together[area]
            merged.answers += tally.answers
            merged.points += tally.points
            for code, n in tally.per_item.items():
                merged.per_item[code] = merged.per_item.get(code, 0) + n
    return GroupRow(
        key="",
        label="Smaller groups together",
        respondents=sum(sizes[k] for k in hidden),
        scores={
            area: t.score
            if hidden_in_area[area] == hidden and (t := together.get(area)) is not None
            else None
            for area in SCORED_AREAS
        },
    )


# ---------------------------------------------------------------------------
# Operational measures beside culture (reference/04 section 7 item 8)


def _operational(report: HealthCheckReport, reference: date) -> None:
    """Per team shown in the team cut: its manager-support score, its workers in an open
    sustained-overload breach, and last month's share with 90 minutes of supervision."""
    from safeworkload.supervision.selectors import month_answers

    team_cut = next((c for c in report.cuts if c.field == "team_id"), None)
    if team_cut is None:
        return
    shown = [r for r in team_cut.rows if r.key and not r.hidden]
    if not shown:
        return
    organisation = report.survey.organisation
    breaches = dict(
        Breach.objects.filter(
            organisation=organisation,
            kind=SUSTAINED,
            status=Breach.Status.OPEN,
            team_id__in=[int(r.key) for r in shown],
        )
        .order_by()
        .values("team_id")
        .annotate(n=Count("person", distinct=True))
        .values_list("team_id", "n")
    )
    month = (reference.replace(day=1) - timedelta(days=1)).replace(day=1)
    supervision = {
        g.name: g.share for g in month_answers(organisation=organisation, month=month).teams
    }
    report.supervision_month = month
    report.teams = [
        TeamMeasure(
            team=r.label,
            respondents=r.respondents or 0,
            manager_support=r.scores.get(Area.MANAGER_SUPPORT),
            workers_in_sustained_breach=breaches.get(int(r.key), 0),
            supervision_share=supervision.get(r.label),
        )
        for r in shown
    ]


# ---------------------------------------------------------------------------
# The region


@dataclass
class RegionRow:
    organisation: Organisation
    survey: Survey | None
    respondents: int | None  # None: no wave, or too few to show
    scores: dict[str, Decimal | None]


def region_years(*, organisation_ids: Sequence[int]) -> list[int]:
    return sorted(
        set(
            Survey.objects.filter(organisation_id__in=organisation_ids).values_list(
                "year", flat=True
            )
        ),
        reverse=True,
    )


def region_health_check(*, organisations: Sequence[Organisation], year: int) -> list[RegionRow]:
    """Per organisation, its latest wave of ``year`` and the headline scores, each hidden
    below that wave's minimum. No region-wide figure is given: with one organisation
    hidden, it would be the region total minus the visible ones."""
    waves = {
        s.organisation_id: s
        for s in Survey.objects.filter(organisation__in=organisations, year=year)
        .annotate(n=Count("responses"))
        .order_by("organisation_id", "id")
    }
    shown = [s for s in waves.values() if s.n >= s.min_group]
    rows = list(
        _grouped_answers(
            Answer.objects.filter(response__survey__in=shown, question__area__in=SCORED_AREAS),
            "response__survey_id",
        )
    )
    scales = _item_scales(
        Question.objects.filter(pk__in={r["question_id"] for r in rows}).select_related("scale")
    )
    tallies = _tallies(rows, scales, group="response__survey_id")
    codes = _area_codes(scales.values())
    out = []
    for organisation in organisations:
        wave = waves.get(organisation.pk)
        passes = wave is not None and wave in shown
        by_area = tallies.get(wave.pk, {}) if passes and wave is not None else {}
        out.append(
            RegionRow(
                organisation=organisation,
                survey=wave,
                respondents=wave.n if passes and wave is not None else None,
                scores={
                    area: t.score
                    if (t := by_area.get(area)) is not None
                    and wave is not None
                    and t.answerers(codes[area]) >= wave.min_group
                    else None
                    for area in SCORED_AREAS
                },
            )
        )
    return out
