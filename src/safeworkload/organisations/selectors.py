from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from safeworkload.organisations.models import Membership, Organisation, Person, Region, Team
from safeworkload.organisations.tenancy import Tenancy

ZERO = Decimal("0")


def current_people(*, on: date) -> QuerySet[Person]:
    return Person.objects.filter(start_date__lte=on).exclude(end_date__lt=on)


def visible_people(*, tenancy: Tenancy) -> QuerySet[Person]:
    """The staff records the acting roles may open.

    Leads and admins see everyone; a team manager sees the people in the teams
    they manage; anyone else sees only their own record.
    """
    people = Person.objects.filter(organisation=tenancy.organisation).select_related("team")
    if tenancy.has("can_view_all_people"):
        return people
    me = tenancy.person.pk if tenancy.person else None
    if tenancy.has("can_view_people") and me is not None:
        return people.filter(Q(team__manager_id=me) | Q(pk=me))
    if tenancy.has("can_view_own_record") and me is not None:
        return people.filter(pk=me)
    return people.none()


def person_list(
    *, tenancy: Tenancy, search: str = "", team_id: int | None = None, job_role: str = ""
) -> QuerySet[Person]:
    people = visible_people(tenancy=tenancy)
    if search:
        for word in search.split():
            people = people.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(staff_number__iexact=word)
            )
    if team_id:
        people = people.filter(team_id=team_id)
    if job_role:
        people = people.filter(job_role=job_role)
    return people


def team_list(*, organisation: Organisation, on: date) -> QuerySet[Team]:
    active = Q(members__start_date__lte=on) & (
        Q(members__end_date__isnull=True) | Q(members__end_date__gte=on)
    )
    return (
        Team.objects.filter(organisation=organisation)
        .select_related("manager")
        .annotate(
            headcount=Count("members", filter=active, distinct=True),
            contracted_hours=Coalesce(
                Sum("members__contracted_hours", filter=active),
                ZERO,
                output_field=DecimalField(),
            ),
        )
    )


@dataclass(frozen=True)
class StaffFigures:
    headcount: int
    fte: Decimal
    registered_social_workers: int
    agency: int
    teams: int

    @property
    def agency_percent(self) -> Decimal:
        if not self.headcount:
            return ZERO
        return (Decimal(self.agency) * 100 / self.headcount).quantize(Decimal("0.1"))


def staff_figures(*, organisations: list[Organisation], on: date) -> dict[int, StaffFigures]:
    """Headline staff figures for each organisation, in two queries whatever their size."""
    rows = (
        current_people(on=on)
        .filter(organisation__in=organisations)
        .values("organisation")
        .annotate(
            headcount=Count("pk"),
            hours=Coalesce(Sum("contracted_hours"), ZERO, output_field=DecimalField()),
            registered=Count("pk", filter=Q(registered=True)),
            agency=Count("pk", filter=Q(employment_type=Person.EmploymentType.AGENCY)),
        )
    )
    by_id = {row["organisation"]: row for row in rows}
    teams = dict(
        Team.objects.filter(organisation__in=organisations)
        .values("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    figures = {}
    for organisation in organisations:
        row = by_id.get(
            organisation.pk, {"headcount": 0, "hours": ZERO, "registered": 0, "agency": 0}
        )
        figures[organisation.pk] = StaffFigures(
            headcount=row["headcount"],
            fte=(row["hours"] / organisation.standard_weekly_hours).quantize(Decimal("0.1")),
            registered_social_workers=row["registered"],
            agency=row["agency"],
            teams=teams.get(organisation.pk, 0),
        )
    return figures


def people_by_role(*, organisation: Organisation, on: date) -> list[tuple[str, int]]:
    rows = (
        current_people(on=on)
        .filter(organisation=organisation)
        .values("job_role")
        .annotate(n=Count("pk"))
        .order_by("job_role")
    )
    labels = dict(Person.JobRole.choices)
    return [(labels[row["job_role"]], row["n"]) for row in rows]


def membership_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related("user", "person")


def region_organisations(*, region: Region) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region=region).order_by("name")
