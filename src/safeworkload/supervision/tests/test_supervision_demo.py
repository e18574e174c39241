"""The demo's supervision looks like the sector's: often cancelled, often short."""

from datetime import date

import pytest
from django.db import transaction

from safeworkload.organisations.demo import DemoSummary, demo_region_build
from safeworkload.organisations.models import Organisation
from safeworkload.supervision.models import Session
from safeworkload.supervision.selectors import month_answers

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> DemoSummary:
    with django_db_blocker.unblock(), transaction.atomic():
        summary = demo_region_build(seed=1, scale=0.1, today=TODAY)
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def february(demo, db) -> list:
    return [
        month_answers(organisation=organisation, month=date(2026, 2, 1))
        for organisation in Organisation.objects.all()
    ]


def test_the_demo_summary_counts_the_supervision_it_built(demo, db):
    assert f"{Session.objects.count()} sessions booked" in demo.line()


def test_most_but_not_all_social_workers_had_ninety_minutes_last_month(february):
    staff = sum(a.staff for a in february)
    with_90 = sum(a.with_90 for a in february)
    assert 0.4 < with_90 / staff < 0.95


def test_some_booked_sessions_were_cancelled_or_moved(february):
    booked = sum(a.scheduled for a in february)
    not_held = sum(a.cancelled + a.moved for a in february)
    assert 0.05 < not_held / booked < 0.4


def test_newly_qualified_social_workers_are_on_their_timetable_or_behind_it(february):
    assert sum(a.newly_qualified for a in february) > 0


def test_a_moved_session_points_at_the_session_that_replaced_it(demo, db):
    moved = Session.objects.filter(status=Session.Status.MOVED).select_related("moved_to")
    assert moved.exists()
    assert all(s.moved_to.scheduled_for > s.scheduled_for for s in moved)
