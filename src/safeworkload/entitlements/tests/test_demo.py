"""The demo's extra hours and development time: realistic shares, built from the seed."""

import random
from dataclasses import dataclass, field
from datetime import date

import pytest

from safeworkload.caseloads.models import Breach
from safeworkload.entitlements.demo import entitlements_demo_build
from safeworkload.entitlements.models import DevelopmentTime, ExtraHours, ToilTaken
from safeworkload.entitlements.selectors.ledger import toil_balances
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.testing import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@dataclass
class Employer:
    organisation: Organisation
    teams: list[Team]
    current: list[Person]
    leavers: list[Person] = field(default_factory=list)


def _people(world) -> list[Person]:
    people = [PersonFactory(organisation=world.a, team=world.team_a) for _ in range(30)]
    people.append(
        PersonFactory(
            organisation=world.a,
            team=world.team_a,
            job_role=Person.JobRole.NEWLY_QUALIFIED,
            qualification_date=date(2025, 7, 1),
        )
    )
    return people


def _build(world, seed: int = 7, people: list[Person] | None = None):
    employer = Employer(world.a, [world.team_a], people or _people(world))
    return entitlements_demo_build(rng=random.Random(seed), organisations=[employer], today=TODAY)


def test_most_social_workers_work_extra_hours_and_about_half_go_unclaimed(world):
    figures = _build(world)
    assert 60 <= figures.share_with_extra_hours <= 95
    assert 30 <= figures.share_unclaimed <= 70
    assert figures.median_unpaid_per_week > 0
    assert figures.line().startswith(f"{figures.extra_hours} occasions of extra hours")


def test_nobody_takes_more_time_off_than_they_were_given(world):
    _build(world)
    balances = toil_balances(
        organisation=world.a, person_ids=world.a.people.values_list("pk", flat=True)
    )
    assert ToilTaken.objects.exists()
    assert min(balances.values()) >= 0


def test_recent_claims_wait_and_older_ones_are_decided(world):
    _build(world)
    waiting = ExtraHours.objects.filter(status=ExtraHours.Status.CLAIMED)
    assert waiting.exists()
    assert all((TODAY - e.worked_on).days < 14 for e in waiting)
    assert ExtraHours.objects.filter(status=ExtraHours.Status.DECLINED).exists()


def test_development_is_often_short_so_the_check_opens_breaches(world):
    figures = _build(world)
    assert DevelopmentTime.objects.filter(kind=DevelopmentTime.Kind.PROTECTED).exists()
    assert (
        figures.breaches
        == Breach.objects.filter(
            kind__in=[Breach.Kind.DEVELOPMENT_TIME, Breach.Kind.PROTECTED_TIME]
        ).count()
    )
    assert 0 < figures.breaches < 31


def _rows():
    return list(
        ExtraHours.objects.order_by(
            "person_id", "worked_on", "hours", "status", "compensation"
        ).values_list("person_id", "worked_on", "hours", "compensation", "status")
    )


def test_the_same_seed_builds_the_same_records(world):
    people = _people(world)
    _build(world, seed=3, people=people)
    first = _rows()
    for model in (ExtraHours, ToilTaken, DevelopmentTime, Breach):
        model.objects.all().delete()
    _build(world, seed=3, people=people)
    assert len(first) > 100
    assert _rows() == first
