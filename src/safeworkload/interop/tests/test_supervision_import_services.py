"""Applying a supervision file: all or nothing, idempotent, agreements found or created, audited.

``supervision_records`` sets up what the supervision tests share: in
organisation A, supervisees W1 (a social worker) and N1 (newly qualified),
supervisors M1 (registered) and M2 (not registered).
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.interop.models import SupervisionImport
from safeworkload.interop.supervision_selectors import supervision_import_plan
from safeworkload.interop.supervision_services import (
    SupervisionImportClosed,
    SupervisionImportInvalid,
    supervision_import_apply,
    supervision_import_check,
    supervision_import_run,
)
from safeworkload.interop.tests.test_supervision_csv import (
    NOT_HELD,
    cancelled_row,
    session_row,
    supervision_csv,
)
from safeworkload.organisations.models import Person
from safeworkload.supervision.models import Agreement, Session
from safeworkload.testing import PersonFactory, World

pytestmark = pytest.mark.django_db


@dataclass
class SupervisionRecords:
    world: World
    w1: Person
    n1: Person
    m1: Person
    m2: Person


def add_supervision_records(world: World) -> SupervisionRecords:
    def person(staff_number: str, **fields) -> Person:
        return PersonFactory(
            organisation=world.a, team=world.team_a, staff_number=staff_number, **fields
        )

    return SupervisionRecords(
        world=world,
        w1=person("W1"),
        n1=person("N1", job_role=Person.JobRole.NEWLY_QUALIFIED),
        m1=person("M1", job_role=Person.JobRole.TEAM_MANAGER),
        m2=person(
            "M2",
            job_role=Person.JobRole.TEAM_MANAGER,
            registered=False,
            qualified=False,
            registration_number="",
        ),
    )


@pytest.fixture
def records(world) -> SupervisionRecords:
    return add_supervision_records(world)


def run(records: SupervisionRecords, *rows: dict[str, str]) -> SupervisionImport:
    return supervision_import_run(
        organisation=records.world.a, actor=None, text=supervision_csv(*rows)
    )


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))


def test_a_good_file_adds_sessions_on_a_new_monthly_agreement(records):
    result = run(
        records,
        session_row(session_ref="S1", scheduled_for="2025-03-10", held_on="2025-03-12"),
        cancelled_row(session_ref="S2", scheduled_for="2025-02-10"),
        session_row(session_ref="S3", **NOT_HELD, status="scheduled", scheduled_for="2025-04-10"),
    )

    assert (result.status, result.created_count, result.agreements_created_count) == (
        "applied",
        3,
        1,
    )
    agreement = Agreement.objects.get()
    assert (agreement.supervisee, agreement.supervisor, agreement.kind) == (
        records.w1,
        records.m1,
        "line",
    )
    # The earliest date in the file for the pair: S2's booked date.
    assert (agreement.frequency, agreement.starts_on) == ("monthly", date(2025, 2, 10))
    held = Session.objects.get(external_ref="S1")
    assert (held.agreement, held.supervisee, held.supervisor) == (agreement, records.w1, records.m1)
    assert (held.status, held.held_on, held.minutes, held.interrupted) == (
        "held",
        date(2025, 3, 12),
        90,
        False,
    )
    assert (held.reflective_minutes, held.registered_supervisor, held.confirmed_on) == (
        30,
        True,
        None,
    )
    cancelled = Session.objects.get(external_ref="S2")
    assert (cancelled.status, cancelled.change_reason, cancelled.minutes) == (
        "cancelled",
        "Supervisor off sick",
        None,
    )
    assert audit_actions() == [
        "supervision.agreement_created",
        "supervision.session_imported",
        "supervision.session_imported",
        "supervision.session_imported",
        "supervision_import.applied",
    ]


def test_the_import_entry_carries_the_counts_and_no_session_entry_carries_notes(records):
    result = run(records, session_row(session_ref="S1"), cancelled_row(session_ref="S2"))
    entry = AuditEntry.objects.get(action="supervision_import.applied")
    assert entry.data == {
        "created": 2,
        "updated": 0,
        "agreements_created": 1,
        "unchanged": 0,
        "sha256": result.sha256,
    }
    for entry in AuditEntry.objects.filter(action="supervision.session_imported"):
        assert set(entry.data) == {"session_ref", "status"}
        assert entry.actor_label == "system"


def test_a_newly_qualified_supervisee_gets_the_newly_qualified_timetable(records):
    run(records, session_row(supervisee_staff_number="N1"))
    assert Agreement.objects.get().frequency == "newly_qualified"


def test_an_open_agreement_between_the_two_is_used_and_left_as_it_is(records):
    existing = Agreement.objects.create(
        organisation=records.world.a,
        supervisee=records.w1,
        supervisor=records.m1,
        starts_on=date(2024, 1, 1),
        frequency="fortnightly",
    )
    result = run(records, session_row(session_ref="S1", scheduled_for="2023-05-01"))
    assert result.agreements_created_count == 0
    assert Session.objects.get().agreement == existing
    existing.refresh_from_db()
    assert (existing.starts_on, existing.frequency) == (date(2024, 1, 1), "fortnightly")


def test_each_pair_and_kind_has_its_own_agreement(records):
    result = run(
        records,
        session_row(session_ref="S1"),
        session_row(session_ref="S2", supervisor_staff_number="M2", scheduled_for="2025-03-01"),
        session_row(session_ref="S3", kind="professional"),
        session_row(session_ref="S4", scheduled_for="2025-01-01", held_on="2025-01-02"),
    )
    assert result.agreements_created_count == 3
    assert set(Agreement.objects.values_list("supervisor__staff_number", "kind", "starts_on")) == {
        ("M1", "line", date(2025, 1, 1)),
        ("M2", "line", date(2025, 3, 1)),
        ("M1", "professional", date(2025, 3, 3)),
    }


def test_professional_supervision_from_someone_not_registered_is_refused(records):
    with pytest.raises(SupervisionImportInvalid) as invalid:
        run(
            records,
            session_row(session_ref="S1"),
            session_row(session_ref="S2", kind="professional", supervisor_staff_number="M2"),
        )
    assert [str(error) for error in invalid.value.errors] == [
        "Row 3, supervisor_staff_number: M2 is not a registered social worker, and professional "
        "supervision must come from one: enter line as the kind, or a registered supervisor"
    ]
    assert not Agreement.objects.exists()


def test_one_bad_row_writes_nothing(records):
    before = audit_actions()
    with pytest.raises(SupervisionImportInvalid) as invalid:
        run(
            records,
            session_row(session_ref="S1"),
            session_row(session_ref="S2", supervisee_staff_number="N1"),
            cancelled_row(session_ref="S3", change_reason=""),
        )
    assert [str(error) for error in invalid.value.errors] == [
        "Row 4, change_reason: Enter the change reason: the status is cancelled, "
        "so say why it did not go ahead"
    ]
    assert not Session.objects.exists()
    assert not Agreement.objects.exists()
    assert not SupervisionImport.objects.exists()
    assert audit_actions() == before


def test_a_failure_while_writing_rolls_back_every_row(records, monkeypatch):
    """A rule the file checks miss is still reported by row, and undoes the rows before it."""
    from safeworkload.interop import supervision_services

    real = supervision_services.import_session_create

    def fail_on_the_second(**fields):
        if fields["session_ref"] == "S2":
            fields["minutes"] = 0  # below the model's minimum
        return real(**fields)

    monkeypatch.setattr(supervision_services, "import_session_create", fail_on_the_second)
    checked = supervision_import_check(
        organisation=records.world.a,
        actor=None,
        text=supervision_csv(session_row(session_ref="S1"), session_row(session_ref="S2")),
    )

    with pytest.raises(SupervisionImportInvalid) as invalid:
        supervision_import_apply(supervision_import=checked, actor=None)

    assert [(error.row, error.column) for error in invalid.value.errors] == [(3, "minutes")]
    assert not Session.objects.exists()
    assert not Agreement.objects.exists()
    checked.refresh_from_db()
    assert checked.status == "failed"
    assert not AuditEntry.objects.filter(action__startswith="supervision").exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(records):
    rows = [
        session_row(session_ref="S1"),
        cancelled_row(session_ref="S2", scheduled_for="2025-02-03"),
        session_row(session_ref="S3", supervisee_staff_number="N1", kind="professional"),
        session_row(session_ref="S4", **NOT_HELD, status="scheduled", scheduled_for="2099-01-05"),
    ]
    run(records, *rows)
    sessions = list(Session.objects.order_by("pk").values())
    agreements = list(Agreement.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()

    again = run(records, *rows)

    assert (again.created_count, again.updated_count, again.agreements_created_count) == (0, 0, 0)
    assert again.unchanged_count == 4
    assert list(Session.objects.order_by("pk").values()) == sessions
    assert list(Agreement.objects.order_by("pk").values()) == agreements
    assert AuditEntry.objects.count() == entries


def test_a_session_stays_on_its_agreement_after_the_agreement_ends(records):
    run(records, session_row(session_ref="S1"))
    Agreement.objects.update(ends_on=date(2025, 4, 1))
    again = run(records, session_row(session_ref="S1"))
    assert (again.unchanged_count, again.agreements_created_count) == (1, 0)


def test_a_changed_row_updates_that_session_and_is_counted_as_changed(records):
    run(records, session_row(session_ref="S1"), session_row(session_ref="S2"))
    session = Session.objects.get(external_ref="S1")
    Session.objects.filter(pk=session.pk).update(
        confirmed_on=date(2025, 3, 4), reflective_notes="Kept", personal_notes="Private"
    )

    result = run(
        records,
        session_row(session_ref="S1", minutes="60", interrupted="yes"),
        session_row(session_ref="S2"),
    )

    assert (result.created_count, result.updated_count, result.unchanged_count) == (0, 1, 1)
    session.refresh_from_db()
    assert (session.minutes, session.interrupted) == (60, True)
    # A changed record needs confirming again; the notes are never touched.
    assert session.confirmed_on is None
    assert (session.reflective_notes, session.personal_notes) == ("Kept", "Private")
    entry = AuditEntry.objects.get(action="supervision.session_import_updated")
    assert entry.data == {
        "session_ref": "S1",
        "status": "held",
        "changed": ["interrupted", "minutes"],
    }
    assert (
        AuditEntry.objects.filter(action="supervision_import.applied")
        .order_by("sequence")
        .last()
        .data["updated"]
        == 1
    )


def test_a_scheduled_session_later_held_is_recorded_as_held(records):
    run(records, session_row(session_ref="S1", **NOT_HELD, status="scheduled"))
    result = run(records, session_row(session_ref="S1"))
    assert result.updated_count == 1
    session = Session.objects.get()
    assert (session.status, session.minutes, session.registered_supervisor) == ("held", 90, True)


def test_a_session_whose_supervisor_changed_moves_to_their_agreement(records):
    run(records, session_row(session_ref="S1"))
    first = Agreement.objects.get()

    plan = supervision_import_plan(
        organisation=records.world.a,
        text=supervision_csv(session_row(session_ref="S1", supervisor_staff_number="M2")),
    )
    assert [(change.session_ref, change.new_pair, change.values) for change in plan.to_update] == [
        ("S1", True, {})
    ]
    result = run(records, session_row(session_ref="S1", supervisor_staff_number="M2"))

    assert (result.updated_count, result.agreements_created_count) == (1, 1)
    session = Session.objects.get()
    assert session.agreement != first
    assert (session.supervisor, session.agreement.supervisor) == (records.m2, records.m2)
    assert session.registered_supervisor is False


def test_imported_sessions_already_past_are_not_reminded_about(records):
    run(
        records,
        session_row(session_ref="S1"),
        session_row(session_ref="S2", **NOT_HELD, status="scheduled", scheduled_for="2099-01-05"),
    )
    reminded = dict(Session.objects.values_list("external_ref", "reminded_on"))
    assert reminded == {"S1": timezone.localdate(), "S2": None}


def test_sessions_are_matched_within_the_organisation_only(records):
    world = records.world
    other = PersonFactory(organisation=world.b, staff_number="W1")
    PersonFactory(organisation=world.b, staff_number="M1")
    run(records, session_row(session_ref="S1"))

    supervision_import_run(
        organisation=world.b, actor=None, text=supervision_csv(session_row(session_ref="S1"))
    )

    assert Session.objects.filter(external_ref="S1").count() == 2
    assert Session.objects.get(organisation=world.b).supervisee == other


def test_an_import_is_applied_once(records):
    checked = supervision_import_check(
        organisation=records.world.a, actor=None, text=supervision_csv(session_row())
    )
    supervision_import_apply(supervision_import=checked, actor=None)
    with pytest.raises(SupervisionImportClosed):
        supervision_import_apply(supervision_import=checked, actor=None)
    assert Session.objects.count() == 1


def test_a_file_that_no_longer_passes_is_marked_failed(records):
    checked = supervision_import_check(
        organisation=records.world.a, actor=None, text=supervision_csv(session_row())
    )
    records.m1.staff_number = "M1-OLD"
    records.m1.save()
    with pytest.raises(SupervisionImportInvalid):
        supervision_import_apply(supervision_import=checked, actor=None)
    checked.refresh_from_db()
    assert checked.status == "failed"
    assert not Session.objects.exists()
