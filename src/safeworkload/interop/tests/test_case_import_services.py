"""Applying a case file: all or nothing, idempotent, history kept, every change audited.

``case_records`` sets up what the case tests share: organisation A's case
types, and workers W1 and W2 (registered), U1 (not registered) and L1 (a
leaver), all in the team "Adults long-term".
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.models import Allocation, Case, CaseType, WeightingScheme
from safeworkload.interop.case_selectors import case_import_plan
from safeworkload.interop.case_services import (
    CaseImportClosed,
    CaseImportInvalid,
    case_import_apply,
    case_import_ceiling_warnings,
    case_import_check,
    case_import_run,
    import_case_allocate,
)
from safeworkload.interop.models import CaseImport
from safeworkload.interop.tests.test_case_csv import case_csv, case_row, numbered_cases
from safeworkload.organisations.models import Person, Team
from safeworkload.testing import PersonFactory, World

pytestmark = pytest.mark.django_db


@dataclass
class CaseRecords:
    world: World
    care_act: CaseType
    review: CaseType
    w1: Person
    w2: Person
    u1: Person
    l1: Person


def add_case_records(world: World) -> CaseRecords:
    a = world.a
    types = {
        (area, code): CaseType.objects.create(
            organisation=a, service_area=area, code=code, name=name, reserved=reserved
        )
        for area, code, name, reserved in [
            (Team.ServiceArea.ADULTS, "care-act-assessment", "Care Act assessment", True),
            (Team.ServiceArea.ADULTS, "review", "Review", False),
            (Team.ServiceArea.CHILDREN, "s47-enquiry", "Section 47 enquiry", True),
            (Team.ServiceArea.CHILDREN, "family-support", "Family support", False),
        ]
    }
    CaseType.objects.create(
        organisation=world.b, service_area="adults", code="care-act-assessment", name="Care Act"
    )

    def worker(staff_number: str, **fields) -> Person:
        return PersonFactory(organisation=a, team=world.team_a, staff_number=staff_number, **fields)

    return CaseRecords(
        world=world,
        care_act=types[("adults", "care-act-assessment")],
        review=types[("adults", "review")],
        w1=worker("W1"),
        w2=worker("W2"),
        u1=worker(
            "U1",
            registered=False,
            qualified=False,
            registration_number="",
            job_role=Person.JobRole.ASSISTANT,
        ),
        l1=worker("L1", end_date=date(2025, 3, 31)),
    )


@pytest.fixture
def records(world) -> CaseRecords:
    return add_case_records(world)


def run(records: CaseRecords, *rows: dict[str, str]) -> CaseImport:
    return case_import_run(organisation=records.world.a, actor=None, text=case_csv(*rows))


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))


def test_a_good_file_adds_cases_and_their_allocations(records):
    result = run(
        records,
        case_row(reference="C1"),
        case_row(reference="C2", case_type="Review", worker_staff_number="", allocated_on=""),
    )

    assert (result.created_count, result.allocated_count, result.status) == (2, 1, "applied")
    c1, c2 = Case.objects.filter(organisation=records.world.a).order_by("reference")
    assert (c1.worker, c1.case_type, c1.tier, c1.opened_on) == (
        records.w1,
        records.care_act,
        2,
        date(2025, 1, 6),
    )
    assert c2.worker is None
    allocation = Allocation.objects.get()
    assert (allocation.case, allocation.worker, allocation.starts_on, allocation.ends_on) == (
        c1,
        records.w1,
        date(2025, 1, 8),
        None,
    )
    assert allocation.reason == "Imported from the case system"
    assert not allocation.over_ceiling
    assert audit_actions() == [
        "case.imported",
        "case.allocated",
        "case.imported",
        "case_import.applied",
    ]


def test_the_audit_log_names_a_case_only_by_its_reference(records):
    run(records, case_row(reference="C1"))
    run(
        records,
        case_row(reference="C1", tier="3", worker_staff_number="W2", allocated_on="2025-03-03"),
    )
    entries = AuditEntry.objects.exclude(action="case_import.applied")
    assert {entry.action for entry in entries} == {
        "case.imported",
        "case.allocated",
        "case.updated",
    }
    for entry in entries:
        assert entry.data["case"] == "C1"
        assert set(entry.data) <= {"case", "changed"}
        assert entry.actor_label == "system"
    assert entries.get(action="case.updated").data["changed"] == ["tier"]


def test_one_bad_row_writes_nothing(records):
    before = audit_actions()
    with pytest.raises(CaseImportInvalid) as invalid:
        run(records, *numbered_cases(3), case_row(reference="BAD", tier="4"))
    assert [str(error) for error in invalid.value.errors] == [
        "Row 5, tier: Enter a tier of 1, 2 or 3"
    ]
    assert not Case.objects.exists()
    assert not Allocation.objects.exists()
    assert not CaseImport.objects.exists()
    assert audit_actions() == before


def test_importing_the_same_file_twice_changes_nothing_the_second_time(records):
    rows = [
        *numbered_cases(2),
        case_row(reference="C9", worker_staff_number="", allocated_on=""),
        case_row(reference="C8", status="closed", closed_on="2025-04-01"),
    ]
    run(records, *rows)
    cases = list(Case.objects.values())
    allocations = list(Allocation.objects.values())
    entries = AuditEntry.objects.count()

    again = run(records, *rows)

    assert (again.created_count, again.updated_count, again.allocated_count) == (0, 0, 0)
    assert again.unchanged_count == 4
    assert list(Case.objects.values()) == cases
    assert list(Allocation.objects.values()) == allocations
    assert AuditEntry.objects.count() == entries


def test_a_change_of_worker_ends_the_open_allocation_and_keeps_the_history(records):
    run(records, case_row(reference="C1"))
    result = run(
        records, case_row(reference="C1", worker_staff_number="W2", allocated_on="2025-03-03")
    )

    assert (result.updated_count, result.allocated_count) == (1, 1)
    case = Case.objects.get(reference="C1")
    assert case.worker == records.w2
    history = list(
        Allocation.objects.filter(case=case)
        .order_by("starts_on")
        .values_list("worker__staff_number", "starts_on", "ends_on")
    )
    assert history == [
        ("W1", date(2025, 1, 8), date(2025, 3, 3)),
        ("W2", date(2025, 3, 3), None),
    ]
    assert audit_actions().count("case.allocated") == 2
    assert "case.updated" not in audit_actions()


def test_the_same_worker_with_another_allocated_date_is_left_as_recorded(records):
    run(records, case_row(reference="C1"))
    again = run(records, case_row(reference="C1", allocated_on="2025-02-01"))
    assert again.unchanged_count == 1
    assert Allocation.objects.get().starts_on == date(2025, 1, 8)


def test_a_new_allocation_cannot_start_before_the_current_one(records):
    run(records, case_row(reference="C1", allocated_on="2025-02-01"))
    with pytest.raises(CaseImportInvalid) as invalid:
        run(records, case_row(reference="C1", worker_staff_number="W2", allocated_on="2025-01-31"))
    assert [str(error) for error in invalid.value.errors] == [
        "Row 2, allocated_on: Allocated date must be on or after 1 February 2025, when the "
        "case's last allocation started: the history of who held it cannot be rewritten"
    ]
    assert Case.objects.get().worker == records.w1


def test_an_unallocated_case_ends_its_allocation(records):
    run(records, case_row(reference="C1"), case_row(reference="C2"))
    result = run(
        records,
        case_row(reference="C1", worker_staff_number="", allocated_on=""),
        case_row(
            reference="C2",
            status="closed",
            closed_on="2025-05-02",
            worker_staff_number="",
            allocated_on="",
        ),
    )
    assert (result.updated_count, result.allocated_count) == (2, 0)
    c1, c2 = Case.objects.order_by("reference")
    assert (c1.worker, c2.worker) == (None, None)
    ends = dict(Allocation.objects.values_list("case__reference", "ends_on"))
    assert ends == {"C1": timezone.localdate(), "C2": date(2025, 5, 2)}
    assert audit_actions().count("case.unallocated") == 2

    # Allocated again later: the new spell starts after the old one ended.
    with pytest.raises(CaseImportInvalid, match="1 errors"):
        run(
            records,
            case_row(
                reference="C2", status="closed", closed_on="2025-05-02", allocated_on="2025-05-01"
            ),
        )


def test_changed_fields_are_updated_and_listed(records):
    run(records, case_row(reference="C1"))
    result = run(
        records,
        case_row(
            reference="C1",
            case_type="review",
            tier="3",
            status="Awaiting closure",
            last_contact_on="2025-04-04",
        ),
    )
    assert result.updated_count == 1
    case = Case.objects.get()
    assert (case.case_type, case.tier, case.status, case.last_contact_on) == (
        records.review,
        3,
        "awaiting_closure",
        date(2025, 4, 4),
    )
    entry = AuditEntry.objects.get(action="case.updated")
    assert entry.data == {
        "case": "C1",
        "changed": ["case_type", "last_contact_on", "status", "tier"],
    }
    assert Allocation.objects.count() == 1


def test_reserved_work_is_refused_to_a_worker_who_is_not_registered(records):
    with pytest.raises(CaseImportInvalid) as invalid:
        run(records, case_row(reference="C1", worker_staff_number="U1"))
    assert [str(error) for error in invalid.value.errors] == [
        "Row 2, worker_staff_number: Care Act assessment is reserved to registered social "
        "workers, and U1 is not registered"
    ]
    assert not Case.objects.exists()

    # The service refuses it too, whoever calls it.
    run(records, case_row(reference="C2", case_type="review", worker_staff_number="U1"))
    case = Case.objects.get(reference="C2")
    case.case_type = records.care_act
    with pytest.raises(ValidationError, match="reserved to registered social workers"):
        import_case_allocate(
            case=case, actor=None, worker=records.u1, starts_on=date(2025, 3, 1), reason="x"
        )


def test_a_worker_who_had_left_on_the_allocated_date_is_refused(records):
    with pytest.raises(CaseImportInvalid, match="1 errors"):
        run(records, case_row(worker_staff_number="L1", allocated_on="2025-04-01"))
    run(records, case_row(worker_staff_number="L1", allocated_on="2025-03-31"))
    assert Case.objects.get().worker == records.l1


def test_workers_and_cases_of_another_organisation_are_out_of_reach(records):
    world = records.world
    b_case = Case.objects.create(
        organisation=world.b,
        team=world.team_b,
        reference="C1",
        case_type=CaseType.objects.get(organisation=world.b),
        opened_on=date(2025, 1, 1),
    )
    with pytest.raises(CaseImportInvalid) as invalid:
        run(records, case_row(reference="C1", worker_staff_number=world.person_b.staff_number))
    assert invalid.value.errors[0].message.startswith("There is nobody with staff number")
    with pytest.raises(CaseImportInvalid, match="1 errors"):
        run(records, case_row(reference="C1", team="B team"))

    run(records, case_row(reference="C1"))
    b_case.refresh_from_db()
    assert (b_case.tier, b_case.worker) == (2, None)
    assert Case.objects.filter(reference="C1").count() == 2


def test_a_checked_import_is_checked_again_when_applied(records):
    case_import = case_import_check(
        organisation=records.world.a, actor=None, text=case_csv(case_row())
    )
    assert (case_import.status, case_import.created_count) == ("checked", 1)
    assert not Case.objects.exists()
    records.w1.end_date = date(2025, 1, 7)
    records.w1.save()

    with pytest.raises(CaseImportInvalid):
        case_import_apply(case_import=case_import, actor=None)

    case_import.refresh_from_db()
    assert case_import.status == "failed"
    assert not Case.objects.exists()
    with pytest.raises(CaseImportClosed):
        case_import_apply(case_import=case_import, actor=None)


def test_an_import_is_applied_once(records):
    case_import = case_import_check(
        organisation=records.world.a, actor=None, text=case_csv(case_row())
    )
    case_import_apply(case_import=case_import, actor=None)
    with pytest.raises(CaseImportClosed):
        case_import_apply(case_import=case_import, actor=None)
    assert Allocation.objects.count() == 1


def test_the_plan_counts_and_writes_nothing(records):
    run(records, case_row(reference="C1"))
    plan = case_import_plan(
        organisation=records.world.a,
        text=case_csv(
            case_row(reference="C1", worker_staff_number="W2", allocated_on="2025-03-03"),
            case_row(reference="C2"),
        ),
    )
    assert (len(plan.to_create), len(plan.to_update), plan.unchanged, plan.allocations) == (
        1,
        1,
        0,
        2,
    )
    assert {person.staff_number for person in plan.workers} == {"W1", "W2"}
    assert Case.objects.count() == 1


def count_scheme(world: World, nominal_target: int) -> WeightingScheme:
    return WeightingScheme.objects.create(
        organisation=world.a,
        service_area="adults",
        name="Count",
        effective_from=date(2024, 1, 1),
        mode=WeightingScheme.Mode.COUNT,
        nominal_target=nominal_target,
        default_hours=Decimal("37.0"),
    )


def test_the_ceiling_is_not_a_limit_but_workers_over_it_are_reported(records):
    count_scheme(records.world, nominal_target=2)
    run(records, case_row(reference="C1"))
    text = case_csv(*[case_row(reference=f"C{n}") for n in range(1, 4)])

    warnings = case_import_ceiling_warnings(organisation=records.world.a, text=text)

    assert [(w.person, w.before.percent, w.after.percent) for w in warnings] == [
        (records.w1, Decimal("50.0"), Decimal("150.0"))
    ]
    assert Case.objects.count() == 1  # the preview was rolled back
    assert audit_actions().count("case.imported") == 1

    result = case_import_run(organisation=records.world.a, actor=None, text=text)
    assert result.allocated_count == 2
    assert Case.objects.filter(worker=records.w1).count() == 3


def test_no_warning_for_workers_within_their_ceiling_or_with_no_scheme(records):
    text = case_csv(*[case_row(reference=f"C{n}") for n in range(1, 4)])
    assert case_import_ceiling_warnings(organisation=records.world.a, text=text) == []
    count_scheme(records.world, nominal_target=5)
    assert case_import_ceiling_warnings(organisation=records.world.a, text=text) == []


def test_dates_in_the_future_are_refused(records):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    with pytest.raises(CaseImportInvalid) as invalid:
        run(records, case_row(last_contact_on=tomorrow))
    assert invalid.value.errors[0].message == "Last contact date must be today or in the past"
