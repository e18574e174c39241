"""The read-only API: per-person balances and the ledger, with no free text."""

from typing import get_args

import pytest
from django.utils import timezone

from safeworkload.entitlements import api
from safeworkload.entitlements.models import ExtraHours
from safeworkload.entitlements.tests.factories import extra
from safeworkload.organisations.services import api_token_create

pytestmark = pytest.mark.django_db


def test_the_api_enums_match_the_models():
    assert set(get_args(api.Compensation)) == set(ExtraHours.Compensation.values)
    assert set(get_args(api.ExtraHoursStatus)) == set(ExtraHours.Status.values)


def _get(client, world, url):
    _, key = api_token_create(organisation=world.a, actor=None, name="t", access="read")
    return client.get(url, headers={"Authorization": f"Bearer {key}"}).json()


def test_balances_give_each_person_in_post_their_figures(client, world):
    today = timezone.localdate()
    extra(world.practitioner_person, today, "6", status=ExtraHours.Status.APPROVED)
    extra(world.practitioner_person, today, "4", ExtraHours.Compensation.UNCLAIMED)
    items = _get(client, world, "/api/v1/hours/balances")["items"]
    assert {row["person_id"] for row in items} == set(world.a.people.values_list("pk", flat=True))
    mine = next(row for row in items if row["person_id"] == world.practitioner_person.pk)
    assert mine["toil_balance"] == "6.00"
    assert mine["unpaid_hours_per_week"] == "1.00"
    assert mine["development_entitlement"] == "48.10"
    assert mine["newly_qualified"] is False


def test_the_ledger_leaves_out_the_reasons_and_other_organisations(client, world):
    today = timezone.localdate()
    mine = extra(world.practitioner_person, today, "2")
    extra(world.person_b, today, "3")
    items = _get(client, world, "/api/v1/hours/extra?status=claimed")["items"]
    assert [row["id"] for row in items] == [mine.pk]
    assert "reason" not in items[0] and "decline_reason" not in items[0]
