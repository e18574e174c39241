"""Who reads which concerns, and that the register carries no content."""

import dataclasses
from datetime import date, timedelta

import pytest

from safeworkload.concerns.models import Concern, Level
from safeworkload.concerns.selectors import (
    RegisterRow,
    concern_register,
    concerns_to_answer,
    my_concerns,
    register_counts,
)
from safeworkload.concerns.services import concern_close, concern_escalate
from safeworkload.concerns.tests.factories import raise_concern

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def test_the_register_has_no_field_for_content_or_names():
    fields = {f.name for f in dataclasses.fields(RegisterRow)}
    assert fields == {
        "id",
        "level",
        "level_title",
        "raised_month",
        "answer_due_on",
        "status",
        "status_label",
        "days_overdue",
        "escalations",
    }


def test_the_register_shows_each_concerns_level_month_deadline_and_status(world):
    waiting = raise_concern(world.practitioner_person, on=DAY, level=Level.DIRECTOR)
    higher = raise_concern(world.colleague_elsewhere, on=DAY, answered=True)
    concern_escalate(concern=higher, actor=None, level=Level.GOVERNANCE, today=DAY)
    raise_concern(world.person_b, on=DAY)
    today = DAY + timedelta(days=32)
    rows = {row.id: row for row in concern_register(organisation=world.a, today=today)}
    assert set(rows) == {waiting.pk, higher.pk}
    assert rows[waiting.pk].raised_month == date(2026, 3, 1)
    assert rows[waiting.pk].level_title == "Director"
    assert rows[waiting.pk].days_overdue == 4
    assert rows[waiting.pk].overdue
    assert rows[higher.pk].level_title == "Elected member (councillor)"
    assert rows[higher.pk].escalations == 1


@pytest.mark.parametrize(
    ("status", "expected"),
    [("", 3), ("overdue", 1), ("raised", 1), ("answered", 1), ("closed", 1)],
)
def test_the_register_filters_by_status_and_by_overdue(world, status, expected):
    raise_concern(world.practitioner_person, on=DAY - timedelta(days=40))
    raise_concern(world.practitioner_person, on=DAY, answered=True)
    closed = raise_concern(world.practitioner_person, on=DAY)
    concern_close(concern=closed, actor=None, today=DAY)
    rows = concern_register(organisation=world.a, today=DAY, status=status)
    assert len(rows) == expected


def test_the_register_counts_waiting_overdue_answered_and_closed(world):
    raise_concern(world.practitioner_person, on=DAY - timedelta(days=40))
    raise_concern(world.practitioner_person, on=DAY)
    raise_concern(world.practitioner_person, on=DAY, answered=True)
    counts = register_counts(concern_register(organisation=world.a, today=DAY))
    assert (counts.waiting, counts.overdue, counts.answered, counts.closed) == (2, 1, 1, 0)


def test_a_person_sees_only_the_concerns_they_raised(world):
    mine = raise_concern(world.practitioner_person, on=DAY)
    raise_concern(world.colleague_elsewhere, on=DAY)
    assert list(my_concerns(person=world.practitioner_person)) == [mine]


def test_concerns_waiting_for_an_answer_come_first_most_pressing_first(world):
    answered = raise_concern(world.practitioner_person, on=DAY - timedelta(days=50), answered=True)
    later = raise_concern(world.practitioner_person, on=DAY)
    sooner = raise_concern(world.colleague_elsewhere, on=DAY - timedelta(days=10))
    raise_concern(world.person_b, on=DAY)
    assert list(concerns_to_answer(organisation=world.a)) == [sooner, later, answered]
    assert list(concerns_to_answer(organisation=world.a, status="waiting")) == [sooner, later]
    assert list(concerns_to_answer(organisation=world.a, status=Concern.Status.ANSWERED)) == [
        answered
    ]
