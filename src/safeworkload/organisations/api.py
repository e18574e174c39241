from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.models import Organisation, Person, Team

router = Router(tags=["organisation"])


class TeamOut(Schema):
    id: int
    name: str
    service_area: str
    team_type: str
    manager_id: int | None


class PersonOut(Schema):
    id: int
    staff_number: str
    given_name: str
    family_name: str
    team_id: int | None
    job_role: str
    qualified: bool
    registered: bool
    registration_number: str
    contracted_hours: Decimal
    qualification_date: date | None
    start_date: date
    end_date: date | None
    employment_type: str
    grade: str


class PersonFilter(Schema):
    team_id: int | None = None
    job_role: str | None = None


def _organisation(request: HttpRequest) -> Organisation:
    return organisation_of(request)


@router.get("/teams", response=list[TeamOut])
@paginate(LimitOffsetPagination)
def list_teams(request: HttpRequest) -> QuerySet[Team]:
    return Team.objects.filter(organisation=_organisation(request)).order_by("pk")


@router.get("/teams/{team_id}", response=TeamOut)
def get_team(request: HttpRequest, team_id: int) -> Team:
    return get_object_or_404(Team, organisation=_organisation(request), pk=team_id)


@router.get("/staff", response=list[PersonOut])
@paginate(LimitOffsetPagination)
def list_staff(request: HttpRequest, filters: Query[PersonFilter]) -> QuerySet[Person]:
    people = Person.objects.filter(organisation=_organisation(request)).order_by("pk")
    if filters.team_id is not None:
        people = people.filter(team_id=filters.team_id)
    if filters.job_role:
        people = people.filter(job_role=filters.job_role)
    return people


@router.get("/staff/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int) -> Person:
    return get_object_or_404(Person, organisation=_organisation(request), pk=person_id)
