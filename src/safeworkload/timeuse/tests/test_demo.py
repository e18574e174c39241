"""The demo's sample weeks: realistic shares, a pilot team that can be shown, and the same
weeks from the same seed."""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from safeworkload.organisations.models import Membership, Organisation, Person, Team
from safeworkload.organisations.roles import Role
from safeworkload.testing import PersonFactory, TeamFactory, World
from safeworkload.timeuse.demo import MIX, TimeUseFigures, timeuse_demo_build
from safeworkload.timeuse.models import TimeSample
from safeworkload.timeuse.selectors import group_figures, period_ending, team_scope

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)


@dataclass
class Employer:
    organisation: Organisation
    teams: list[Team] = field(default_factory=list)
    current: list[Person] = field(default_factory=list)
    leavers: list[Person] = field(default_factory=list)


@pytest.fixture
def employer(world: World) -> Employer:
    """Council A with its pilot team (the practitioner's, 6 case holders) and 40 others."""
    pilot = world.team_a
    others = [TeamFactory(organisation=world.a, name=f"Long-term {i}") for i in range(4)]
    people = [world.practitioner_person, world.manager_person]
    people += [PersonFactory(organisation=world.a, team=pilot) for _ in range(4)]
    people.append(
        PersonFactory(organisation=world.a, team=pilot, job_role=Person.JobRole.ASSISTANT)
    )
    people.append(
        PersonFactory(organisation=world.a, team=pilot, job_role=Person.JobRole.ADMINISTRATOR)
    )
    for team in others:
        people += [PersonFactory(organisation=world.a, team=team) for _ in range(10)]
    leaver = PersonFactory(organisation=world.a, team=pilot, end_date=date(2026, 8, 31))
    return Employer(world.a, [pilot, *others], people, [leaver])


def build(employer: Employer, seed: int = 1) -> TimeUseFigures:
    return timeuse_demo_build(rng=random.Random(seed), organisations=[employer], today=TODAY)


def test_the_mix_of_a_week_adds_up_to_the_whole_week():
    assert sum(mean for mean, _ in MIX.values()) == pytest.approx(1)


def test_time_with_people_is_near_a_fifth_and_recording_near_half(employer):
    figures = build(employer)
    assert 17 <= figures.direct_percent <= 23
    assert 44 <= figures.recording_admin_percent <= 51
    assert 45 <= figures.over_contract_percent <= 75
    assert "sample weeks from" in figures.line()


def test_every_week_is_a_monday_in_the_six_months_before_this_one_in_quarter_hours(employer):
    build(employer)
    samples = list(TimeSample.objects.all())
    assert {s.week_starting.weekday() for s in samples} == {0}
    assert {(s.week_starting.year, s.week_starting.month) for s in samples} == {
        (2026, m) for m in range(5, 11)
    }
    for s in samples:
        for value in s.hours.values():
            assert Decimal(0) <= value <= Decimal(100)
            assert value % Decimal("0.25") == 0
        assert s.worked_hours > 0


def test_about_a_quarter_of_the_others_record_a_week_each_month(employer, world):
    build(employer)
    elsewhere = TimeSample.objects.exclude(team=world.team_a)
    per_month = [elsewhere.filter(week_starting__month=m).count() for m in range(5, 11)]
    assert all(4 <= n <= 18 for n in per_month), per_month  # of 40 people
    assert 20 <= len(set(elsewhere.values_list("person", flat=True))) <= 40


def test_the_pilot_team_records_every_month_and_so_can_be_shown(employer, world):
    build(employer)
    pilot = TimeSample.objects.filter(team=world.team_a)
    # The practitioner, four colleagues and an assistant; never the manager or the
    # administrator; the leaver until they left at the end of August.
    assert pilot.filter(week_starting__month=10).count() == 6
    assert pilot.filter(week_starting__month=7).count() == 7
    assert not pilot.filter(person=world.manager_person).exists()
    figures = group_figures(
        organisation=world.a,
        scope=team_scope(world.team_a),
        period=period_ending(TODAY),
        minimum=5,
    )
    assert figures.shown


def test_the_same_seed_builds_the_same_weeks(employer):
    def digest() -> list[tuple]:
        return list(
            TimeSample.objects.order_by("person__staff_number", "week_starting").values_list(
                "person__staff_number", "week_starting", "face_to_face", "recording", "travel"
            )
        )

    build(employer, seed=7)
    first = digest()
    TimeSample.objects.all().delete()
    build(employer, seed=7)
    assert digest() == first


def test_without_a_demo_practitioner_no_team_is_a_pilot(employer, world):
    Membership.objects.filter(role=Role.PRACTITIONER).delete()
    build(employer)
    months = TimeSample.objects.filter(team=world.team_a).values_list(
        "week_starting__month", flat=True
    )
    assert len(months) < 6 * 6  # no longer every person every month
