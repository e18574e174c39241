"""The allocation pages: the queue, the guard, a suggested allocation, moving a
caseload and declaring "at capacity", each as a team manager or a practitioner
sees it."""

from datetime import timedelta

import pytest
from django.test import Client

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.models import Allocation, AllocationRequest, CapacityDeclaration, Case
from safeworkload.caseloads.services import allocation as services
from safeworkload.caseloads.tests.test_allocation_guard import (
    case_in,
    case_type_for,
    load_up,
    scheme_for,
    today,
    worker_in,
)
from safeworkload.organisations.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    """Team A with a scheme, a 10-point case type and a worker at 95%."""
    scheme_for(world.a)
    plain = case_type_for(world.a, "Review", points="10")
    worker = world.practitioner_person
    load_up(worker, "95")
    light = worker_in(world.team_a, given_name="Lightly", family_name="Loaded")
    return world, plain, worker, light


@pytest.fixture
def manager(client, world):
    client.force_login(world.users["team_manager"])
    return client


def test_the_queue_lists_the_teams_waiting_cases_and_its_distribution(manager, team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain, opened_on=today() - timedelta(days=30))

    page = manager.get("/caseloads/allocate/").content.decode()

    assert case.reference in page
    assert "30 days" in page
    assert f"/caseloads/allocate/{case.pk}/" in page
    assert worker.full_name in page and "Above their own ceiling" in page
    assert f"/caseloads/allocate/team/{world.team_a.pk}/suggest/" in page


def test_a_team_manager_cannot_open_another_teams_case_or_queue(manager, team):
    world, plain, _, _ = team
    elsewhere = case_in(world.other_team_a, plain)
    assert manager.get(f"/caseloads/allocate/{elsewhere.pk}/").status_code == 404
    assert manager.get(f"/caseloads/allocate/?team={world.other_team_a.pk}").status_code == 404
    suggest = f"/caseloads/allocate/team/{world.other_team_a.pk}/suggest/"
    assert manager.get(suggest).status_code == 404
    assert manager.get(f"/caseloads/reassign/{world.colleague_elsewhere.pk}/").status_code == 404
    assert manager.post(f"/caseloads/allocate/{elsewhere.pk}/", {"worker": "1"}).status_code == 404


def test_a_service_lead_may_allocate_in_any_team(client, team):
    world, plain, _, _ = team
    client.force_login(world.users["service_lead"])
    elsewhere = case_in(world.other_team_a, plain)
    assert client.get(f"/caseloads/allocate/{elsewhere.pk}/").status_code == 200


def test_a_practitioner_may_not_allocate(client, team):
    world, plain, _, _ = team
    client.force_login(world.users["practitioner"])
    case = case_in(world.team_a, plain)
    assert client.get("/caseloads/allocate/").status_code == 403
    assert client.get(f"/caseloads/allocate/{case.pk}/").status_code == 403
    assert client.post(f"/caseloads/allocate/{case.pk}/", {"worker": "1"}).status_code == 403


def test_the_guard_shows_current_and_potential_capacity(manager, team):
    world, plain, _, _ = team
    case = case_in(world.team_a, plain)

    page = manager.get(f"/caseloads/allocate/{case.pk}/").content.decode()

    assert "95.0%" in page and "105.0%" in page
    assert "Above their 100% ceiling" in page
    assert "Lowest, median and highest capacity" in page


def test_choosing_a_worker_under_the_ceiling_allocates_at_once(manager, team):
    world, plain, _, light = team
    case = case_in(world.team_a, plain)

    response = manager.post(f"/caseloads/allocate/{case.pk}/", {"worker": light.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/caseloads/allocate/?team={world.team_a.pk}"
    case.refresh_from_db()
    assert case.worker == light


def test_above_the_ceiling_the_guard_warns_then_insists_then_asks_the_worker(manager, team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain)
    url = f"/caseloads/allocate/{case.pk}/"

    warned = manager.post(url, {"worker": worker.pk})
    page = warned.content.decode()
    assert warned.status_code == 200
    assert "above their ceiling of 100%" in page
    assert f"Ask {worker.full_name} to acknowledge" in page
    assert 'type="checkbox"' not in page
    assert "There is a problem" not in page

    insisted = manager.post(url, {"worker": worker.pk, "warned": worker.pk}).content.decode()
    assert "There is a problem" in insisted
    assert "Enter the reason for allocating above the ceiling" in insisted
    assert not AllocationRequest.objects.exists()

    # A manager cannot say the worker agreed: an old-style tick is ignored.
    asked = manager.post(
        url,
        {
            "worker": worker.pk,
            "warned": worker.pk,
            "override_reason": "Only one who knows the family",
            "worker_acknowledged": "on",
        },
    )
    assert asked.status_code == 302
    assert not Allocation.objects.filter(case=case).exists()
    request = AllocationRequest.objects.get(case=case)
    assert request.worker == worker and request.status == AllocationRequest.Status.PENDING
    queue = manager.get(asked["Location"]).content.decode()
    assert f"Waiting for {worker.full_name}&#39;s acknowledgement" in queue
    guard = manager.get(url).content.decode()
    assert "Withdraw the request" in guard
    assert manager.post(url, {"worker": worker.pk, "warned": worker.pk}).status_code == 200
    assert AllocationRequest.objects.filter(case=case).count() == 1


def test_the_worker_sees_the_request_on_their_cases_and_acknowledges_it(client, team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain, tier=2)
    request = services.allocation_request_over_ceiling(
        case=case,
        worker=worker,
        actor=world.users["team_manager"],
        reason="Only one who knows the family",
        on=today(),
    )
    client.force_login(world.users["practitioner"])

    page = client.get("/caseloads/my-cases/").content.decode()
    assert case.reference in page
    assert "Now 95.0%, 105.0% with this case, above your ceiling of 100%" in page
    assert "Only one who knows the family" in page
    assert f"/caseloads/requests/{request.pk}/decline/" in page

    done = client.post(f"/caseloads/requests/{request.pk}/acknowledge/")
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.worker == worker
    assert "is now allocated to you" in client.get(done["Location"]).content.decode()


def test_a_declined_request_shows_the_note_to_the_manager_only(client, manager, team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain)
    request = services.allocation_request_over_ceiling(
        case=case, worker=worker, actor=world.users["team_manager"], reason="Needed", on=today()
    )
    other = Client()
    other.force_login(world.users["practitioner"])
    other.post(f"/caseloads/requests/{request.pk}/decline/", {"note": "Court reports due"})

    request.refresh_from_db()
    assert request.status == AllocationRequest.Status.DECLINED
    guard = manager.get(f"/caseloads/allocate/{case.pk}/").content.decode()
    assert "declined this case" in guard and "Court reports due" in guard
    assert "Withdraw the request" not in guard


def test_nobody_but_the_named_worker_can_answer_a_request(manager, team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain)
    request = services.allocation_request_over_ceiling(
        case=case, worker=worker, actor=world.users["team_manager"], reason="Needed", on=today()
    )
    assert manager.post(f"/caseloads/requests/{request.pk}/acknowledge/").status_code == 404
    assert manager.post(f"/caseloads/requests/{request.pk}/decline/").status_code == 404
    request.refresh_from_db()
    assert request.status == AllocationRequest.Status.PENDING

    withdrawn = manager.post(f"/caseloads/requests/{request.pk}/withdraw/")
    assert withdrawn["Location"] == f"/caseloads/allocate/{case.pk}/"
    request.refresh_from_db()
    assert request.status == AllocationRequest.Status.WITHDRAWN


def test_an_empty_choice_asks_who_will_take_it(manager, team):
    world, plain, _, _ = team
    case = case_in(world.team_a, plain)
    page = manager.post(f"/caseloads/allocate/{case.pk}/", {}).content.decode()
    assert "Select who will take this case" in page


def test_the_suggestion_page_shows_a_reason_per_case_and_applies_the_choices(manager, team):
    world, plain, worker, light = team
    first, second = case_in(world.team_a, plain), case_in(world.team_a, plain)
    url = f"/caseloads/allocate/team/{world.team_a.pk}/suggest/"

    page = manager.get(url).content.decode()
    assert first.reference in page and second.reference in page
    assert "To Lightly Loaded" in page

    done = manager.post(
        url, {f"case_{first.pk}": light.pk, f"case_{second.pk}": worker.pk}
    ).content.decode()

    assert "1 case allocated" in done
    assert "above their ceiling of 100%" in done
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.worker, second.worker) == (light, None)


def test_a_rejected_line_stays_in_the_queue(manager, team):
    world, plain, _, _ = team
    case = case_in(world.team_a, plain)
    url = f"/caseloads/allocate/team/{world.team_a.pk}/suggest/"
    page = manager.post(url, {f"case_{case.pk}": ""}).content.decode()
    assert "Every case was left in the queue" in page
    case.refresh_from_db()
    assert case.worker is None


def test_a_manager_moves_a_leavers_caseload_in_one_go(manager, team):
    world, plain, _, light = team
    leaver = worker_in(world.team_a, end_date=today() + timedelta(days=14))
    cases = [case_in(world.team_a, plain, worker=leaver) for _ in range(2)]
    url = f"/caseloads/reassign/{leaver.pk}/"
    assert all(c.reference in manager.get(url).content.decode() for c in cases)

    missing = manager.post(url, {"reason": "Leaving"}).content.decode()
    assert "Select who takes the cases" in missing

    response = manager.post(url, {"reason": "Leaving", "all_to": light.pk})
    assert response.status_code == 302
    assert Case.objects.filter(worker=light).count() == 2
    assert AuditEntry.objects.filter(action="caseload.reassigned").count() == 1


def test_moving_cases_above_a_ceiling_is_sent_to_the_guard_instead(manager, team):
    world, plain, worker, _ = team
    leaver = worker_in(world.team_a, end_date=today() + timedelta(days=14))
    case = case_in(world.team_a, plain, worker=leaver)
    url = f"/caseloads/reassign/{leaver.pk}/"
    choice = {"reason": "Leaving", "all_to": worker.pk}

    warned = manager.post(url, choice).content.decode()
    assert "above their ceiling" in warned and "through the allocation guard" in warned
    forced = manager.post(url, {**choice, "warned": "yes", "acknowledged": worker.pk})
    assert forced.status_code == 200  # no way round it from this page
    case.refresh_from_db()
    assert case.worker == leaver


def test_a_practitioner_declares_at_capacity_and_sees_a_confirmation(client, team):
    world, _, worker, _ = team
    client.force_login(world.users["practitioner"])
    page = client.get("/caseloads/at-capacity/").content.decode()
    assert "whatever your workload score says" in page
    assert "95.0%" in page

    response = client.post("/caseloads/at-capacity/", {"note": "Two court reports this week"})
    assert response.status_code == 302
    confirmation = client.get(response["Location"]).content.decode()
    assert "You have declared that you are at capacity" in confirmation
    declaration = CapacityDeclaration.objects.get()
    assert declaration.person == worker
    assert AuditEntry.objects.filter(action="capacity.declared").count() == 1


def test_someone_without_a_staff_record_cannot_declare(client, world):
    client.force_login(world.users["union_rep"])
    page = client.post("/caseloads/at-capacity/", {"note": "x"}).content.decode()
    assert "not linked to a staff record" in page
    assert not CapacityDeclaration.objects.exists()


def test_a_worker_outside_the_team_is_not_offered(manager, team):
    world, plain, _, _ = team
    case = case_in(world.team_a, plain)
    page = manager.get(f"/caseloads/allocate/{case.pk}/").content.decode()
    assert world.colleague_elsewhere.full_name not in page
    admin = worker_in(world.team_a, job_role=Person.JobRole.ADMINISTRATOR, family_name="Clerical")
    assert admin.full_name not in manager.get(f"/caseloads/allocate/{case.pk}/").content.decode()


def test_the_guard_shows_a_workers_unreviewed_declaration(manager, team):
    world, plain, worker, _ = team
    CapacityDeclaration.objects.create(organisation=world.a, person=worker, note="")
    case = case_in(world.team_a, plain)
    page = manager.get(f"/caseloads/allocate/{case.pk}/").content.decode()
    assert "Declared at capacity on" in page
    assert "They have declared they are at capacity" in page


def test_reserved_work_cannot_be_given_to_unregistered_staff_from_the_suggestion(manager, team):
    world, _, _, _ = team
    reserved = case_type_for(world.a, "Court work", reserved=True)
    assistant = worker_in(
        world.team_a, job_role=Person.JobRole.ASSISTANT, registered=False, registration_number=""
    )
    case = case_in(world.team_a, reserved)
    url = f"/caseloads/allocate/team/{world.team_a.pk}/suggest/"

    page = manager.post(url, {f"case_{case.pk}": assistant.pk}).content.decode()

    assert f"Select a registered social worker to take case {case.reference}" in page
    case.refresh_from_db()
    assert case.worker is None
