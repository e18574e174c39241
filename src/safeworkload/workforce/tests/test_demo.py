"""The demo's vacancy cover and plans: every vacancy with paid cover priced, the
agency worker named once, steps done, due and overdue, the posts unchanged."""

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.testing import PersonFactory, PostFactory
from safeworkload.workforce.demo import workforce_demo_build
from safeworkload.workforce.models import ActionPlan, ActionStep, Post, VacancyCover

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
Employment = Person.EmploymentType


@dataclass
class Employer:
    organisation: Organisation
    teams: list[Team]
    current: list[Person]
    leavers: list[Person]


def _setup(world) -> tuple[list[Employer], Person]:
    agency = PersonFactory(
        organisation=world.a,
        team=world.team_a,
        employment_type=Employment.AGENCY,
        start_date=date(2026, 2, 2),
        contracted_hours=Decimal("35"),
    )
    for cover in (Post.Cover.BANK, Post.Cover.OVERTIME, Post.Cover.NONE, Post.Cover.AGENCY):
        PostFactory(
            team=world.other_team_a, holder=None, vacant_since=date(2026, 2, 1), cover=cover
        )
    current = [world.practitioner_person, world.colleague_elsewhere, world.manager_person, agency]
    employers = [
        Employer(world.a, [world.team_a, world.other_team_a], current, []),
        Employer(world.b, [world.team_b], [world.person_b], []),
    ]
    return employers, agency


def _run(employers: list[Employer], seed: int = 1):
    return workforce_demo_build(rng=random.Random(seed), organisations=employers, today=TODAY)


def _build(world, seed: int = 1):
    employers, agency = _setup(world)
    return _run(employers, seed), agency


def test_each_vacancy_with_paid_cover_gets_an_arrangement_of_its_kind(world):
    employers, _ = _setup(world)
    before = dict(Post.objects.values_list("pk", "cover"))
    figures = _run(employers)
    assert dict(Post.objects.values_list("pk", "cover")) == before  # the posts are unchanged
    paid = VacancyCover.objects.exclude(kind=Post.Cover.NONE)
    assert {(c.post_id, c.kind) for c in paid} == {
        (pk, kind) for pk, kind in before.items() if kind != Post.Cover.NONE
    }
    assert all(c.pence_per_hour > 0 and c.hours_per_week > 0 for c in paid)
    assert (figures.agency, figures.bank, figures.overtime) == (2, 1, 1)
    assert figures.covers == paid.count()


def test_the_agency_worker_covering_a_post_is_named_on_its_cover(world):
    _, agency = _build(world)
    cover = VacancyCover.objects.get(worker=agency)
    assert cover.post.team == world.team_a and cover.starts_on == agency.start_date
    assert cover.hours_per_week == Decimal("35")
    # The post fell vacant before the worker came, so the gap is recorded as no cover.
    gap = VacancyCover.objects.get(post=cover.post, kind=Post.Cover.NONE)
    assert gap.ends_on == date(2026, 2, 1)


def test_plans_have_steps_done_due_and_overdue(world):
    seen = set()
    for seed in range(4):
        ActionPlan.objects.all().delete()
        VacancyCover.objects.all().delete()
        figures, _ = _build(world, seed)
        steps = list(ActionStep.objects.all())
        seen |= {
            "done" if s.done_on else "overdue" if s.is_overdue(TODAY) else "to do" for s in steps
        }
        assert figures.steps == len(steps)
        assert figures.steps_overdue == sum(s.is_overdue(TODAY) for s in steps)
        assert all(s.done_on is None or s.done_on <= TODAY for s in steps)
        Person.objects.filter(employment_type=Employment.AGENCY).delete()
    assert seen == {"done", "overdue", "to do"}


def test_the_figures_line_says_what_was_built(world):
    figures, _ = _build(world, 7)
    line = figures.line()
    assert f"{figures.covers} cover arrangements ({figures.agency} agency" in line
    assert f"{figures.plans} plans to fill vacancies with {figures.steps} steps" in line
