"""The case page, agreeing a tier through it, and the worker's own case list."""

import pytest

from safeworkload.caseloads.models import Case, TierAgreement
from safeworkload.caseloads.services.allocation import case_allocate
from safeworkload.caseloads.tests.test_allocation_guard import (
    case_in,
    case_type_for,
    scheme_for,
    today,
    worker_in,
)
from safeworkload.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world: World):
    """Team A's case held by the practitioner, one held by a colleague in the same
    team, and one in the other team."""
    scheme_for(world.a)
    review = case_type_for(world.a, "Review")
    mine = case_in(world.team_a, review, worker=world.practitioner_person)
    colleague = worker_in(world.team_a)
    theirs = case_in(world.team_a, review, worker=colleague)
    elsewhere = case_in(world.other_team_a, review, worker=world.colleague_elsewhere)
    return world, mine, theirs, elsewhere


def _as(client, world: World, persona: str):
    client.force_login(world.users[persona])
    return client


def _url(case: Case) -> str:
    return f"/caseloads/cases/{case.pk}/"


def test_the_worker_sees_their_case_with_its_details_and_history(client, cases):
    world, mine, _, _ = cases
    page = _as(client, world, "practitioner").get(_url(mine)).content.decode()
    assert f"Case {mine.reference}" in page
    assert "Review" in page and "Active" in page
    assert "Allocation history" in page and "Set up" in page
    assert "Tier history" in page


def test_a_practitioner_gets_404_for_a_case_they_do_not_hold(client, cases):
    world, _, theirs, elsewhere = cases
    client = _as(client, world, "practitioner")
    assert client.get(_url(theirs)).status_code == 404
    assert client.get(_url(elsewhere)).status_code == 404
    response = client.post(f"{_url(theirs)}tier/", {"tier": "3", "reason": "Why"})
    assert response.status_code == 404
    assert not TierAgreement.objects.exists()


def test_a_union_representative_sees_no_case(client, cases):
    world, mine, _, _ = cases
    client = _as(client, world, "union_rep")
    assert client.get(_url(mine)).status_code == 404
    assert client.post(f"{_url(mine)}tier/", {"tier": "3", "reason": "Why"}).status_code == 404
    assert client.get("/caseloads/my-cases/").status_code == 200


def test_a_team_manager_sees_their_own_teams_cases_only(client, cases):
    world, mine, theirs, elsewhere = cases
    client = _as(client, world, "team_manager")
    assert client.get(_url(mine)).status_code == 200
    assert client.get(_url(theirs)).status_code == 200
    assert client.get(_url(elsewhere)).status_code == 404


def test_a_lead_sees_every_teams_cases(client, cases):
    world, _, _, elsewhere = cases
    assert _as(client, world, "service_lead").get(_url(elsewhere)).status_code == 200


def test_a_tier_proposed_by_the_worker_changes_when_the_manager_agrees(client, cases):
    world, mine, _, _ = cases
    worker = _as(client, world, "practitioner")
    response = worker.post(f"{_url(mine)}tier/", {"tier": "3", "reason": "Weekly visits now"})
    assert response.status_code == 302
    proposal = TierAgreement.objects.get()
    page = worker.get(_url(mine)).content.decode()
    assert "Tier 3 proposed, waiting for a manager to agree" in page
    assert "Weekly visits now" in page
    mine.refresh_from_db()
    assert mine.tier == 2

    manager = _as(client, world, "team_manager")
    assert "Agree tier 3" in manager.get(_url(mine)).content.decode()
    response = manager.post(f"{_url(mine)}tier/{proposal.pk}/agree/")

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.tier == 3
    page = manager.get(_url(mine)).content.decode()
    assert "is now tier 3" in page
    assert world.users["practitioner"].get_username() in page  # who proposed it


def test_the_worker_cannot_agree_their_own_proposal_on_the_page(client, cases):
    world, mine, _, _ = cases
    worker = _as(client, world, "practitioner")
    worker.post(f"{_url(mine)}tier/", {"tier": "1", "reason": "Closing soon"})
    proposal = TierAgreement.objects.get()

    page = worker.get(_url(mine)).content.decode()
    assert "Agree tier 1" not in page
    response = worker.post(f"{_url(mine)}tier/{proposal.pk}/agree/")

    assert response.status_code == 200
    assert "You proposed tier 1" in response.content.decode()
    mine.refresh_from_db()
    assert mine.tier == 2


def test_a_proposal_without_a_tier_or_reason_shows_the_errors(client, cases):
    world, mine, _, _ = cases
    response = _as(client, world, "practitioner").post(f"{_url(mine)}tier/", {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select the new tier" in page and "Enter the reason for the new tier" in page


def test_the_worker_sees_a_managers_proposal_on_their_case_list(client, cases):
    world, mine, theirs, _ = cases
    _as(client, world, "team_manager").post(f"{_url(mine)}tier/", {"tier": "1", "reason": "Why"})

    page = _as(client, world, "practitioner").get("/caseloads/my-cases/").content.decode()

    assert mine.reference in page and theirs.reference not in page
    assert "Tier 1 proposed: agree it on the case page" in page
    assert "Your manager has proposed a new tier for 1 case" in page


def test_a_new_allocation_shows_in_the_case_history_with_its_reason(client, cases):
    world, _, theirs, _ = cases
    case_allocate(
        case=theirs,
        worker=world.practitioner_person,
        actor=world.users["team_manager"],
        reason="Covering while the colleague is away",
        on=today(),
    )
    page = _as(client, world, "practitioner").get(_url(theirs)).content.decode()
    assert "Covering while the colleague is away" in page


def test_the_home_page_links_the_worker_to_their_cases(client, cases):
    world, _, _, _ = cases
    page = _as(client, world, "practitioner").get("/").content.decode()
    assert 'href="/caseloads/my-cases/"' in page
