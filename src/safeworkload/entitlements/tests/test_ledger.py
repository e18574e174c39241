"""The extra-hours ledger: recording, deciding, time off, balances and unpaid hours."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeworkload.audit.models import AuditEntry
from safeworkload.entitlements.models import ExtraHours
from safeworkload.entitlements.selectors.ledger import (
    approvable_people,
    toil_balances,
    unpaid_hours_per_week,
    weekly_hours,
)
from safeworkload.entitlements.services.ledger import (
    LedgerError,
    extra_hours_approve,
    extra_hours_decline,
    extra_hours_record,
    toil_take,
)
from safeworkload.entitlements.tests.factories import extra, taken
from safeworkload.organisations.roles import Role, permissions_for
from safeworkload.organisations.tenancy import Tenancy

pytestmark = pytest.mark.django_db

D = Decimal
ON = date(2026, 11, 22)
C = ExtraHours.Compensation
S = ExtraHours.Status


def _record(world, compensation=C.TOIL, **kwargs):
    return extra_hours_record(
        person=world.practitioner_person,
        actor=world.users["practitioner"],
        worked_on=kwargs.pop("worked_on", ON),
        hours=kwargs.pop("hours", D("2.5")),
        reason="Home visit ran late",
        compensation=compensation,
        today=ON,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("compensation", "status"),
    [(C.PAY, S.CLAIMED), (C.TOIL, S.CLAIMED), (C.UNCLAIMED, S.RECORDED)],
)
def test_a_claim_waits_for_a_decision_and_unclaimed_hours_are_simply_recorded(
    world, compensation, status
):
    assert _record(world, compensation).status == status


def test_extra_hours_cannot_be_recorded_for_a_day_still_to_come(world):
    with pytest.raises(LedgerError, match="must be today or in the past") as error:
        _record(world, worked_on=ON + timedelta(days=1))
    assert error.value.field == "worked_on"


def test_approving_a_claim_records_who_and_when_and_audits_the_fact(world):
    claim = _record(world)
    extra_hours_approve(entry=claim, actor=world.users["team_manager"])
    claim.refresh_from_db()
    assert claim.status == S.APPROVED
    assert claim.decided_by == world.users["team_manager"]
    assert claim.decided_at is not None
    entry = AuditEntry.objects.get(action="extra_hours.approved")
    assert entry.data == {
        "person": world.practitioner_person.pk,
        "hours": "2.50",
        "compensation": "toil",
    }


def test_declining_needs_a_reason_which_stays_out_of_the_audit_log(world):
    claim = _record(world)
    with pytest.raises(LedgerError, match="Enter why you are declining the claim"):
        extra_hours_decline(entry=claim, actor=world.users["team_manager"], reason="  ")
    extra_hours_decline(
        entry=claim, actor=world.users["team_manager"], reason="Mrs Example's visit was optional"
    )
    claim.refresh_from_db()
    assert (claim.status, claim.decline_reason) == (S.DECLINED, "Mrs Example's visit was optional")
    entry = AuditEntry.objects.get(action="extra_hours.declined")
    assert entry.data["reason_given"] is True
    assert "Example" not in str(entry.data)


def test_the_reason_for_the_hours_is_not_in_the_audit_log_either(world):
    _record(world)
    assert "Home visit" not in str(AuditEntry.objects.get(action="extra_hours.recorded").data)


@pytest.mark.parametrize("decide", ["approve", "decline"])
def test_a_claim_is_decided_only_once(world, decide):
    claim = _record(world)
    extra_hours_approve(entry=claim, actor=None)
    with pytest.raises(LedgerError, match="decided already"):
        if decide == "approve":
            extra_hours_approve(entry=claim, actor=None)
        else:
            extra_hours_decline(entry=claim, actor=None, reason="No")


def test_unclaimed_hours_have_nothing_to_decide(world):
    with pytest.raises(LedgerError, match="nothing to decide"):
        extra_hours_approve(entry=_record(world, C.UNCLAIMED), actor=None)


@pytest.mark.parametrize(("take", "allowed"), [("3", True), ("3.01", False), ("0.25", True)])
def test_time_off_in_lieu_taken_can_be_up_to_the_approved_balance(world, take, allowed):
    person = world.practitioner_person
    extra(person, ON, "2", status=S.APPROVED)
    extra(person, ON, "1", status=S.APPROVED)
    extra(person, ON, "5", status=S.CLAIMED)  # not yet approved: not in the balance
    extra(person, ON, "4", C.PAY, status=S.APPROVED)  # paid, not time off
    if allowed:
        toil_take(person=person, actor=None, taken_on=ON, hours=D(take))
    else:
        with pytest.raises(LedgerError, match="You have 3 hours of approved time off"):
            toil_take(person=person, actor=None, taken_on=ON, hours=D(take))


def test_with_no_balance_the_worker_is_told_a_claim_counts_once_approved(world):
    with pytest.raises(LedgerError, match="no approved time off in lieu"):
        toil_take(person=world.practitioner_person, actor=None, taken_on=ON, hours=D("1"))


def test_the_balance_is_approved_time_off_less_time_taken_for_each_person(world):
    me, colleague = world.practitioner_person, world.colleague_elsewhere
    extra(me, ON, "6", status=S.APPROVED)
    extra(me, ON, "2", status=S.DECLINED)
    taken(me, ON, "3.5")
    balances = toil_balances(organisation=world.a, person_ids=[me.pk, colleague.pk])
    assert balances == {me.pk: D("2.5"), colleague.pk: D("0")}


def test_unpaid_hours_per_week_are_the_mean_over_the_weeks_for_those_with_any(world):
    me, colleague, manager = (
        world.practitioner_person,
        world.colleague_elsewhere,
        world.manager_person,
    )
    extra(me, ON, "6", C.UNCLAIMED)
    extra(me, ON - timedelta(days=27), "2", C.PAY, status=S.DECLINED)  # first day of 4 weeks
    extra(me, ON - timedelta(days=28), "10", C.UNCLAIMED)  # before the 4 weeks
    extra(me, ON, "3", C.TOIL, status=S.APPROVED)  # compensated
    extra(colleague, ON, "1", C.TOIL, status=S.CLAIMED)  # waiting: not unpaid yet
    extra(world.person_b, ON, "9", C.UNCLAIMED)  # another organisation
    with CaptureQueriesContext(connection) as queries:
        unpaid = unpaid_hours_per_week(
            organisation=world.a,
            person_ids=[me.pk, colleague.pk, manager.pk, world.person_b.pk],
            on=ON,
        )
    assert len(queries) == 1
    assert unpaid == {me.pk: D("2.00")}


def test_unpaid_hours_over_another_number_of_weeks(world):
    extra(world.practitioner_person, ON, "6", C.UNCLAIMED)
    unpaid = unpaid_hours_per_week(
        organisation=world.a, person_ids=[world.practitioner_person.pk], on=ON, weeks=3
    )
    assert unpaid == {world.practitioner_person.pk: D("2.00")}


def test_weekly_hours_fall_in_seven_day_weeks_ending_on_the_day(world):
    me = world.practitioner_person
    extra(me, ON, "1", C.UNCLAIMED)
    extra(me, ON - timedelta(days=6), "2", C.TOIL)
    extra(me, ON - timedelta(days=7), "4", C.TOIL)
    weeks = weekly_hours(organisation=world.a, person_ids=[me.pk], on=ON)[me.pk]
    assert [w.extra for w in weeks] == [D("0"), D("0"), D("4"), D("3")]
    assert [w.unpaid for w in weeks] == [D("0"), D("0"), D("0"), D("1")]
    assert (weeks[-1].first, weeks[-1].last) == (ON - timedelta(days=6), ON)


def _tenancy(world, role, person=None):
    return Tenancy(
        organisation=world.a,
        roles=frozenset({role}),
        permissions=permissions_for({role}),
        person=person,
    )


def test_a_team_manager_decides_for_their_own_teams_but_not_for_themself(world):
    people = approvable_people(tenancy=_tenancy(world, Role.TEAM_MANAGER, world.manager_person))
    assert list(people) == [world.practitioner_person]


def test_a_service_lead_decides_for_everyone_and_a_practitioner_for_nobody(world):
    lead = approvable_people(tenancy=_tenancy(world, Role.SERVICE_LEAD))
    assert set(lead) == set(world.a.people.all())
    mine = approvable_people(tenancy=_tenancy(world, Role.PRACTITIONER, world.practitioner_person))
    assert list(mine) == []
