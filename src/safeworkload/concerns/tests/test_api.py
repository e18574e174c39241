"""The register in the API: the same columns as the page, no content, one organisation.

Who may call the URL is in tests/test_api_matrix.py; this file is about content.
"""

from datetime import timedelta
from typing import get_args

import pytest
from django.utils import timezone

from safeworkload.concerns import api
from safeworkload.concerns.models import Concern
from safeworkload.concerns.tests.factories import ANSWER, DETAIL, SUBJECT, raise_concern
from safeworkload.organisations.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def get(client, world):
    _, key_a = api_token_create(organisation=world.a, actor=None, name="a", access="read")

    def call(url: str):
        return client.get(url, headers={"Authorization": f"Bearer {key_a}"})

    return call


def test_the_api_status_names_match_the_model():
    assert set(get_args(api.ConcernStatus)) == set(Concern.Status.values)


def test_the_register_answers_with_status_only_for_the_tokens_organisation(get, world):
    today = timezone.localdate()
    overdue = raise_concern(world.practitioner_person, on=today - timedelta(days=30))
    answered = raise_concern(world.practitioner_person, on=today, answered=True)
    raise_concern(world.person_b, on=today)
    body = get("/api/v1/concerns").json()
    assert body["count"] == 2
    items = {item["id"]: item for item in body["items"]}
    assert set(items) == {overdue.pk, answered.pk}
    assert items[overdue.pk] == {
        "id": overdue.pk,
        "level": 2,
        "level_name": "Service lead or principal social worker",
        "raised_month": overdue.raised_on.strftime("%Y-%m"),
        "answer_due_on": overdue.answer_due_on.isoformat(),
        "status": "raised",
        "overdue": True,
        "days_overdue": 2,
        "times_taken_higher": 0,
    }
    text = str(body)
    for secret in (SUBJECT, DETAIL, ANSWER, world.practitioner_person.family_name):
        assert secret not in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 2), ("?overdue=true", 1), ("?overdue=false", 1), ("?status=answered", 1)],
)
def test_the_register_filters_by_status_and_overdue(get, world, query, expected):
    today = timezone.localdate()
    raise_concern(world.practitioner_person, on=today - timedelta(days=30))
    raise_concern(world.practitioner_person, on=today, answered=True)
    assert get(f"/api/v1/concerns{query}").json()["count"] == expected
