"""The demo's concerns: every stage shown, one or two overdue, nobody named."""

import random
from dataclasses import dataclass
from datetime import date

import pytest

from safeworkload.concerns.demo import SUBJECTS, concerns_demo_build
from safeworkload.concerns.models import Concern, ConcernEvent
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.testing import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@dataclass
class Employer:
    organisation: Organisation
    teams: list[Team]
    current: list[Person]
    leavers: list[Person]


def _employers(world) -> list[Employer]:
    staff_a = [world.practitioner_person, world.colleague_elsewhere, world.manager_person]
    staff_a += [PersonFactory(organisation=world.a, team=world.team_a) for _ in range(4)]
    return [
        Employer(world.a, [world.team_a, world.other_team_a], staff_a, []),
        Employer(world.b, [world.team_b], [world.person_b], []),
    ]


def _build(world, seed: int):
    return concerns_demo_build(
        rng=random.Random(seed), organisations=_employers(world), today=TODAY
    )


def test_each_employer_has_concerns_at_every_stage(world):
    figures = _build(world, 1)
    for organisation in (world.a, world.b):
        statuses = set(
            Concern.objects.filter(organisation=organisation).values_list("status", flat=True)
        )
        assert statuses == {"raised", "acknowledged", "answered", "closed"}
    assert figures.concerns == Concern.objects.count()
    assert figures.closed == 2
    assert figures.line().startswith(f"{figures.concerns} professional concerns")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_one_or_two_concerns_of_each_employer_are_overdue_and_marked(world, seed):
    _build(world, seed)
    for organisation in (world.a, world.b):
        overdue = [
            c
            for c in Concern.objects.filter(organisation=organisation)
            if c.days_overdue(TODAY) > 0
        ]
        assert 1 <= len(overdue) <= 2
        for concern in overdue:
            assert concern.events.filter(kind=ConcernEvent.Kind.OVERDUE).count() == 1


def test_the_demo_practitioners_record_raises_the_first_concerns(world):
    _build(world, 1)
    assert Concern.objects.filter(raised_by=world.practitioner_person).count() >= 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_timeline_is_dated_in_the_past_and_in_order(world, seed):
    _build(world, seed)
    for concern in Concern.objects.all():
        days = [e.at.date() for e in concern.events.order_by("pk")]
        assert days == sorted(days)
        assert days[0] == concern.raised_on
        assert max(days) <= TODAY


def test_no_demo_subject_names_anyone(world):
    names = {p.family_name for p in Person.objects.all()} | {
        p.given_name for p in Person.objects.all()
    }
    for subject, detail in SUBJECTS:
        for name in names:
            assert name not in subject and name not in detail
