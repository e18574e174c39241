"""Overload hidden in unpaid hours: a worker under 100% by points who works ten
unpaid hours a week is not green, on the team's capacity table and in the
caseload report."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from safeworkload.caseloads.models import CapacitySnapshot
from safeworkload.caseloads.selectors.allocation import TeamLoad
from safeworkload.caseloads.selectors.capacity import WorkerLoad
from safeworkload.caseloads.selectors.reports import caseload_report
from safeworkload.entitlements.models import ExtraHours
from safeworkload.entitlements.tests.factories import extra
from safeworkload.testing import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def load(percent: str, band: str) -> WorkerLoad:
    return WorkerLoad(1, 10, Decimal(percent), 100, Decimal(percent), band, 100)


@pytest.mark.parametrize(
    ("percent", "band", "unpaid", "hours_band"),
    [
        ("95.0", "green", "10", "red"),
        ("95.0", "green", "2", "amber"),
        ("80.0", "blue", "1", "amber"),
        # Already red by points: the hours add nothing worse.
        ("112.0", "red", "10", None),
        ("95.0", "green", None, None),
    ],
)
def test_unpaid_hours_make_a_worker_under_capacity_amber_or_red(
    world, percent, band, unpaid, hours_band
):
    row = TeamLoad(
        world.practitioner_person,
        load(percent, band),
        "Experienced",
        unpaid=Decimal(unpaid) if unpaid else None,
    )
    assert row.hours_band == hours_band


def test_the_caseload_report_says_who_has_room_by_points_but_not_by_hours(world):
    colleague = PersonFactory(organisation=world.a, team=world.team_a)
    week = TODAY - timedelta(days=TODAY.weekday())
    for person, percent in ((world.practitioner_person, "95.0"), (colleague, "104.0")):
        CapacitySnapshot.objects.create(
            organisation=world.a,
            person=person,
            week_start=week,
            cases=10,
            points=Decimal(percent),
            available_points=100,
            percent=Decimal(percent),
            band="green" if percent == "95.0" else "amber",
        )
        for days_ago in (1, 8, 15, 22):
            extra(person, TODAY - timedelta(days=days_ago), "10", ExtraHours.Compensation.UNCLAIMED)
    report = caseload_report(organisation=world.a, team=world.team_a, today=TODAY)
    assert report.unpaid is not None
    assert (report.unpaid.workers, report.unpaid.mean_hours, report.unpaid.under_100) == (
        2,
        Decimal("10.0"),
        1,
    )
