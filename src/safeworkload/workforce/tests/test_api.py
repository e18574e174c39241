"""Vacancies and measures in the API: one organisation's, no names.

Who may call the URLs is in tests/test_api_matrix.py; this file is about content.
"""

from datetime import date
from decimal import Decimal
from typing import get_args

import pytest
from django.utils import timezone

from safeworkload.calc.workforce import census_date
from safeworkload.organisations.services import api_token_create
from safeworkload.testing import PersonFactory
from safeworkload.workforce import api, services
from safeworkload.workforce.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def get(client, world):
    _, key_a = api_token_create(organisation=world.a, actor=None, name="a", access="read")

    def call(url: str):
        return client.get(url, headers={"Authorization": f"Bearer {key_a}"})

    return call


def test_the_api_cover_kinds_match_the_model():
    assert set(get_args(api.CoverKind)) == set(Post.Cover.values)


def test_the_vacancies_are_the_tokens_organisations_with_their_cover(get, world):
    post = Post.objects.get(team=world.team_a, holder__isnull=True)
    services.cover_add(
        post=post,
        actor=None,
        kind=Post.Cover.BANK,
        starts_on=date(2026, 1, 5),
        ends_on=None,
        hours_per_week=Decimal("30"),
        pence_per_hour=4100,
    )
    body = get("/api/v1/workforce/vacancies").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["post_id"] == post.pk and item["team"] == "Adults long-term"
    assert item["vacant_since"] == "2026-01-05"
    assert (item["cover"], item["cover_pence_per_hour"]) == ("bank", 4100)
    assert world.practitioner_person.family_name not in str(body)


def test_the_measures_default_to_the_last_census_and_split_by_team(get, world):
    body = get("/api/v1/workforce/measures").json()
    assert body["census_date"] == census_date(timezone.localdate()).isoformat()
    assert {team["team"] for team in body["teams"]} == {"Adults long-term", "Children duty"}


def test_the_measures_at_a_chosen_date(get, world):
    PersonFactory(organisation=world.a, team=world.team_a, end_date=date(2026, 3, 31))
    body = get("/api/v1/workforce/measures?census_date=2026-09-30").json()
    total = body["organisation"]
    assert body["year_from"] == "2025-10-01"
    assert (total["in_post_headcount"], total["leavers_headcount"]) == (3, 1)
    assert Decimal(total["vacancy_rate"]) == Decimal("25.00")
    assert Decimal(total["vacancies_covered_by_agency"]) == Decimal("100.00")
