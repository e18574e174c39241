"""Factories and personas shared by every app's tests.

Two organisations, A and B, in one region. A holds one user for each role;
B holds the outsider, who must never see anything of A's.
"""

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from safeworkload.organisations.models import (
    Membership,
    Organisation,
    Person,
    Region,
    RegionalMembership,
    Team,
)
from safeworkload.organisations.roles import RegionalRole, Role
from safeworkload.workforce.models import Post

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (test fixtures only)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Region {n}")
    code = factory.Sequence(lambda n: f"region-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Council {n}")
    code = factory.Sequence(lambda n: f"council-{n}")
    kind = Organisation.Kind.COUNCIL


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    service_area = Team.ServiceArea.ADULTS
    team_type = Team.TeamType.LONG_TERM


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    job_role = Person.JobRole.SOCIAL_WORKER
    qualified = True
    registered = True
    registration_number = factory.Sequence(lambda n: f"SW{n:06d}")
    contracted_hours = Decimal("37.0")
    qualification_date = date(2018, 7, 1)
    start_date = date(2020, 1, 6)
    employment_type = Person.EmploymentType.PERMANENT


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    organisation = factory.SelfAttribute("team.organisation")
    team = factory.SubFactory(TeamFactory)
    job_role = Person.JobRole.SOCIAL_WORKER
    funded_fte = Decimal("1.00")


def make_user(email: str) -> AbstractBaseUser:
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    return user


@dataclass
class World:
    """Organisation A with every role and some records; organisation B with an outsider."""

    region: Region
    a: Organisation
    b: Organisation
    team_a: Team
    other_team_a: Team
    team_b: Team
    manager_person: Person
    practitioner_person: Person
    colleague_elsewhere: Person
    person_b: Person
    users: dict[str, AbstractBaseUser]


def build_world() -> World:
    region = RegionFactory(name="Testshire", code="testshire")
    a = OrganisationFactory(region=region, name="Council A", code="council-a")
    b = OrganisationFactory(
        region=RegionFactory(name="Elsewhere", code="elsewhere"), name="Council B", code="council-b"
    )
    manager_person = PersonFactory(organisation=a, job_role=Person.JobRole.TEAM_MANAGER)
    team_a = TeamFactory(organisation=a, name="Adults long-term", manager=manager_person)
    other_team_a = TeamFactory(
        organisation=a,
        name="Children duty",
        service_area=Team.ServiceArea.CHILDREN,
        team_type=Team.TeamType.DUTY,
    )
    manager_person.team = team_a
    manager_person.save()
    practitioner_person = PersonFactory(organisation=a, team=team_a)
    colleague_elsewhere = PersonFactory(organisation=a, team=other_team_a)
    team_b = TeamFactory(organisation=b, name="B team")
    person_b = PersonFactory(organisation=b, team=team_b)
    PostFactory(team=team_a, holder=practitioner_person)
    PostFactory(team=team_a, holder=None, vacant_since=date(2026, 1, 5), cover=Post.Cover.AGENCY)
    PostFactory(team=team_b, holder=None, vacant_since=date(2026, 3, 2))

    users: dict[str, AbstractBaseUser] = {}
    for role, person in [
        (Role.PRACTITIONER, practitioner_person),
        (Role.TEAM_MANAGER, manager_person),
        (Role.SERVICE_LEAD, None),
        (Role.UNION_REP, None),
        (Role.ORG_ADMIN, None),
    ]:
        users[role] = make_user(f"{role}@a.example")
        Membership.objects.create(user=users[role], organisation=a, role=role, person=person)
    for regional_role in RegionalRole:
        users[regional_role] = make_user(f"{regional_role}@region.example")
        RegionalMembership.objects.create(
            user=users[regional_role], region=region, role=regional_role
        )
    users["outsider"] = make_user("admin@b.example")
    Membership.objects.create(user=users["outsider"], organisation=b, role=Role.ORG_ADMIN)
    users["no_role"] = make_user("nobody@a.example")
    return World(
        region,
        a,
        b,
        team_a,
        other_team_a,
        team_b,
        manager_person,
        practitioner_person,
        colleague_elsewhere,
        person_b,
        users,
    )


def require_weasyprint() -> None:
    """Skip a PDF test on a machine without Pango, saying what to install; in CI,
    where Pango is installed, let the import fail the test instead."""
    import pytest

    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(
            f"WeasyPrint cannot load the system's Pango library ({error}); install the "
            "packages listed in docs/deploy.md. In CI this test runs and fails instead."
        )
