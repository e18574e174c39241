"""``safeworkload import supervision FILE --organisation CODE [--dry-run]``."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scope

from safeworkload.audit.models import AuditEntry
from safeworkload.cli import translate
from safeworkload.interop.models import SupervisionImport
from safeworkload.interop.tests.commands import csv_file_writer, run_command
from safeworkload.interop.tests.test_supervision_csv import (
    cancelled_row,
    session_row,
    supervision_csv,
)
from safeworkload.interop.tests.test_supervision_import_services import add_supervision_records
from safeworkload.supervision.models import Agreement, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    return add_supervision_records(world)


@pytest.fixture
def supervision_file(tmp_path):
    return csv_file_writer(tmp_path, "supervision.csv")


def run(*args: str) -> tuple[str, str]:
    return run_command("import_supervision", *args)


def good_file(supervision_file):
    return supervision_file(
        supervision_csv(
            session_row(session_ref="S1"),
            cancelled_row(session_ref="S2"),
            session_row(session_ref="S3", supervisee_staff_number="N1"),
        )
    )


def test_the_two_word_command_maps_to_import_supervision():
    assert translate(["safeworkload", "import", "supervision", "f.csv", "--dry-run"]) == [
        "safeworkload",
        "import_supervision",
        "f.csv",
        "--dry-run",
    ]


def test_it_imports_a_good_file_and_says_what_it_did(records, supervision_file):
    path = good_file(supervision_file)
    out, _ = run(str(path), "--organisation", "council-a")
    assert "Imported: 3 added, 0 changed, 2 new agreements, 0 already up to date." in out
    assert Session.objects.count() == 3
    supervision_import = SupervisionImport.objects.get()
    assert (supervision_import.status, supervision_import.file_name) == (
        "applied",
        "supervision.csv",
    )
    entry = AuditEntry.objects.get(action="supervision_import.applied")
    assert entry.actor_label == "system"

    again, _ = run(str(path), "--organisation", "council-a")
    assert "Imported: 0 added, 0 changed, 0 new agreements, 3 already up to date." in again


def test_it_prints_every_error_to_stderr_and_writes_nothing(records, supervision_file):
    path = supervision_file(
        supervision_csv(
            session_row(session_ref="S1", reflective_minutes="120"),
            session_row(session_ref="S2", supervisor_staff_number="Z9"),
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 errors in the file: nothing was imported"):
        call_command("import_supervision", str(path), "--organisation", "council-a", stderr=err)
    assert err.getvalue().splitlines() == [
        "Row 2, reflective_minutes: Reflective minutes must be no more than the minutes of "
        "the whole session",
        "Row 3, supervisor_staff_number: There is nobody with staff number Z9 in your staff "
        "records: import them first, or correct the staff number",
    ]
    assert not Session.objects.exists()
    assert not SupervisionImport.objects.exists()


def test_a_dry_run_says_what_would_change_and_writes_nothing(records, supervision_file):
    path = good_file(supervision_file)
    out, _ = run(str(path), "--organisation", "council-a", "--dry-run")
    assert (
        "Dry run: 3 to add, 0 to change, 2 new agreements, 0 already up to date. "
        "Nothing was written." in out
    )
    assert not Session.objects.exists()
    assert not Agreement.objects.exists()
    assert not SupervisionImport.objects.exists()


def test_a_dry_run_of_a_bad_file_fails(records, supervision_file):
    path = supervision_file(supervision_csv(session_row(minutes="")))
    with pytest.raises(CommandError, match="1 error in the file"):
        run(str(path), "--organisation", "council-a", "--dry-run")


def test_an_unknown_organisation_or_unreadable_file_is_refused(records, supervision_file, tmp_path):
    path = good_file(supervision_file)
    with pytest.raises(CommandError, match="No organisation has the code 'nowhere'"):
        run(str(path), "--organisation", "nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"), "--organisation", "council-a")


def test_another_organisations_code_imports_into_that_organisation_only(records, supervision_file):
    path = supervision_file(supervision_csv(session_row()))
    with pytest.raises(CommandError, match="2 errors in the file"):
        # Organisation B has no staff numbered W1 or M1.
        run(str(path), "--organisation", "council-b")
    assert not Session.objects.exists()


def test_it_sets_the_organisations_scope_itself_as_a_command_must(records, supervision_file):
    path = good_file(supervision_file)
    with scope():  # scopes enforced, none chosen: as when run from a shell
        dry, _ = run(str(path), "--organisation", "council-a", "--dry-run")
        out, _ = run(str(path), "--organisation", "council-a")
    assert "3 to add" in dry
    assert "3 added" in out
    assert Session.objects.filter(supervisee=records.w1).count() == 2
