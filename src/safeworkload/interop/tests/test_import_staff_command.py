"""``safeworkload import staff FILE --organisation CODE [--dry-run]``."""

import pytest
from django.core.management.base import CommandError
from django_scopes import scope

from safeworkload.audit.models import AuditEntry
from safeworkload.cli import translate
from safeworkload.interop.management.commands.import_staff import Command
from safeworkload.interop.models import StaffImport
from safeworkload.interop.tests.commands import csv_file_writer, run_command
from safeworkload.interop.tests.staff_files import numbered, row, row_for, staff_csv
from safeworkload.organisations.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_file(tmp_path):
    return csv_file_writer(tmp_path, "staff.csv")


def run(*args: str) -> tuple[str, str]:
    return run_command("import_staff", *args)


def test_the_two_word_command_maps_to_import_staff():
    assert translate(["safeworkload", "import", "staff", "f.csv", "--dry-run"]) == [
        "safeworkload",
        "import_staff",
        "f.csv",
        "--dry-run",
    ]


def test_it_imports_a_good_file_and_says_what_it_did(world, staff_file):
    path = staff_file(staff_csv(*numbered(2), row_for(world.practitioner_person, grade="G10")))

    out, _ = run(str(path), "--organisation", "council-a")

    assert "Imported: 2 added, 1 changed, 0 already up to date." in out
    assert Person.objects.filter(organisation=world.a, staff_number__startswith="N").count() == 2
    staff_import = StaffImport.objects.get()
    assert (staff_import.status, staff_import.file_name) == ("applied", "staff.csv")
    assert AuditEntry.objects.filter(action="staff_import.applied").get().actor_label == "system"


def test_it_fails_with_every_row_error_and_writes_nothing(world, staff_file):
    path = staff_file(staff_csv(row(contracted_hours="0.4"), row(staff_number="N2", email="x")))

    with pytest.raises(CommandError, match="2 errors in the file: nothing was imported"):
        run(str(path), "--organisation", "council-a")

    assert not Person.objects.filter(staff_number__in=["N00001", "N2"]).exists()
    assert StaffImport.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_it_exits_non_zero_and_prints_the_errors_by_row_and_column(
    world, staff_file, monkeypatch, capsys
):
    # run_from_argv closes database connections when it ends; the test still needs them.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path = staff_file(staff_csv(row(contracted_hours="49")))

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(
            ["safeworkload", "import_staff", str(path), "--organisation", "council-a"]
        )

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Row 2, contracted_hours: Enter a number of hours between 0.5 and 48" in err
    assert "1 error in the file: nothing was imported." in err


def test_a_dry_run_reports_what_would_change_and_writes_nothing(world, staff_file):
    path = staff_file(staff_csv(*numbered(3), row_for(world.colleague_elsewhere)))

    out, _ = run(str(path), "--organisation", "council-a", "--dry-run")

    assert "Dry run: 3 to add, 0 to change, 1 already up to date. Nothing was written." in out
    assert not Person.objects.filter(staff_number__startswith="N").exists()
    assert StaffImport.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_a_dry_run_of_a_bad_file_fails_with_its_errors(world, staff_file):
    path = staff_file(staff_csv(row(job_role="wizard")))
    with pytest.raises(CommandError, match="1 error in the file"):
        run(str(path), "--organisation", "council-a", "--dry-run")


def test_it_sets_the_organisations_scope_itself_as_a_command_must(world, staff_file):
    # Staff number of a person in B: matched only within A, so a new person in A.
    path = staff_file(staff_csv(row(staff_number=world.person_b.staff_number)))
    with scope():  # scopes enforced, none chosen: as when run from a shell
        out, _ = run(str(path), "--organisation", "council-a")
    assert "1 added" in out
    assert Person.objects.filter(staff_number=world.person_b.staff_number).count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "nowhere"], "No organisation has the code 'nowhere'."),
        (["--organisation", "council-a"], "Cannot read"),
    ],
)
def test_it_refuses_an_unknown_organisation_or_a_missing_file(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(str(tmp_path / "missing.csv"), *args)


def test_it_refuses_a_file_over_the_size_limit(world, staff_file, settings):
    settings.SAFEWORKLOAD_IMPORT_MAX_BYTES = 50
    with pytest.raises(CommandError, match="The selected file must be 50 bytes or smaller"):
        run(str(staff_file(staff_csv(row()))), "--organisation", "council-a")
