"""The web route for cases: upload, check your answers, confirm, done."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeworkload.caseloads.models import Allocation, Case
from safeworkload.interop.case_csv import COLUMNS
from safeworkload.interop.case_services import case_import_check, case_import_run
from safeworkload.interop.models import CaseImport
from safeworkload.interop.tests.test_case_csv import case_csv, case_row, numbered_cases
from safeworkload.interop.tests.test_case_import_services import add_case_records, count_scheme

pytestmark = pytest.mark.django_db

UPLOAD = reverse("interop:case-import")


def upload(client, text: str, name: str = "cases.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, text.encode())})


@pytest.fixture
def records(world):
    return add_case_records(world)


@pytest.fixture
def admin(client, world, records):
    client.force_login(world.users["org_admin"])
    return client


def test_an_administrator_uploads_checks_confirms_and_sees_it_done(admin, world, records):
    case_import_run(organisation=world.a, actor=None, text=case_csv(case_row(reference="C1")))
    assert "Upload a file" in admin.get(UPLOAD).content.decode()

    response = upload(
        admin,
        case_csv(
            case_row(reference="C1", tier="3", worker_staff_number="W2", allocated_on="2025-03-03"),
            case_row(reference="C2"),
        ),
    )
    case_import = CaseImport.objects.get(status="checked")
    assert response["Location"] == reverse("interop:case-import-check", args=[case_import.pk])

    check = admin.get(response["Location"]).content.decode()
    assert "Cases to add" in check
    assert "Import 2 cases" in check
    assert "Tier: 2 to 3; Allocated to W2 from 3 March 2025 (was W1)" in check
    assert "New case; Allocated to W1 from 8 January 2025" in check
    assert "Nobody whose caseload this import changes would be over their capacity ceiling" in check
    assert not Case.objects.filter(reference="C2").exists()

    confirmed = admin.post(response["Location"])
    assert confirmed["Location"] == reverse("interop:case-import-done", args=[case_import.pk])
    done = admin.get(confirmed["Location"]).content.decode()
    assert "Cases imported" in done
    assert "1 added, 1 changed, 0 already up to date" in done
    assert "2 new allocations were recorded" in done
    assert Case.objects.get(reference="C1").worker == records.w2
    assert Allocation.objects.count() == 3
    case_import.refresh_from_db()
    assert case_import.applied_by == world.users["org_admin"]


def test_the_check_page_names_workers_who_would_be_over_their_ceiling(admin, world, records):
    count_scheme(world, nominal_target=2)
    upload(admin, case_csv(*numbered_cases(3)))
    case_import = CaseImport.objects.get()

    page = admin.get(reverse("interop:case-import-check", args=[case_import.pk])).content.decode()

    assert "After this import, 1 worker would be over their capacity ceiling" in page
    assert records.w1.full_name in page
    assert "150.0%" in page
    assert not Case.objects.exists()


def test_confirming_twice_imports_once(admin, world):
    case_import = case_import_check(organisation=world.a, actor=None, text=case_csv(case_row()))
    url = reverse("interop:case-import-check", args=[case_import.pk])
    first, second = admin.post(url), admin.post(url)
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1
    assert Allocation.objects.count() == 1
    assert admin.get(url)["Location"] == first["Location"]


def test_a_bad_file_lists_every_error_and_keeps_nothing(admin):
    text = case_csv(
        case_row(reference="A1", tier="7"),
        case_row(reference="A2", worker_staff_number="U1"),
    )
    page = upload(admin, text).content.decode()
    assert "<title>Error: Import cases" in page
    assert "The selected file has 2 errors. Fix them and upload the file again" in page
    assert "Row 2, tier: Enter a tier of 1, 2 or 3" in page
    assert "Row 3, worker_staff_number: Care Act assessment is reserved" in page
    assert not CaseImport.objects.exists()
    assert not Case.objects.exists()


def test_a_file_that_cannot_be_read_is_refused(admin, settings):
    settings.SAFEWORKLOAD_IMPORT_MAX_BYTES = 100
    assert "must be 100 bytes or smaller" in upload(admin, case_csv(case_row())).content.decode()
    assert "must be a CSV" in upload(admin, "x", name="cases.xlsx").content.decode()
    assert not CaseImport.objects.exists()


def test_a_file_already_imported_has_nothing_to_import(admin, world):
    text = case_csv(*numbered_cases(2))
    first = case_import_check(organisation=world.a, actor=None, text=text)
    admin.post(reverse("interop:case-import-check", args=[first.pk]))
    upload(admin, text)
    again = CaseImport.objects.exclude(pk=first.pk).get()

    page = admin.get(reverse("interop:case-import-check", args=[again.pk])).content.decode()

    assert "There is nothing to import" in page
    assert "The same file was imported on" in page
    assert "Import 0" not in page


def test_the_check_page_reports_a_file_that_no_longer_passes(admin, world, records):
    case_import = case_import_check(organisation=world.a, actor=None, text=case_csv(case_row()))
    records.w1.registered = False
    records.w1.registration_number = ""
    records.w1.save()
    url = reverse("interop:case-import-check", args=[case_import.pk])

    page = admin.post(url).content.decode()

    assert "<title>Error: " in page
    assert "The case or staff records have changed since this file was checked" in page
    assert "Row 2, worker_staff_number: Care Act assessment is reserved" in page
    assert admin.get(url)["Location"] == UPLOAD
    assert not Case.objects.exists()


@pytest.mark.parametrize("name", ["interop:case-import-check", "interop:case-import-done"])
def test_another_organisations_import_is_not_found(client, world, records, name):
    case_import = case_import_check(organisation=world.a, actor=None, text=case_csv(case_row()))
    client.force_login(world.users["outsider"])
    assert client.get(reverse(name, args=[case_import.pk])).status_code == 404
    assert client.post(reverse(name, args=[case_import.pk])).status_code == 404
    assert not Case.objects.exists()


@pytest.mark.parametrize("role", ["practitioner", "team_manager", "service_lead", "union_rep"])
def test_a_role_without_the_import_permission_is_refused(client, world, records, role):
    case_import = case_import_check(organisation=world.a, actor=None, text=case_csv(case_row()))
    client.force_login(world.users[role])
    for url in (
        UPLOAD,
        reverse("interop:case-import-template"),
        reverse("interop:case-import-check", args=[case_import.pk]),
        reverse("interop:case-import-done", args=[case_import.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert upload(client, case_csv(case_row(reference="X9"))).status_code == 403
    assert (
        client.post(reverse("interop:case-import-check", args=[case_import.pk])).status_code == 403
    )
    assert not Case.objects.exists()


def test_the_upload_page_links_to_a_downloadable_template(admin):
    template_url = reverse("interop:case-import-template")
    assert f'href="{template_url}"' in admin.get(UPLOAD).content.decode()
    response = admin.get(template_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="case-import-template.csv"' in response["Content-Disposition"]
    assert response.content.decode().splitlines()[0] == ",".join(COLUMNS)
