"""The web route: upload, check your answers, confirm, done."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeworkload.interop.models import StaffImport
from safeworkload.interop.services import staff_import_check
from safeworkload.interop.tests.staff_files import numbered, row, staff_csv
from safeworkload.organisations.models import Person

pytestmark = pytest.mark.django_db

UPLOAD = reverse("interop:staff-import")


def upload(client, text: str, name: str = "staff.csv", encoding: str = "utf-8"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, text.encode(encoding))})


@pytest.fixture
def admin(client, world):
    client.force_login(world.users["org_admin"])
    return client


def test_an_administrator_uploads_checks_confirms_and_sees_it_done(admin, world):
    assert "Upload a file" in admin.get(UPLOAD).content.decode()

    response = upload(
        admin,
        staff_csv(
            *numbered(2), row(staff_number=world.practitioner_person.staff_number, given_name="Pat")
        ),
    )
    staff_import = StaffImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interop:staff-import-check", args=[staff_import.pk])

    check = admin.get(response["Location"]).content.decode()
    assert "Staff records to add" in check
    assert "Import 3 staff records" in check
    assert "Given name: " + world.practitioner_person.given_name + " to Pat" in check
    assert not Person.objects.filter(staff_number="N00001").exists()

    confirmed = admin.post(response["Location"])
    assert confirmed["Location"] == reverse("interop:staff-import-done", args=[staff_import.pk])
    done = admin.get(confirmed["Location"]).content.decode()
    assert "Staff records imported" in done
    assert "2 added, 1 changed, 0 already up to date" in done
    assert (
        Person.objects.filter(organisation=world.a, staff_number__in=["N00001", "N00002"]).count()
        == 2
    )


def test_confirming_twice_imports_once(admin, world):
    staff_import = staff_import_check(
        organisation=world.a, actor=None, text=staff_csv(*numbered(1))
    )
    url = reverse("interop:staff-import-check", args=[staff_import.pk])
    first, second = admin.post(url), admin.post(url)
    assert first["Location"] == second["Location"]
    assert Person.objects.filter(staff_number="N00001").count() == 1
    assert admin.get(url)["Location"] == first["Location"]


def test_a_bad_file_lists_every_error_and_keeps_nothing(admin, world):
    text = staff_csv(
        row(staff_number="A1", contracted_hours="60"),
        row(staff_number="A2", team="Nowhere", start_date=""),
    )
    page = upload(admin, text).content.decode()
    assert "<title>Error: Import staff" in page
    assert "The selected file has 3 errors. Fix them and upload the file again" in page
    for message in (
        "Row 2, contracted_hours: Enter a number of hours between 0.5 and 48",
        "Row 3, team: There is no team called “Nowhere”",
        "Row 3, start_date: Enter the start date",
    ):
        assert message in page
    assert StaffImport.objects.count() == 0
    assert not Person.objects.filter(staff_number__in=["A1", "A2"]).exists()


def test_the_error_summary_shows_the_first_100_errors_and_counts_the_rest(admin):
    page = upload(admin, staff_csv(*numbered(130, contracted_hours="0"))).content.decode()
    assert "The selected file has 130 errors" in page
    assert "Row 101, contracted_hours" in page
    assert "Row 102, contracted_hours" not in page
    assert "And 30 more errors not shown here" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("staff.txt", b"staff_number\n", "The selected file must be a CSV"),
        ("staff.csv", b"", "The selected file is empty"),
        (
            "staff.csv",
            "given_name\nZoë\n".encode("latin-1"),
            "The selected file must be saved as CSV UTF-8",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(admin, name, data, message):
    page = admin.post(UPLOAD, {"file": SimpleUploadedFile(name, data)}).content.decode()
    assert message in page
    assert StaffImport.objects.count() == 0


def test_no_file_at_all_asks_for_one(admin):
    assert "Select a CSV file" in admin.post(UPLOAD, {}).content.decode()


def test_a_file_over_the_size_limit_is_refused(admin, settings):
    settings.SAFEWORKLOAD_IMPORT_MAX_BYTES = 100
    page = upload(admin, staff_csv(row())).content.decode()
    assert "The selected file must be 100 bytes or smaller" in page
    assert StaffImport.objects.count() == 0


def test_a_file_with_a_byte_order_mark_is_read(admin):
    response = upload(admin, "\ufeff" + staff_csv(row()))
    assert response.status_code == 302


def test_the_check_page_shows_50_changes_and_counts_the_rest(admin, world):
    staff_import = staff_import_check(
        organisation=world.a, actor=None, text=staff_csv(*numbered(60))
    )
    page = admin.get(reverse("interop:staff-import-check", args=[staff_import.pk])).content.decode()
    assert "N00050" in page
    assert "N00051" not in page
    assert "And 10 more changes not shown here" in page
    assert "Import 60 staff records" in page


def test_a_file_already_imported_has_nothing_to_import(admin, world):
    text = staff_csv(*numbered(2))
    first = staff_import_check(organisation=world.a, actor=None, text=text)
    admin.post(reverse("interop:staff-import-check", args=[first.pk]))
    upload(admin, text)
    again = StaffImport.objects.exclude(pk=first.pk).get()

    page = admin.get(reverse("interop:staff-import-check", args=[again.pk])).content.decode()

    assert "There is nothing to import" in page
    assert "The same file was imported on" in page
    assert "Import 0" not in page


def test_the_check_page_reports_a_file_that_no_longer_passes(admin, world):
    staff_import = staff_import_check(
        organisation=world.a, actor=None, text=staff_csv(row(team="Children duty"))
    )
    world.other_team_a.delete()
    url = reverse("interop:staff-import-check", args=[staff_import.pk])

    page = admin.post(url).content.decode()

    assert "<title>Error: " in page
    assert "Row 2, team: There is no team called “Children duty”" in page
    assert admin.get(url)["Location"] == UPLOAD


@pytest.mark.parametrize("name", ["interop:staff-import-check", "interop:staff-import-done"])
def test_another_organisations_import_is_not_found(client, world, name):
    staff_import = staff_import_check(organisation=world.a, actor=None, text=staff_csv(row()))
    client.force_login(world.users["outsider"])
    assert client.get(reverse(name, args=[staff_import.pk])).status_code == 404
    assert client.post(reverse(name, args=[staff_import.pk])).status_code == 404
    assert not Person.objects.filter(staff_number="N00001").exists()


@pytest.mark.parametrize("role", ["practitioner", "team_manager", "service_lead", "union_rep"])
def test_a_role_without_the_import_permission_is_refused(client, world, role):
    staff_import = staff_import_check(organisation=world.a, actor=None, text=staff_csv(row()))
    client.force_login(world.users[role])
    for url in (
        UPLOAD,
        reverse("interop:staff-import-template"),
        reverse("interop:staff-import-check", args=[staff_import.pk]),
        reverse("interop:staff-import-done", args=[staff_import.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert upload(client, staff_csv(row(staff_number="X9"))).status_code == 403
    assert (
        client.post(reverse("interop:staff-import-check", args=[staff_import.pk])).status_code
        == 403
    )
    assert not Person.objects.filter(staff_number__in=["N00001", "X9"]).exists()


def test_the_upload_page_links_to_a_downloadable_template(admin):
    template_url = reverse("interop:staff-import-template")
    assert f'href="{template_url}"' in admin.get(UPLOAD).content.decode()
    response = admin.get(template_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().startswith("staff_number,given_name,family_name,")
