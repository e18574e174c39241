"""What each role's home page shows, gathered in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet

from safeworkload.bank.models import Offer
from safeworkload.bank.selectors.pool import worker_of_user
from safeworkload.calc.experience import LABELS as EXPERIENCE_LABELS
from safeworkload.caseloads.selectors.capacity import WorkerLoad, worker_loads
from safeworkload.organisations.models import Organisation, Region, Team
from safeworkload.organisations.selectors import (
    StaffFigures,
    people_by_role,
    region_organisations,
    staff_figures,
    team_list,
)
from safeworkload.organisations.tenancy import Tenancy
from safeworkload.supervision.selectors import Glance, glance
from safeworkload.workforce.selectors import VacancyFigures, vacancy_figures


@dataclass(frozen=True)
class OrganisationRow:
    organisation: Organisation
    staff: StaffFigures
    vacancies: VacancyFigures


@dataclass
class HomeSummary:
    organisation_rows: list[OrganisationRow] = field(default_factory=list)
    teams: QuerySet[Team] | None = None
    by_role: list[tuple[str, int]] = field(default_factory=list)
    experience: str = ""
    load: WorkerLoad | None = None
    supervision: Glance | None = None
    bank: "BankGlance | None" = None


@dataclass(frozen=True)
class BankGlance:
    """A relief-bank worker's work at a glance: offers to answer, work to come."""

    offers_waiting: int
    work_to_come: int


def home_summary(
    *, tenancy: Tenancy, on: date, user: AbstractBaseUser | AnonymousUser | None = None
) -> HomeSummary:
    summary = HomeSummary()
    if tenancy.region is not None and tenancy.has("can_work_bank") and user is not None:
        summary.bank = _bank_glance(tenancy.region, user, on)
    # A bank worker acts for the region too, but sees only their own work.
    if tenancy.region is not None and tenancy.has("can_view_region"):
        organisations = list(region_organisations(region=tenancy.region))
    elif tenancy.organisation is not None and tenancy.has("can_view_teams"):
        organisations = [tenancy.organisation]
    else:
        organisations = []
    if organisations:
        staff = staff_figures(organisations=organisations, on=on)
        vacancies = vacancy_figures(organisations=organisations)
        summary.organisation_rows = [
            OrganisationRow(o, staff[o.pk], vacancies[o.pk]) for o in organisations
        ]
    if tenancy.organisation is not None and tenancy.has("can_view_teams"):
        teams = team_list(organisation=tenancy.organisation, on=on)
        if not tenancy.has("can_view_all_people") and tenancy.has("can_view_people"):
            teams = teams.filter(manager=tenancy.person)
        summary.teams = teams
        if tenancy.has("can_view_org_measures"):
            summary.by_role = people_by_role(organisation=tenancy.organisation, on=on)
    if tenancy.person is not None:
        summary.experience = EXPERIENCE_LABELS[tenancy.person.experience_band(on)]
        summary.load = worker_loads(people=[tenancy.person], on=on).get(tenancy.person.pk)
        summary.supervision = glance(tenancy.person, today=on)
    return summary


def _bank_glance(region: Region, user: AbstractBaseUser | AnonymousUser, on: date) -> BankGlance:
    worker = worker_of_user(region=region, user=user)
    if worker is None:
        return BankGlance(offers_waiting=0, work_to_come=0)
    counts = Offer.objects.filter(worker=worker).aggregate(
        waiting=Count("pk", filter=Q(status=Offer.Status.OFFERED)),
        to_come=Count("pk", filter=Q(status=Offer.Status.ACCEPTED, request__ends_on__gte=on)),
    )
    return BankGlance(offers_waiting=counts["waiting"], work_to_come=counts["to_come"])
