"""The time-use API lists only teams with enough people sampled, of the token's organisation."""

from decimal import Decimal

import pytest

from safeworkload.organisations.services import api_token_create
from safeworkload.testing import PersonFactory
from safeworkload.timeuse.tests.test_views import five_in_team_a, record

pytestmark = pytest.mark.django_db


def get(client, organisation, url="/api/v1/time-use/teams"):
    _, key = api_token_create(organisation=organisation, actor=None, name="t", access="read")
    return client.get(url, headers={"Authorization": f"Bearer {key}"})


def test_a_team_of_five_is_listed_with_its_shares(client, world):
    five_in_team_a(world)
    items = get(client, world.a).json()["items"]
    assert [item["team_id"] for item in items] == [world.team_a.pk]
    item = items[0]
    assert (item["people"], item["sample_weeks"]) == (5, 5)
    assert Decimal(item["direct_percent"]) == Decimal("20.0")
    assert Decimal(item["gap_to_target_points"]) == Decimal("60.0")
    assert Decimal(item["mean_hours_over_contract"]) == Decimal("3.00")


def test_a_team_is_left_out_when_it_would_give_away_one_person_elsewhere(client, world):
    five_in_team_a(world)
    # One person in the children's service: the organisation (6) minus the adults'
    # team (5) would be that person, so the adults' figures are hidden with them.
    record(world.colleague_elsewhere)
    assert get(client, world.a).json()["items"] == []


def test_a_team_of_four_is_not_listed(client, world):
    for person in [world.practitioner_person] + [
        PersonFactory(organisation=world.a, team=world.team_a) for _ in range(3)
    ]:
        record(person)
    assert get(client, world.a).json()["items"] == []


def test_another_organisations_token_sees_none_of_its_teams(client, world):
    five_in_team_a(world)
    assert get(client, world.b).json()["items"] == []


def test_only_the_periods_offered_on_the_pages_are_accepted(client, world):
    assert get(client, world.a, "/api/v1/time-use/teams?months=12").status_code == 200
    assert get(client, world.a, "/api/v1/time-use/teams?months=7").status_code == 422
