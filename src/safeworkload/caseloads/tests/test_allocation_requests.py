"""Asking a worker to take a case above their ceiling: the manager names the
worker and the reason, and only the worker's own acknowledgement allocates it
(caseloads.services.allocation, the request functions)."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.models import Allocation, AllocationRequest
from safeworkload.caseloads.selectors.allocation import allocation_queue
from safeworkload.caseloads.services.allocation import (
    ENTER_OVERRIDE_REASON,
    OVERRIDE_REASON,
    AllocationRefused,
    RequestRefused,
    allocation_request_acknowledge,
    allocation_request_decline,
    allocation_request_over_ceiling,
    allocation_request_withdraw,
    case_allocate,
)
from safeworkload.caseloads.tests.test_allocation_guard import (
    case_in,
    case_type_for,
    load_up,
    scheme_for,
    today,
    worker_in,
)

pytestmark = pytest.mark.django_db

REASON = "Only one who knows the family"


@pytest.fixture
def asked(world):
    """Team A with a scheme; the practitioner at 95%, so a 10-point case is over."""
    scheme_for(world.a)
    plain = case_type_for(world.a, "Review", points="10")
    worker = world.practitioner_person
    load_up(worker, "95")
    case = case_in(world.team_a, plain)
    return world, plain, worker, case


def ask(world, case, worker, reason=REASON):
    return allocation_request_over_ceiling(
        case=case, worker=worker, actor=world.users["team_manager"], reason=reason, on=today()
    )


def test_a_request_needs_a_reason(asked):
    world, _, worker, case = asked
    with pytest.raises(AllocationRefused) as refused:
        ask(world, case, worker, reason="   ")
    assert refused.value.errors == {OVERRIDE_REASON: ENTER_OVERRIDE_REASON}
    assert not AllocationRequest.objects.exists()


def test_a_request_is_only_for_work_above_the_ceiling(asked):
    world, _, _, case = asked
    light = worker_in(world.team_a)
    with pytest.raises(AllocationRefused):
        ask(world, case, light)
    assert not AllocationRequest.objects.exists()


def test_a_request_leaves_the_case_waiting_and_is_audited_with_the_reason(asked):
    world, _, worker, case = asked
    request = ask(world, case, worker)

    case.refresh_from_db()
    assert case.worker is None
    assert case in allocation_queue(team=world.team_a)
    assert request.status == AllocationRequest.Status.PENDING
    assert str(request.potential_percent) == "105.0"
    entry = AuditEntry.objects.get(action="case.allocation_requested_over_ceiling")
    assert entry.data["case"] == case.reference
    assert entry.data["worker"] == worker.staff_number
    assert entry.data["reason"] == REASON
    assert entry.data["potential_percent"] == "105.0"
    assert entry.data["manager"] == world.users["team_manager"].get_username()


def test_the_manager_cannot_allocate_above_the_ceiling_on_the_workers_behalf(asked):
    world, _, worker, case = asked
    with pytest.raises(AllocationRefused) as refused:
        case_allocate(
            case=case,
            worker=worker,
            actor=world.users["team_manager"],
            reason="Test",
            on=today(),
            override_reason=REASON,
        )
    assert refused.value.needs_override


def test_the_worker_acknowledges_and_the_case_is_allocated_and_audited(asked):
    world, _, worker, case = asked
    request = ask(world, case, worker)

    allocation = allocation_request_acknowledge(request=request, actor=world.users["practitioner"])

    case.refresh_from_db()
    request.refresh_from_db()
    assert case.worker == worker
    assert request.status == AllocationRequest.Status.ACKNOWLEDGED
    assert allocation.over_ceiling and allocation.override_reason == REASON
    assert allocation.authorised_by == world.users["team_manager"]
    assert allocation.acknowledged_by_worker_at is not None
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "case.allocation_requested_over_ceiling",
        "case.allocated",
        "case.allocated_over_ceiling",
        "case.allocation_acknowledged",
    ]
    over = AuditEntry.objects.get(action="case.allocated_over_ceiling")
    assert over.data["reason"] == REASON
    assert over.data["authorised_by"] == world.users["team_manager"].get_username()
    assert over.data["worker_agreement_confirmed_by"] == "the worker"
    acknowledged = AuditEntry.objects.get(action="case.allocation_acknowledged")
    assert acknowledged.data["worker"] == worker.staff_number


@pytest.mark.parametrize("who", ["team_manager", "service_lead", "union_rep"])
def test_only_the_named_worker_can_acknowledge(asked, who):
    world, _, worker, case = asked
    request = ask(world, case, worker)
    with pytest.raises(RequestRefused):
        allocation_request_acknowledge(request=request, actor=world.users[who])
    with pytest.raises(RequestRefused):
        allocation_request_decline(request=request, actor=world.users[who])
    case.refresh_from_db()
    assert case.worker is None
    assert not Allocation.objects.filter(case=case).exists()


def test_acknowledging_checks_eligibility_again(asked):
    world, _, worker, case = asked
    request = ask(world, case, worker)
    worker.end_date = today() + timedelta(days=10)  # resigned meanwhile
    worker.save()

    with pytest.raises(AllocationRefused) as refused:
        allocation_request_acknowledge(request=request, actor=world.users["practitioner"])

    assert "leaving" in str(refused.value)
    case.refresh_from_db()
    request.refresh_from_db()
    assert case.worker is None
    assert request.status == AllocationRequest.Status.PENDING
    assert not AuditEntry.objects.filter(action="case.allocation_acknowledged").exists()


def test_declining_keeps_the_case_in_the_queue_and_the_note_out_of_the_log(asked):
    world, _, worker, case = asked
    request = ask(world, case, worker)

    allocation_request_decline(
        request=request, actor=world.users["practitioner"], note="Two court reports due"
    )

    request.refresh_from_db()
    assert request.status == AllocationRequest.Status.DECLINED
    assert request.response_note == "Two court reports due"
    assert case in allocation_queue(team=world.team_a)
    entry = AuditEntry.objects.get(action="case.allocation_declined")
    assert entry.data == {"case": case.reference, "worker": worker.staff_number, "with_note": True}
    assert "court" not in str(entry.data)
    with pytest.raises(RequestRefused):
        allocation_request_acknowledge(request=request, actor=world.users["practitioner"])


def test_there_is_one_pending_request_per_case(asked):
    world, _, worker, case = asked
    request = ask(world, case, worker)
    with pytest.raises(AllocationRefused):
        ask(world, case, worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationRequest.objects.create(
            organisation=world.a,
            case=case,
            worker=worker,
            reason="Again",
            potential_percent=request.potential_percent,
        )
    allocation_request_withdraw(request=request, actor=world.users["team_manager"])
    assert ask(world, case, worker).status == AllocationRequest.Status.PENDING


def test_allocating_the_case_elsewhere_withdraws_the_pending_request(asked):
    world, _, worker, case = asked
    request = ask(world, case, worker)
    light = worker_in(world.team_a)

    case_allocate(
        case=case, worker=light, actor=world.users["team_manager"], reason="Test", on=today()
    )

    request.refresh_from_db()
    assert request.status == AllocationRequest.Status.WITHDRAWN
    entry = AuditEntry.objects.get(action="case.allocation_request_withdrawn")
    assert entry.data["because_allocated"] is True
    with pytest.raises(RequestRefused):
        allocation_request_acknowledge(request=request, actor=world.users["practitioner"])
