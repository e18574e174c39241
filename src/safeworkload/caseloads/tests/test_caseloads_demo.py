"""The demo region's caseloads: what the screens will show, and that it is built the same way."""

import hashlib
import re
import statistics
from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.db import transaction
from django.db.models import Avg, F, Q

from safeworkload.calc.standards import sustained_overload
from safeworkload.caseloads.demo import CaseloadFigures
from safeworkload.caseloads.models import (
    Allocation,
    CapacitySnapshot,
    Case,
    CaseWeight,
    EscalationLevel,
    WeightingScheme,
)
from safeworkload.caseloads.selectors.capacity import worker_loads
from safeworkload.caseloads.services.snapshots import monday_of, mondays_between
from safeworkload.organisations.demo import DemoSummary, demo_region_build
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.organisations.selectors import current_people

# A Monday, so that this week's snapshot and the live load see the same day: a
# case closed on a Tuesday is in that week's snapshot but not in the live load.
TODAY = date(2026, 3, 2)
THIS_WEEK = monday_of(TODAY)
SCALE = 0.3


# ---------------------------------------------------------------------------
# Determinism. First in the module: the module's one build (the ``demo`` fixture)
# would otherwise still be in the database, and a region is built only once.


def _digest() -> str:
    cases = Case.objects.order_by("organisation__code", "reference").values_list(
        "organisation__code",
        "reference",
        "team__name",
        "case_type__code",
        "tier",
        "status",
        "opened_on",
        "closed_on",
        "last_contact_on",
        "worker__staff_number",
    )
    allocations = Allocation.objects.order_by(
        "case__organisation__code", "case__reference", "starts_on"
    ).values_list("case__reference", "worker__staff_number", "starts_on", "ends_on", "reason")
    snapshots = CapacitySnapshot.objects.order_by(
        "person__organisation__code", "person__staff_number", "week_start"
    ).values_list("person__staff_number", "week_start", "cases", "points", "percent", "band")
    rows = [*cases, *allocations, *snapshots]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _digest_of_build(seed: int) -> str:
    with transaction.atomic():
        demo_region_build(seed=seed, scale=0.05, today=TODAY)
        digest = _digest()
        transaction.set_rollback(True)
    return digest


@pytest.mark.django_db
def test_the_same_seed_builds_the_same_cases_allocations_and_snapshots():
    assert _digest_of_build(3) == _digest_of_build(3)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> DemoSummary:
    """One build for the whole module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = demo_region_build(seed=1, scale=SCALE, today=TODAY)
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def figures(demo, db) -> CaseloadFigures:
    assert demo.caseloads is not None
    return demo.caseloads


def this_weeks_snapshots() -> list[CapacitySnapshot]:
    return list(CapacitySnapshot.objects.filter(week_start=THIS_WEEK).select_related("person"))


# ---------------------------------------------------------------------------
# Headline figures (DESIGN section 6, reference/03)


def test_the_median_worker_is_at_95_to_100_percent_of_capacity(figures):
    percents = [s.percent for s in this_weeks_snapshots()]
    assert 94 <= statistics.median(percents) <= 100
    assert figures.median_percent == float(statistics.median(percents))


def test_the_median_caseload_is_15_to_18_cases_with_a_long_tail_above_25(figures):
    cases = [s.cases for s in this_weeks_snapshots()]
    assert 15 <= statistics.median(cases) <= 18
    assert 0.05 <= sum(1 for c in cases if c > 25) / len(cases) <= 0.25
    assert max(cases) >= 30


def test_some_workers_are_over_110_percent_but_not_most(figures):
    assert 5 <= figures.over_110_percent <= 25


def test_some_workers_have_been_over_110_percent_for_the_last_four_weeks(figures):
    weeks = mondays_between(THIS_WEEK - timedelta(weeks=3), THIS_WEEK)
    by_person: dict[int, list] = {}
    for person_id, percent in (
        CapacitySnapshot.objects.filter(week_start__in=weeks)
        .order_by("person", "week_start")
        .values_list("person_id", "percent")
    ):
        by_person.setdefault(person_id, []).append(percent)
    overloaded = [p for p, series in by_person.items() if sustained_overload(series)]
    assert len(overloaded) == figures.sustained_overload >= 3


def test_some_teams_are_over_the_standard_on_average(demo, db):
    means = (
        CapacitySnapshot.objects.filter(week_start=THIS_WEEK)
        .values("person__team")
        .annotate(mean=Avg("percent"))
        .values_list("mean", flat=True)
    )
    assert any(mean >= 100 for mean in means)
    assert any(mean < 95 for mean in means)


def test_every_team_has_a_queue_of_unallocated_cases_of_different_ages(demo, db):
    for team in Team.objects.all():
        waiting = Case.objects.filter(team=team, worker__isnull=True).exclude(status="closed")
        assert waiting.count() >= 3, team
        ages = {(TODAY - opened).days for opened in waiting.values_list("opened_on", flat=True)}
        assert len(ages) >= 2, team
    assert (
        Case.objects.filter(worker__isnull=True, status="active")
        .filter(opened_on__lt=TODAY - timedelta(days=28))
        .exists()
    )


def test_dormant_cases_have_had_no_contact_for_60_days_and_still_have_a_worker(demo, db):
    dormant = Case.objects.filter(status=Case.Status.DORMANT)
    assert dormant.exists()
    assert not dormant.filter(last_contact_on__gt=TODAY - timedelta(days=60)).exists()
    assert not dormant.filter(worker__isnull=True).exists()


def test_leavers_cases_were_reallocated_with_a_reason(demo, db):
    leavers = Person.objects.filter(end_date__lt=TODAY)
    assert not Allocation.objects.filter(worker__in=leavers, ends_on__isnull=True).exists()
    assert not Case.objects.filter(worker__in=leavers).exists()
    moved = Allocation.objects.filter(reason__startswith="Previous worker left")
    assert moved.count() >= 20
    for allocation in moved[:50]:
        before = (
            Allocation.objects.filter(case=allocation.case, starts_on__lt=allocation.starts_on)
            .order_by("-starts_on")
            .first()
        )
        assert before is not None and before.worker.end_date is not None
        assert before.ends_on <= allocation.starts_on


# ---------------------------------------------------------------------------
# Consistency of the records


def test_each_cases_worker_is_the_worker_of_its_open_allocation(demo, db):
    open_allocation = dict(
        Allocation.objects.filter(ends_on__isnull=True).values_list("case_id", "worker_id")
    )
    for case_id, worker_id, status in Case.objects.values_list("pk", "worker_id", "status"):
        assert open_allocation.get(case_id) == worker_id, case_id
        if status == Case.Status.CLOSED:
            assert worker_id is None
    assert not Allocation.objects.filter(ends_on__lt=F("starts_on")).exists()


def test_spells_of_a_case_do_not_overlap(demo, db):
    spells: dict[int, list[tuple[date, date | None]]] = {}
    for case_id, starts_on, ends_on in Allocation.objects.order_by(
        "case_id", "starts_on"
    ).values_list("case_id", "starts_on", "ends_on"):
        spells.setdefault(case_id, []).append((starts_on, ends_on))
    for case_id, rows in spells.items():
        for (_, ended), (started, _) in pairwise(rows):
            assert ended is not None and ended <= started, case_id


def test_assistants_and_occupational_therapists_hold_no_reserved_work(demo, db):
    reserved = Allocation.objects.filter(case__case_type__reserved=True)
    assert not reserved.filter(
        worker__job_role__in=[Person.JobRole.ASSISTANT, Person.JobRole.OCCUPATIONAL_THERAPIST]
    ).exists()
    assert not Allocation.objects.filter(
        worker__job_role=Person.JobRole.ASSISTANT, case__tier__gt=1
    ).exists()
    assert not Allocation.objects.filter(
        worker__job_role=Person.JobRole.NEWLY_QUALIFIED,
        case__case_type__code__in=["s47-enquiry", "court-proceedings"],
    ).exists()


def test_only_case_holding_roles_hold_cases(demo, db):
    holders = set(Allocation.objects.values_list("worker__job_role", flat=True).distinct())
    assert holders <= {
        Person.JobRole.SOCIAL_WORKER,
        Person.JobRole.SENIOR_PRACTITIONER,
        Person.JobRole.NEWLY_QUALIFIED,
        Person.JobRole.OCCUPATIONAL_THERAPIST,
        Person.JobRole.ASSISTANT,
    }


def test_case_references_are_pseudonymised_and_unique(demo, db):
    pattern = re.compile(r"^(NG|RB|WM|EB|KS)-[AC]-\d{6}$")
    references = list(Case.objects.values_list("organisation__code", "reference"))
    assert all(pattern.match(reference) for _, reference in references)
    assert len(set(references)) == len(references)
    assert Case.objects.filter(
        organisation__code="northgate", reference__startswith="NG-A-"
    ).exists()


def test_over_ceiling_allocations_carry_a_reason(demo, db):
    over = Allocation.objects.filter(over_ceiling=True)
    assert over.exists()
    assert not over.filter(Q(override_reason="") | Q(potential_percent__isnull=True)).exists()


# ---------------------------------------------------------------------------
# Schemes, ladder and snapshots


def test_each_area_has_two_scheme_versions_a_year_apart_with_different_weights(demo, db):
    for organisation in Organisation.objects.all():
        for area in Team.ServiceArea.values:
            old, new = WeightingScheme.objects.filter(
                organisation=organisation, service_area=area
            ).order_by("effective_from")
            assert (new.effective_from - old.effective_from).days in range(357, 372)
            assert old.effective_from <= THIS_WEEK - timedelta(weeks=104)
            assert (new.mode, new.profile, new.nominal_target, new.fixed_points) == (
                "points",
                "local-agreed",
                100,
                15,
            )
            assert (new.green_from_percent, new.amber_from_percent, new.red_from_percent) == (
                95,
                100,
                110,
            )

            def weights(scheme: WeightingScheme) -> dict[tuple[int, int], int]:
                rows = CaseWeight.objects.filter(scheme=scheme)
                return {(w.case_type_id, w.tier): w.points for w in rows}

            assert weights(old).keys() == weights(new).keys()
            assert weights(old) != weights(new)
            assert all(2 <= points <= 10 for points in weights(new).values())


def test_each_organisation_has_a_four_rung_escalation_ladder(demo, db):
    ladder = list(
        EscalationLevel.objects.filter(organisation__code="riverside").values_list(
            "rank", "days_to_act"
        )
    )
    assert ladder == [(1, 5), (2, 10), (3, 15), (4, 20)]
    assert EscalationLevel.objects.count() == 20


def test_snapshots_cover_every_monday_of_the_two_years(demo, db):
    weeks = set(CapacitySnapshot.objects.values_list("week_start", flat=True).distinct())
    assert weeks == set(mondays_between(TODAY - timedelta(weeks=104), TODAY))


def test_this_weeks_snapshots_agree_with_the_live_loads(demo, db):
    for organisation in Organisation.objects.filter(code__in=["northgate", "kestrel"]):
        people = list(current_people(on=THIS_WEEK).filter(organisation=organisation))
        live = worker_loads(people=people, on=THIS_WEEK)
        for snapshot in CapacitySnapshot.objects.filter(
            organisation=organisation, week_start=THIS_WEEK
        ):
            load = live[snapshot.person_id]
            assert (snapshot.cases, snapshot.points, snapshot.percent, snapshot.band) == (
                load.cases,
                load.points,
                load.percent,
                load.band,
            )
