"""``safeworkload import cases FILE --organisation CODE [--dry-run]``."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scope

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.models import Allocation, Case
from safeworkload.cli import translate
from safeworkload.interop.models import CaseImport
from safeworkload.interop.tests.commands import csv_file_writer, run_command
from safeworkload.interop.tests.test_case_csv import case_csv, case_row, numbered_cases
from safeworkload.interop.tests.test_case_import_services import add_case_records, count_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    return add_case_records(world)


@pytest.fixture
def case_file(tmp_path):
    return csv_file_writer(tmp_path, "cases.csv")


def run(*args: str) -> tuple[str, str]:
    return run_command("import_cases", *args)


def test_the_two_word_command_maps_to_import_cases():
    assert translate(["safeworkload", "import", "cases", "f.csv", "--dry-run"]) == [
        "safeworkload",
        "import_cases",
        "f.csv",
        "--dry-run",
    ]


def test_it_imports_a_good_file_and_says_what_it_did(records, case_file):
    path = case_file(
        case_csv(
            *numbered_cases(2), case_row(reference="C9", worker_staff_number="", allocated_on="")
        )
    )
    out, _ = run(str(path), "--organisation", "council-a")
    assert "Imported: 3 added, 0 changed, 2 new allocations, 0 already up to date." in out
    assert Case.objects.count() == 3
    case_import = CaseImport.objects.get()
    assert (case_import.status, case_import.file_name) == ("applied", "cases.csv")
    assert AuditEntry.objects.filter(action="case_import.applied").get().actor_label == "system"

    again, _ = run(str(path), "--organisation", "council-a")
    assert "Imported: 0 added, 0 changed, 0 new allocations, 3 already up to date." in again


def test_it_prints_every_error_and_writes_nothing(records, case_file):
    path = case_file(
        case_csv(
            case_row(reference="A1", tier="4"), case_row(reference="A2", worker_staff_number="U1")
        )
    )
    with pytest.raises(CommandError, match="2 errors in the file: nothing was imported"):
        run(str(path), "--organisation", "council-a")
    assert not Case.objects.exists()
    assert not CaseImport.objects.exists()


def test_the_errors_go_to_stderr_by_row_and_column(records, case_file):
    path = case_file(case_csv(case_row(status="open")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_cases", str(path), "--organisation", "council-a", stderr=err)
    assert err.getvalue().startswith("Row 2, status: Status “open” is not recognised")


def test_a_dry_run_says_what_would_change_and_writes_nothing(records, case_file):
    count_scheme(records.world, nominal_target=2)
    path = case_file(case_csv(*numbered_cases(3)))
    out, _ = run(str(path), "--organisation", "council-a", "--dry-run")
    assert "Over their ceiling after this import: W1 at 150.0% (ceiling 100%)" in out
    assert (
        "Dry run: 3 to add, 0 to change, 3 new allocations, 0 already up to date. "
        "Nothing was written." in out
    )
    assert not Case.objects.exists()
    assert not Allocation.objects.exists()
    assert not CaseImport.objects.exists()


def test_a_dry_run_of_a_bad_file_fails(records, case_file):
    path = case_file(case_csv(case_row(opened_on="")))
    with pytest.raises(CommandError, match="1 error in the file"):
        run(str(path), "--organisation", "council-a", "--dry-run")


def test_an_unknown_organisation_or_unreadable_file_is_refused(records, case_file, tmp_path):
    path = case_file(case_csv(case_row()))
    with pytest.raises(CommandError, match="No organisation has the code 'nowhere'"):
        run(str(path), "--organisation", "nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"), "--organisation", "council-a")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("reference\nZoë\n".encode("latin-1"))
    with pytest.raises(CommandError, match="must be saved as CSV UTF-8"):
        run(str(latin), "--organisation", "council-a")


def test_another_organisations_code_imports_into_that_organisation_only(records, case_file):
    path = case_file(case_csv(case_row()))
    with pytest.raises(CommandError, match="2 errors in the file"):
        # Organisation B has no team called "Adults long-term" and no worker W1.
        run(str(path), "--organisation", "council-b")
    assert not Case.objects.exists()


def test_it_sets_the_organisations_scope_itself_as_a_command_must(records, case_file):
    count_scheme(records.world, nominal_target=2)
    path = case_file(case_csv(*numbered_cases(3)))
    with scope():  # scopes enforced, none chosen: as when run from a shell
        dry, _ = run(str(path), "--organisation", "council-a", "--dry-run")
        out, _ = run(str(path), "--organisation", "council-a")
    assert "W1 at 150.0%" in dry
    assert "W1 at 150.0%" in out
    assert "3 added" in out
    assert Case.objects.filter(worker=records.w1).count() == 3
