"""Development-time breaches in the caseload register: open, no duplicate, resolve."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeworkload.caseloads.models import Breach, BreachEvent
from safeworkload.entitlements.models import DevelopmentTime
from safeworkload.entitlements.selectors.development import (
    RecordedHours,
    development_checks,
    development_hours,
)
from safeworkload.entitlements.services.development import development_breaches_check
from safeworkload.entitlements.tests.factories import development
from safeworkload.organisations.models import Person

pytestmark = pytest.mark.django_db

ON = date(2026, 11, 22)
K = Breach.Kind
# 37 h a week: 10% over 13 weeks is 48.10 hours; half of it 24.05.


def _kinds(person: Person, status: str = Breach.Status.OPEN) -> set[str]:
    return set(Breach.objects.filter(person=person, status=status).values_list("kind", flat=True))


@pytest.mark.parametrize(("recorded", "opens"), [("24.04", True), ("24.05", False)])
def test_a_breach_opens_below_half_the_entitlement_over_13_weeks(world, recorded, opens):
    development(world.practitioner_person, ON - timedelta(days=3), recorded)
    run = development_breaches_check(organisation=world.a, on=ON)
    assert (K.DEVELOPMENT_TIME in _kinds(world.practitioner_person)) is opens
    assert len(run.opened) == (2 if opens else 1)  # the colleague has recorded nothing


def test_the_breach_says_why_in_hours_and_has_no_capacity_figure(world):
    development(world.practitioner_person, ON, "10")
    development_breaches_check(organisation=world.a, on=ON)
    breach = Breach.objects.get(person=world.practitioner_person)
    note = breach.events.get(kind=BreachEvent.Kind.OPENED).note
    assert note.startswith("10 hours of development time recorded in 13 weeks")
    assert "the 13 weeks to 22 November 2026" in note
    assert breach.percent_when_opened is None
    assert breach.team == world.team_a


def test_time_recorded_before_the_13_weeks_does_not_count(world):
    development(world.practitioner_person, ON - timedelta(days=91), "40")
    development_breaches_check(organisation=world.a, on=ON)
    assert K.DEVELOPMENT_TIME in _kinds(world.practitioner_person)


def test_running_the_check_twice_opens_nothing_new(world):
    first = development_breaches_check(organisation=world.a, on=ON)
    second = development_breaches_check(organisation=world.a, on=ON + timedelta(days=1))
    assert first.opened and not second.opened
    assert Breach.objects.filter(kind=K.DEVELOPMENT_TIME).count() == len(first.opened)


def test_the_breach_resolves_when_the_time_is_back_above_the_line(world):
    development_breaches_check(organisation=world.a, on=ON)
    development(world.practitioner_person, ON + timedelta(days=1), "30")
    run = development_breaches_check(organisation=world.a, on=ON + timedelta(days=1))
    assert [b.person for b in run.resolved] == [world.practitioner_person]
    breach = Breach.objects.get(person=world.practitioner_person)
    assert (breach.status, breach.resolved_on) == (Breach.Status.RESOLVED, ON + timedelta(days=1))
    assert "30 hours recorded" in breach.plan
    assert breach.events.filter(kind=BreachEvent.Kind.RESOLVED).exists()


def test_a_plan_the_manager_recorded_is_kept_when_it_resolves(world):
    development_breaches_check(organisation=world.a, on=ON)
    Breach.objects.filter(person=world.practitioner_person).update(plan="Fridays kept free")
    development(world.practitioner_person, ON, "30")
    development_breaches_check(organisation=world.a, on=ON)
    assert Breach.objects.get(person=world.practitioner_person).plan == "Fridays kept free"


def test_only_social_work_roles_are_checked(world):
    development_breaches_check(organisation=world.a, on=ON)
    assert _kinds(world.manager_person) == set()  # a team manager
    assert _kinds(world.person_b) == set()  # another organisation


def test_someone_who_started_a_week_ago_is_due_a_weeks_time(world):
    person = world.practitioner_person
    Person.objects.filter(pk=person.pk).update(start_date=ON - timedelta(days=6))
    development(person, ON, "1.85")  # half of 3.70
    development_breaches_check(organisation=world.a, on=ON)
    assert _kinds(person) == set()


def _newly_qualified(world, hours: str = "29.6") -> Person:
    person = world.practitioner_person
    Person.objects.filter(pk=person.pk).update(
        job_role=Person.JobRole.NEWLY_QUALIFIED,
        qualification_date=date(2026, 1, 5),
        contracted_hours=Decimal(hours),
    )
    person.refresh_from_db()
    return person


def test_a_newly_qualified_worker_without_protected_time_has_a_protected_time_breach(world):
    person = _newly_qualified(world)
    # WL-12: 2.96 h a week; half over 13 weeks is 19.24. CPD alone does not count.
    development(person, ON, "30", DevelopmentTime.Kind.CPD)
    development(person, ON, "19.23", DevelopmentTime.Kind.PROTECTED)
    development_breaches_check(organisation=world.a, on=ON)
    assert _kinds(person) == {K.PROTECTED_TIME}


def test_protected_time_counts_towards_the_ten_percent_too(world):
    person = _newly_qualified(world)
    development(person, ON, "19.24", DevelopmentTime.Kind.PROTECTED)
    development_breaches_check(organisation=world.a, on=ON)
    assert _kinds(person) == set()


def test_a_protected_time_breach_closes_once_the_worker_is_no_longer_newly_qualified(world):
    person = _newly_qualified(world)
    development(person, ON, "30", DevelopmentTime.Kind.CPD)
    development_breaches_check(organisation=world.a, on=ON)
    Person.objects.filter(pk=person.pk).update(job_role=Person.JobRole.SOCIAL_WORKER)
    development_breaches_check(organisation=world.a, on=date(2027, 1, 6))
    breach = Breach.objects.get(person=person, kind=K.PROTECTED_TIME)
    assert breach.status == Breach.Status.RESOLVED
    assert "no longer newly qualified" in breach.plan


def test_a_stricter_tolerance_can_be_agreed(world):
    development(world.practitioner_person, ON, "40")
    development_breaches_check(organisation=world.a, on=ON, at_least=Decimal("1"))
    assert _kinds(world.practitioner_person) == {K.DEVELOPMENT_TIME}


def test_wl_11_the_checks_give_3_7_hours_a_week_on_37(world):
    person = _newly_qualified(world, "37")
    recorded = development_hours(organisation=world.a, person_ids=[person.pk], on=ON)
    checks = development_checks(person, recorded.get(person.pk, RecordedHours()), on=ON)
    assert checks.weekly_entitlement == Decimal("3.70")
    assert checks.protected is not None and checks.protected.entitlement == Decimal("48.10")


def test_the_command_checks_each_organisation_and_says_what_it_did(world):
    out = StringIO()
    call_command("check_development", "--on", ON.isoformat(), stdout=out)
    text = out.getvalue()
    assert "council-a: 2 checked, 2 opened, 0 resolved" in text
    assert "council-b: 1 checked, 1 opened, 0 resolved" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "22/11/2026"], "--on must be a date"),
        (["--at-least", "0"], "--at-least must be a percentage"),
        (["--at-least", "lots"], "--at-least must be a percentage"),
    ],
)
def test_the_command_refuses_bad_options(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("check_development", *args, stdout=StringIO())
