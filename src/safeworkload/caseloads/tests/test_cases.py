"""Agreeing a case's tier (caseloads.services.cases): the worker and a manager
must both agree before the tier changes, and every change keeps who and when."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.models import Case, TierAgreement
from safeworkload.caseloads.selectors.cases import (
    MANAGER,
    WORKER,
    my_cases,
    pending_proposal,
    tier_history,
    tier_sides,
)
from safeworkload.caseloads.services.cases import TierRefused, tier_agree, tier_propose
from safeworkload.caseloads.tests.test_allocation_guard import (
    SECRET_TYPE,
    case_in,
    case_type_for,
    scheme_for,
)
from safeworkload.organisations.roles import Role, permissions_for
from safeworkload.organisations.tenancy import Tenancy
from safeworkload.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world: World) -> tuple[World, Case]:
    """A tier 2 case in team A, held by the world's practitioner."""
    scheme_for(world.a)
    case_type = case_type_for(world.a, SECRET_TYPE, reserved=True)
    return world, case_in(world.team_a, case_type, worker=world.practitioner_person)


def propose(world: World, case: Case, persona: str, side, tier: int = 3, reason: str = "Why"):
    return tier_propose(case=case, tier=tier, reason=reason, side=side, actor=world.users[persona])


def test_a_proposal_alone_does_not_change_the_tier(held):
    world, case = held
    propose(world, case, "practitioner", WORKER)
    case.refresh_from_db()
    assert case.tier == 2


def test_the_tier_changes_only_when_both_sides_have_agreed(held):
    world, case = held
    proposal = propose(world, case, "practitioner", WORKER)

    tier_agree(agreement=proposal, side=MANAGER, actor=world.users["team_manager"])

    case.refresh_from_db()
    assert case.tier == 3
    assert pending_proposal(case=case) is None


def test_a_manager_may_propose_and_the_worker_agree(held):
    world, case = held
    proposal = propose(world, case, "team_manager", MANAGER, tier=1)
    case.refresh_from_db()
    assert case.tier == 2

    tier_agree(agreement=proposal, side=WORKER, actor=world.users["practitioner"])

    case.refresh_from_db()
    assert case.tier == 1


def test_each_change_keeps_who_proposed_it_and_when_each_side_agreed(held):
    world, case = held
    before = timezone.now()
    proposal = propose(world, case, "team_manager", MANAGER, reason="More visits needed")
    tier_agree(agreement=proposal, side=WORKER, actor=world.users["practitioner"])

    [change] = tier_history(case=case)
    assert change.tier == 3
    assert change.changed_by == world.users["team_manager"]
    assert change.manager_agreed_at is not None and change.worker_agreed_at is not None
    assert before <= change.manager_agreed_at <= change.worker_agreed_at
    assert change.reason == "More visits needed"
    proposed = AuditEntry.objects.get(action="case.tier_proposed")
    assert "More visits needed" not in str(proposed.data)  # free text stays out of the log
    agreed = AuditEntry.objects.get(action="case.tier_agreed")
    assert agreed.actor == world.users["practitioner"]  # who agreed, on the worker's side


def test_the_agreed_change_is_audited_with_the_reference_and_tiers_only(held):
    world, case = held
    proposal = propose(world, case, "practitioner", WORKER, reason="Risk has risen")
    tier_agree(agreement=proposal, side=MANAGER, actor=world.users["service_lead"])

    entry = AuditEntry.objects.get(action="case.tier_agreed")
    assert entry.data == {"case": case.reference, "from_tier": 2, "to_tier": 3}
    assert SECRET_TYPE not in str(entry.data)


def test_a_second_proposal_replaces_the_first(held):
    world, case = held
    first = propose(world, case, "practitioner", WORKER, tier=3)
    second = propose(world, case, "team_manager", MANAGER, tier=1)

    assert not TierAgreement.objects.filter(pk=first.pk).exists()
    assert pending_proposal(case=case) == second
    with pytest.raises(TierRefused, match="replaced or agreed already"):
        tier_agree(agreement=first, side=MANAGER, actor=world.users["team_manager"])
    case.refresh_from_db()
    assert case.tier == 2


def test_the_worker_cannot_agree_their_own_proposal_as_the_manager(held):
    world, case = held
    proposal = propose(world, case, "practitioner", WORKER)

    with pytest.raises(TierRefused, match="You proposed tier 3"):
        tier_agree(agreement=proposal, side=MANAGER, actor=world.users["practitioner"])

    case.refresh_from_db()
    assert case.tier == 2


def test_someone_who_both_holds_and_manages_a_case_cannot_agree_with_themselves(world):
    scheme_for(world.a)
    case = case_in(world.team_a, case_type_for(world.a, "Review"), worker=world.manager_person)
    proposal = propose(world, case, "team_manager", WORKER)

    with pytest.raises(TierRefused, match="You proposed"):
        tier_agree(agreement=proposal, side=MANAGER, actor=world.users["team_manager"])

    tier_agree(agreement=proposal, side=MANAGER, actor=world.users["service_lead"])
    case.refresh_from_db()
    assert case.tier == 3


def test_the_side_that_agreed_already_cannot_agree_again(held):
    world, case = held
    proposal = propose(world, case, "team_manager", MANAGER)

    with pytest.raises(
        TierRefused, match="A manager has agreed tier 3 already: the worker must agree it"
    ):
        tier_agree(agreement=proposal, side=MANAGER, actor=world.users["service_lead"])


def test_proposing_the_tier_the_case_has_now_is_refused(held):
    world, case = held
    with pytest.raises(TierRefused, match="is tier 2 already"):
        propose(world, case, "practitioner", WORKER, tier=2)


def test_a_proposal_needs_a_reason(held):
    world, case = held
    with pytest.raises(TierRefused, match="Enter the reason"):
        propose(world, case, "practitioner", WORKER, reason="  ")


def test_a_closed_case_keeps_its_tier(held):
    world, case = held
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_on=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(TierRefused, match="closed"):
        propose(world, case, "practitioner", WORKER)


def _tenancy(world: World, role: str, person=None) -> Tenancy:
    return Tenancy(
        organisation=world.a,
        roles=frozenset({role}),
        permissions=permissions_for({role}),
        person=person,
    )


def test_the_sides_are_the_worker_holding_it_and_its_teams_managers(held):
    world, case = held
    assert tier_sides(
        tenancy=_tenancy(world, Role.PRACTITIONER, world.practitioner_person), case=case
    ) == {WORKER}
    assert tier_sides(
        tenancy=_tenancy(world, Role.TEAM_MANAGER, world.manager_person), case=case
    ) == {MANAGER}
    assert tier_sides(tenancy=_tenancy(world, Role.SERVICE_LEAD), case=case) == {MANAGER}
    assert tier_sides(tenancy=_tenancy(world, Role.UNION_REP), case=case) == set()
    assert (
        tier_sides(tenancy=_tenancy(world, Role.PRACTITIONER, world.colleague_elsewhere), case=case)
        == set()
    )


def test_the_workers_case_list_shows_proposals_waiting_for_them(held):
    world, case = held
    other = case_in(world.team_a, case.case_type, worker=world.practitioner_person)
    propose(world, case, "team_manager", MANAGER, tier=1)
    propose(world, other, "practitioner", WORKER, tier=3)

    rows = {row.case.pk: row for row in my_cases(person=world.practitioner_person)}

    assert rows[case.pk].waiting_for_me and rows[case.pk].proposal is not None
    assert not rows[other.pk].waiting_for_me and rows[other.pk].proposal is not None
