"""Checking and applying a staff file: all rows or none, audited, and never twice."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from safeworkload.audit.models import AuditEntry
from safeworkload.interop import services
from safeworkload.interop.models import StaffImport
from safeworkload.interop.selectors import staff_import_plan
from safeworkload.interop.services import (
    StaffImportClosed,
    StaffImportInvalid,
    staff_import_apply,
    staff_import_check,
    staff_import_run,
)
from safeworkload.interop.staff_csv import RowError
from safeworkload.interop.tests.staff_files import numbered, row, row_for, staff_csv
from safeworkload.organisations.models import Person

pytestmark = pytest.mark.django_db


def people_of(organisation) -> dict[str, dict]:
    people = Person.objects.filter(organisation=organisation)
    return {person.staff_number: model_to_dict(person) for person in people}


def audit_actions(organisation) -> list[str]:
    return list(
        AuditEntry.objects.filter(organisation=organisation)
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_the_plan_sorts_rows_into_new_changed_and_unchanged_and_writes_nothing(world):
    text = staff_csv(
        row_for(world.practitioner_person, contracted_hours="22.5"),
        row_for(world.colleague_elsewhere),
        row(staff_number="NEW1"),
    )
    people_before, audit_before = people_of(world.a), audit_actions(world.a)

    plan = staff_import_plan(organisation=world.a, text=text)

    assert [c.staff_number for c in plan.to_create] == ["NEW1"]
    assert [(c.staff_number, c.values, c.before) for c in plan.to_update] == [
        (
            world.practitioner_person.staff_number,
            {"contracted_hours": Decimal("22.5")},
            {"contracted_hours": Decimal("37.0")},
        )
    ]
    assert plan.unchanged == 1
    assert people_of(world.a) == people_before
    assert audit_actions(world.a) == audit_before


def test_a_file_with_one_bad_row_writes_nothing(world):
    rows = numbered(3)
    rows[1]["contracted_hours"] = "49"
    people_before, audit_before = people_of(world.a), audit_actions(world.a)

    with pytest.raises(StaffImportInvalid) as raised:
        staff_import_check(
            organisation=world.a, actor=world.users["org_admin"], text=staff_csv(*rows)
        )

    assert raised.value.errors == (
        RowError(3, "contracted_hours", "Enter a number of hours between 0.5 and 48"),
    )
    assert people_of(world.a) == people_before
    assert audit_actions(world.a) == audit_before
    assert StaffImport.objects.count() == 0


def test_checking_keeps_the_file_with_who_sent_it_and_its_fingerprint(world):
    text = staff_csv(*numbered(2))
    staff_import = staff_import_check(
        organisation=world.a, actor=world.users["org_admin"], text=text, file_name="hr-extract.csv"
    )

    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.CHECKED
    assert staff_import.text == text
    assert staff_import.file_name == "hr-extract.csv"
    assert staff_import.uploaded_by == world.users["org_admin"]
    assert staff_import.uploaded_at is not None
    assert len(staff_import.sha256) == 64
    assert (staff_import.rows, staff_import.created_count, staff_import.updated_count) == (2, 2, 0)
    assert Person.objects.filter(staff_number="N00001").exists() is False


def test_applying_creates_and_updates_people_through_the_audited_services(world):
    text = staff_csv(
        row(
            staff_number="NEW1",
            team="children duty",
            job_role="Administrator",
            qualified="n",
            registered="n",
            registration_number="",
            contracted_hours="18.5",
            start_date="02/09/2024",
        ),
        row_for(world.practitioner_person, team="Children duty"),
    )
    admin = world.users["org_admin"]
    staff_import = staff_import_check(organisation=world.a, actor=admin, text=text)

    staff_import_apply(staff_import=staff_import, actor=admin)

    new = Person.objects.get(organisation=world.a, staff_number="NEW1")
    assert (new.team, new.job_role, new.qualified, new.contracted_hours, new.start_date) == (
        world.other_team_a,
        "administrator",
        False,
        Decimal("18.5"),
        date(2024, 9, 2),
    )
    world.practitioner_person.refresh_from_db()
    assert world.practitioner_person.team == world.other_team_a
    entries = AuditEntry.objects.filter(organisation=world.a).order_by("sequence")
    assert [(e.action, e.actor_label) for e in entries] == [
        ("person.created", admin.get_username()),
        ("person.updated", admin.get_username()),
        ("staff_import.applied", admin.get_username()),
    ]
    assert entries.last().data == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "sha256": staff_import.sha256,
    }
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.APPLIED
    assert staff_import.applied_by == admin
    assert (staff_import.created_count, staff_import.updated_count) == (1, 1)


def test_the_same_file_twice_changes_nothing_the_second_time(world):
    text = staff_csv(*numbered(5), row_for(world.practitioner_person, grade="Grade 10"))
    staff_import_run(organisation=world.a, actor=None, text=text)
    people_after_first, audit_after_first = people_of(world.a), audit_actions(world.a)

    second = staff_import_run(organisation=world.a, actor=None, text=text)

    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 6)
    assert people_of(world.a) == people_after_first
    # Not even a summary entry: a file that changes nothing leaves no trace in the log.
    assert audit_actions(world.a) == audit_after_first


def test_updating_one_field_changes_only_that_person_and_writes_one_audit_entry(world):
    people = [world.manager_person, world.practitioner_person, world.colleague_elsewhere]
    others = [p for p in people if p != world.practitioner_person]
    text = staff_csv(
        *[row_for(p) for p in others], row_for(world.practitioner_person, contracted_hours="30")
    )
    before = people_of(world.a)

    staff_import_run(organisation=world.a, actor=None, text=text)

    after = people_of(world.a)
    number = world.practitioner_person.staff_number
    assert after[number] == {**before[number], "contracted_hours": Decimal("30")}
    assert {n: v for n, v in after.items() if n != number} == {
        n: v for n, v in before.items() if n != number
    }
    person_entries = AuditEntry.objects.filter(organisation=world.a, action__startswith="person.")
    assert [(e.action, e.object_id, e.data) for e in person_entries] == [
        ("person.updated", str(world.practitioner_person.pk), {"changed": ["contracted_hours"]})
    ]
    assert AuditEntry.objects.get(action="staff_import.applied").data["updated"] == 1


def test_an_import_is_never_applied_twice(world):
    staff_import = staff_import_check(
        organisation=world.a, actor=None, text=staff_csv(*numbered(2))
    )
    staff_import_apply(staff_import=staff_import, actor=None)
    audit_before = audit_actions(world.a)

    with pytest.raises(StaffImportClosed):
        staff_import_apply(staff_import=StaffImport.objects.get(pk=staff_import.pk), actor=None)

    assert audit_actions(world.a) == audit_before
    assert Person.objects.filter(organisation=world.a, staff_number__startswith="N").count() == 2


def test_a_file_that_no_longer_passes_when_applied_fails_and_writes_nothing(world):
    staff_import = staff_import_check(
        organisation=world.a, actor=None, text=staff_csv(row(team="Children duty"))
    )
    world.other_team_a.name = "Children's duty and assessment"
    world.other_team_a.save()

    with pytest.raises(StaffImportInvalid) as raised:
        staff_import_apply(staff_import=staff_import, actor=None)

    assert [e.column for e in raised.value.errors] == ["team"]
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.FAILED
    assert not Person.objects.filter(staff_number="N00001").exists()
    assert "staff_import.applied" not in audit_actions(world.a)


def test_a_model_rule_the_file_checks_miss_is_reported_by_row_and_rolls_everything_back(
    world, monkeypatch
):
    calls = []

    def refuse_the_second(**fields):
        calls.append(fields["staff_number"])
        if len(calls) == 2:
            raise ValidationError({"grade": ["Grade is not on the pay scale"]})
        return real_create(**fields)

    real_create = services.person_create
    monkeypatch.setattr(services, "person_create", refuse_the_second)
    staff_import = staff_import_check(
        organisation=world.a, actor=None, text=staff_csv(*numbered(3))
    )

    with pytest.raises(StaffImportInvalid) as raised:
        staff_import_apply(staff_import=staff_import, actor=None)

    assert raised.value.errors == (RowError(3, "grade", "Grade is not on the pay scale"),)
    assert not Person.objects.filter(staff_number="N00001").exists()
    assert audit_actions(world.a) == []


def test_staff_numbers_are_matched_within_the_organisation_only(world):
    number = world.person_b.staff_number
    b_before = people_of(world.b)

    result = staff_import_run(
        organisation=world.a, actor=None, text=staff_csv(row(staff_number=number))
    )

    assert result.created_count == 1
    assert Person.objects.get(organisation=world.a, staff_number=number).given_name == "Priya"
    assert people_of(world.b) == b_before


def test_a_team_of_another_organisation_is_unknown(world):
    plan = staff_import_plan(organisation=world.a, text=staff_csv(row(team=world.team_b.name)))
    assert [str(e) for e in plan.errors] == [
        "Row 2, team: There is no team called “B team”: enter the name of one of your teams, "
        "or leave it empty"
    ]
