"""Caseload reports: the sums behind the dashboards, on small fixtures whose
answers can be worked out by hand (reference/01 §4 AVG-1, §5 items 8, 14, 15)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeworkload.calc.standards import METRIC_LABELS
from safeworkload.caseloads.models import Allocation, Breach, CapacitySnapshot, Case, CaseType
from safeworkload.caseloads.selectors.reports import (
    Bin,
    averages_of,
    caseload_report,
    distribution_of,
    dormant_cases,
    histogram_bins,
    queue_of,
    region_report,
    weekly_trend,
)
from safeworkload.caseloads.tests.test_breaches import open_breach, snapshot
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.testing import OrganisationFactory, PersonFactory, TeamFactory

TODAY = date(2026, 11, 23)
LATEST = date(2026, 11, 23)  # a Monday


def D(values: str) -> list[Decimal]:
    return [Decimal(v) for v in values.split()]


# ---------------------------------------------------------------------------
# Pure summaries


def test_the_distribution_of_a_small_team():
    dist = distribution_of(
        D("80.0 95.0 100.0 100.1 110.0 110.1 130.0"),
        week_start=LATEST,
        bands=["blue", "green", "amber", "amber", "red", "red", "red"],
    )
    assert (dist.workers, dist.minimum, dist.median, dist.maximum) == (
        7,
        Decimal("80.0"),
        Decimal("100.1"),
        Decimal("130.0"),
    )
    # "Over" is strictly more than: 100.0 is not over 100, 110.0 is not over 110.
    assert (dist.over_100, dist.share_over_100) == (4, Decimal("57.1"))
    assert (dist.over_110, dist.share_over_110) == (2, Decimal("28.6"))
    assert dist.bands == {"blue": 1, "green": 1, "amber": 2, "red": 3}
    assert dist.band_share("red") == Decimal("42.9")


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert distribution_of(D("90 100 104 130"), week_start=LATEST).median == Decimal("102.0")


def test_an_empty_distribution():
    dist = distribution_of([], week_start=None)
    assert (dist.workers, dist.median, dist.share_over_110, dist.bins) == (0, None, None, [])


def test_histogram_bins_include_their_lower_edge():
    bins = histogram_bins(D("94.9 95.0 99.9 100.0 109.9 110.0 119.9 120.0"))
    counts = {b.lower: b.count for b in bins}
    assert counts[90] == 3 and counts[100] == 2 and counts[110] == 2 and counts[120] == 1
    assert [b.lower for b in bins] == list(range(50, 150, 10))  # at least 50-150
    assert sum(b.count for b in bins) == 8
    assert bins[6].label == "110–119.9%"


def test_histogram_bins_widen_for_outliers_and_close_at_200():
    bins = histogram_bins(D("12.5 180.0 200.0 260.0"))
    assert bins[0] == Bin(10, 20, 1)
    assert bins[-2] == Bin(190, 200, 0)
    assert bins[-1] == Bin(200, None, 2)
    assert bins[-1].label == "200% or more"
    assert Bin(180, 190, 1) in bins


def test_avg_1_the_dfe_average_and_the_per_person_median_differ_and_say_why():
    # Two full-timers with 20 and 10 cases, a half-timer with 12; a manager with none.
    averages = averages_of(
        [(20, Decimal("37")), (10, Decimal("37")), (12, Decimal("18.5")), (0, Decimal("37"))],
        standard_hours=Decimal("37"),
    )
    assert (averages.cases, averages.case_holders, averages.case_holding_fte) == (
        42,
        3,
        Decimal("2.5"),
    )
    assert averages.dfe.value == Decimal("16.8")  # 42 / 2.5
    assert averages.per_person_median.value == Decimal("12.0")
    assert averages.dfe.label == METRIC_LABELS["dfe-average"]
    assert "FTE of case-holding workers" in averages.dfe.label
    assert "each case-holder counted once" in averages.per_person_median.label


def test_no_case_holders_no_averages():
    averages = averages_of([(0, Decimal("37"))], standard_hours=Decimal("37"))
    assert (averages.dfe, averages.per_person_median, averages.cases) == (None, None, 0)


def test_queue_ages_fall_in_bands():
    queue = queue_of([0, 6, 7, 27, 28, 83, 84, 400])
    assert queue.bands == [
        ("Under 1 week", 2),
        ("1 to 4 weeks", 2),
        ("4 to 12 weeks", 2),
        ("12 weeks or more", 2),
    ]
    assert (queue.count, queue.oldest_days, queue.median_days) == (8, 400, Decimal("27.5"))


# ---------------------------------------------------------------------------
# From the database


def case_type(organisation: Organisation, service_area: str = "adults") -> CaseType:
    made, _ = CaseType.objects.get_or_create(
        organisation=organisation,
        service_area=service_area,
        code="review",
        defaults={"name": "Review"},
    )
    return made


def make_case(
    team: Team,
    reference: str,
    *,
    worker: Person | None = None,
    status: str = Case.Status.ACTIVE,
    opened_on: date = date(2026, 1, 5),
    last_contact_on: date | None = None,
) -> Case:
    return Case.objects.create(
        organisation=team.organisation,
        team=team,
        reference=reference,
        case_type=case_type(team.organisation, team.service_area),
        status=status,
        opened_on=opened_on,
        last_contact_on=last_contact_on,
        worker=worker,
    )


def hold(person: Person, n: int, prefix: str) -> None:
    for i in range(n):
        make_case(person.team, f"{prefix}-{i}", worker=person, last_contact_on=TODAY)


@pytest.fixture
def avg_1(world):
    """Team A: a full-timer with 20 cases, another with 10, a half-timer with 12."""
    full = world.practitioner_person
    other = PersonFactory(organisation=world.a, team=world.team_a)
    half = PersonFactory(organisation=world.a, team=world.team_a, contracted_hours=Decimal("18.5"))
    hold(full, 20, "F")
    hold(other, 10, "O")
    hold(half, 12, "H")
    for person, percent in ((full, "125.0"), (other, "70.0"), (half, "112.0")):
        snapshot(person, LATEST, percent)
        snapshot(person, LATEST - timedelta(weeks=1), "100.0")
    return world


def test_the_organisation_report_on_the_avg_1_fixture(avg_1):
    world = avg_1
    report = caseload_report(organisation=world.a, today=TODAY)

    assert report.averages.dfe.value == Decimal("16.8")
    assert report.averages.per_person_median.value == Decimal("12.0")
    assert (report.distribution.week_start, report.distribution.workers) == (LATEST, 3)
    assert report.distribution.median == Decimal("112.0")
    assert report.distribution.over_110 == 2
    assert [(p.week_start, p.workers, p.median, p.over_110) for p in report.trend] == [
        (LATEST - timedelta(weeks=1), 3, Decimal("100.0"), 0),
        (LATEST, 3, Decimal("112.0"), 2),
    ]
    rows = {row.team.name: row for row in report.teams}
    assert rows["Adults long-term"].averages.dfe.value == Decimal("16.8")
    assert rows["Children duty"].distribution.workers == 0
    assert rows["Children duty"].averages.dfe is None


def test_a_team_report_counts_only_the_teams_people_and_cases(avg_1):
    world = avg_1
    hold(world.colleague_elsewhere, 30, "ELSE")
    snapshot(world.colleague_elsewhere, LATEST, "150.0")
    make_case(world.other_team_a, "Q-ELSE")

    team = caseload_report(organisation=world.a, team=world.team_a, today=TODAY)
    whole = caseload_report(organisation=world.a, today=TODAY)

    assert (team.distribution.workers, team.averages.cases, team.queue.count) == (3, 42, 0)
    assert (whole.distribution.workers, whole.averages.cases, whole.queue.count) == (4, 72, 1)
    assert team.teams == [] and team.breaches is None


def test_closed_cases_are_not_held_and_dormant_ones_are(world):
    person = world.practitioner_person
    make_case(world.team_a, "OPEN", worker=person, last_contact_on=TODAY)
    make_case(world.team_a, "QUIET", worker=person, status=Case.Status.DORMANT)
    make_case(world.team_a, "SHUT", worker=person, status=Case.Status.CLOSED)
    report = caseload_report(organisation=world.a, today=TODAY)
    assert report.averages.cases == 2


def test_the_queue_ages_cases_from_their_last_allocation_or_their_opening(world):
    never = make_case(world.team_a, "NEVER", opened_on=TODAY - timedelta(days=40))
    handed_back = make_case(world.team_a, "BACK", opened_on=TODAY - timedelta(days=300))
    Allocation.objects.create(
        organisation=world.a,
        case=handed_back,
        worker=world.practitioner_person,
        starts_on=TODAY - timedelta(days=300),
        ends_on=TODAY - timedelta(days=3),
        reason="First allocation",
    )
    make_case(world.team_a, "HELD", worker=world.practitioner_person)
    make_case(world.team_a, "SHUT", status=Case.Status.CLOSED)
    make_case(world.team_a, "WAITING-CLOSE", status=Case.Status.AWAITING_CLOSURE)

    report = caseload_report(organisation=world.a, today=TODAY)

    assert (report.queue.count, report.queue.oldest_days, report.queue.median_days) == (
        2,
        40,
        Decimal("21.5"),
    )
    assert dict(report.queue.bands)["Under 1 week"] == 1
    assert never.reference != handed_back.reference


@pytest.mark.parametrize(
    ("days_since_contact", "dormant"),
    [(59, False), (60, True), (61, True)],
    ids=["59-days", "60-days", "61-days"],
)
def test_the_dormant_threshold_boundary(world, days_since_contact, dormant):
    make_case(
        world.team_a,
        "C-1",
        worker=world.practitioner_person,
        last_contact_on=TODAY - timedelta(days=days_since_contact),
    )
    found = dormant_cases(organisation_ids=[world.a.pk], today=TODAY, dormant_days=60)
    assert found.exists() is dormant
    assert caseload_report(organisation=world.a, today=TODAY).dormant == int(dormant)


def test_dormant_without_any_contact_counts_from_opening_and_the_threshold_is_a_setting(world):
    make_case(world.team_a, "NO-CONTACT", opened_on=TODAY - timedelta(days=45))
    make_case(world.team_a, "CLOSED", status=Case.Status.CLOSED, opened_on=date(2020, 1, 1))
    assert caseload_report(organisation=world.a, today=TODAY).dormant == 0
    assert caseload_report(organisation=world.a, today=TODAY, dormant_days=45).dormant == 1


def test_the_organisation_report_counts_breaches(world):
    open_breach(world.practitioner_person, opened_on=TODAY - timedelta(days=30))
    counts = caseload_report(organisation=world.a, today=TODAY).breaches
    assert (counts.open, counts.overdue, counts.resolved) == (1, 1, 0)
    assert Breach.objects.count() == 1


def test_the_region_compares_organisations_on_the_same_measures(avg_1):
    world = avg_1
    hold(world.person_b, 8, "B")
    snapshot(world.person_b, LATEST - timedelta(weeks=2), "80.0")  # B's latest week is older
    empty = OrganisationFactory(region=world.region)

    rows = region_report(organisations=[world.a, world.b, empty], today=TODAY)

    a, b, nothing = rows
    assert (a.averages.dfe.value, a.distribution.median, a.distribution.workers) == (
        Decimal("16.8"),
        Decimal("112.0"),
        3,
    )
    assert (b.distribution.week_start, b.distribution.median) == (
        LATEST - timedelta(weeks=2),
        Decimal("80.0"),
    )
    assert b.averages.dfe.value == Decimal("8.0")
    assert (nothing.distribution.workers, nothing.averages.dfe, nothing.queue.count) == (
        0,
        None,
        0,
    )


def _grow(organisation: Organisation, teams: int, per_team: int, cases_each: int) -> None:
    for t in range(teams):
        team = TeamFactory(organisation=organisation)
        for p in range(per_team):
            person = PersonFactory(organisation=organisation, team=team)
            hold(person, cases_each, f"G{t}-{p}")
            for w in range(3):
                snapshot(person, LATEST - timedelta(weeks=w), "95.0")
        make_case(team, f"Q{t}", opened_on=TODAY - timedelta(days=10))


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def test_report_query_counts_do_not_grow_with_staff(world):
    small = OrganisationFactory(region=world.region)
    large = OrganisationFactory(region=world.region)
    _grow(small, teams=2, per_team=2, cases_each=2)
    _grow(large, teams=2, per_team=8, cases_each=4)

    def org(o):
        return lambda: caseload_report(organisation=o, today=TODAY)

    def team(o):
        return lambda: caseload_report(
            organisation=o, team=Team.objects.filter(organisation=o).first(), today=TODAY
        )

    assert _queries(org(small)) == _queries(org(large))
    assert _queries(team(small)) == _queries(team(large))
    region_small = _queries(lambda: region_report(organisations=[small], today=TODAY))
    region_both = _queries(lambda: region_report(organisations=[small, large], today=TODAY))
    assert region_small == region_both


def test_the_weekly_median_comes_from_the_middle_figures_of_each_week(world):
    people = [world.practitioner_person, world.colleague_elsewhere, world.manager_person]
    people.append(PersonFactory(organisation=world.a, team=world.team_a))
    weeks = {
        LATEST - timedelta(weeks=2): ["90.0", "100.0", "104.0", "130.0"],  # even: 102.0
        LATEST - timedelta(weeks=1): ["120.0", "100.0", "110.5"],  # odd: 110.5
        LATEST: ["110.0", "110.0", "110.0", "110.0"],  # ties, none over 110
    }
    for week, percents in weeks.items():
        for person, percent in zip(people, percents, strict=False):
            snapshot(person, week, percent)
    snapshot(world.person_b, LATEST, "300.0")  # another organisation's

    trend = weekly_trend(CapacitySnapshot.objects.filter(organisation=world.a))

    assert [(p.workers, p.median, p.over_110) for p in trend] == [
        (4, Decimal("102.0"), 1),
        (3, Decimal("110.5"), 2),
        (4, Decimal("110.0"), 0),
    ]
