"""Reading an organisation's caseload standard: case types, scheme versions
and their weights, the escalation ladder and a worker's reductions."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from safeworkload.caseloads.models import (
    CaseType,
    CaseWeight,
    EscalationLevel,
    Reduction,
    WeightingScheme,
)
from safeworkload.organisations.models import Organisation, Person, Team

TIERS = (1, 2, 3)
AREAS = Team.ServiceArea


def area_label(service_area: str) -> str:
    return str(dict(AREAS.choices)[service_area])


@dataclass(frozen=True)
class AreaCaseTypes:
    service_area: str
    label: str
    case_types: list[CaseType]


def case_types_by_area(*, organisation: Organisation) -> list[AreaCaseTypes]:
    """Every service area, with its case types by name and how many cases each has."""
    types = (
        CaseType.objects.filter(organisation=organisation)
        .annotate(case_count=Count("cases"))
        .order_by("service_area", "name")
    )
    grouped: dict[str, list[CaseType]] = {area: [] for area in AREAS.values}
    for case_type in types:
        grouped.setdefault(case_type.service_area, []).append(case_type)
    return [AreaCaseTypes(area, area_label(area), grouped[area]) for area in AREAS.values]


@dataclass(frozen=True)
class Version:
    scheme: WeightingScheme
    status: str  # "in force", "future" or "past"

    @property
    def editable(self) -> bool:
        return self.status == "future"


@dataclass(frozen=True)
class AreaSchemes:
    service_area: str
    label: str
    versions: list[Version]  # latest first

    @property
    def in_force(self) -> WeightingScheme | None:
        return next((v.scheme for v in self.versions if v.status == "in force"), None)


def version_status(scheme: WeightingScheme, *, on: date) -> str:
    if scheme.effective_from > on:
        return "future"
    in_force = (
        WeightingScheme.objects.filter(
            organisation_id=scheme.organisation_id,
            service_area=scheme.service_area,
            effective_from__lte=on,
        )
        .order_by("-effective_from")
        .values_list("pk", flat=True)
        .first()
    )
    return "in force" if in_force == scheme.pk else "past"


def schemes_by_area(*, organisation: Organisation, on: date) -> list[AreaSchemes]:
    """Every service area with its versions, latest first, each marked in force,
    future or past on the day given."""
    schemes = WeightingScheme.objects.filter(organisation=organisation).order_by(
        "service_area", "-effective_from"
    )
    grouped: dict[str, list[WeightingScheme]] = {area: [] for area in AREAS.values}
    for scheme in schemes:
        grouped.setdefault(scheme.service_area, []).append(scheme)
    result = []
    for area in AREAS.values:
        versions: list[Version] = []
        found_in_force = False
        for scheme in grouped[area]:
            if scheme.effective_from > on:
                status = "future"
            elif not found_in_force:
                status, found_in_force = "in force", True
            else:
                status = "past"
            versions.append(Version(scheme, status))
        result.append(AreaSchemes(area, area_label(area), versions))
    return result


@dataclass(frozen=True)
class WeightRow:
    case_type: CaseType
    points: tuple[Decimal | None, Decimal | None, Decimal | None]  # tiers 1, 2, 3

    @property
    def complete(self) -> bool:
        return all(p is not None for p in self.points)


def weight_rows(*, scheme: WeightingScheme) -> list[WeightRow]:
    """One row per case type of the scheme's service area, with its points at
    each tier (None where the version has no weight for it)."""
    table = {
        (w.case_type_id, w.tier): w.points
        for w in CaseWeight.objects.filter(scheme=scheme).only("case_type_id", "tier", "points")
    }
    types = CaseType.objects.filter(
        organisation_id=scheme.organisation_id, service_area=scheme.service_area
    ).order_by("name")
    return [
        WeightRow(t, (table.get((t.pk, 1)), table.get((t.pk, 2)), table.get((t.pk, 3))))
        for t in types
    ]


def escalation_ladder(*, organisation: Organisation) -> list[EscalationLevel]:
    return list(EscalationLevel.objects.filter(organisation=organisation).order_by("rank"))


@dataclass(frozen=True)
class ReductionRow:
    reduction: Reduction
    status: str  # "in force", "starts later" or "ended"

    @property
    def can_end(self) -> bool:
        return self.status != "ended"


def reduction_rows(*, person: Person, on: date) -> list[ReductionRow]:
    rows = []
    for reduction in Reduction.objects.filter(person=person).order_by("-starts_on", "-pk"):
        if reduction.expires_on < on:
            status = "ended"
        elif reduction.starts_on > on:
            status = "starts later"
        else:
            status = "in force"
        rows.append(ReductionRow(reduction, status))
    return rows


def people_for_reductions(*, organisation: Organisation, search: str) -> QuerySet[Person]:
    """Staff records matching a name or staff number, for the reductions search."""
    people = Person.objects.filter(organisation=organisation).select_related("team")
    for word in search.split():
        people = people.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(staff_number__iexact=word)
        )
    return people.annotate(reduction_count=Count("reductions")).order_by(
        "family_name", "given_name"
    )
