"""The web route for supervision: upload, check your answers, confirm, done."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeworkload.interop.models import SupervisionImport
from safeworkload.interop.supervision_csv import COLUMNS
from safeworkload.interop.supervision_services import (
    supervision_import_check,
    supervision_import_run,
)
from safeworkload.interop.tests.test_supervision_csv import (
    cancelled_row,
    session_row,
    supervision_csv,
)
from safeworkload.interop.tests.test_supervision_import_services import add_supervision_records
from safeworkload.supervision.models import Agreement, Session

pytestmark = pytest.mark.django_db

UPLOAD = reverse("interop:supervision-import")


def upload(client, text: str, name: str = "supervision.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, text.encode())})


@pytest.fixture
def records(world):
    return add_supervision_records(world)


@pytest.fixture
def admin(client, world, records):
    client.force_login(world.users["org_admin"])
    return client


def test_an_administrator_uploads_checks_confirms_and_sees_it_done(admin, world, records):
    supervision_import_run(
        organisation=world.a, actor=None, text=supervision_csv(session_row(session_ref="S1"))
    )
    page = admin.get(UPLOAD).content.decode()
    assert "Upload a file" in page
    assert "Notes are never imported" in page

    response = upload(
        admin,
        supervision_csv(
            session_row(session_ref="S1", minutes="60"),
            cancelled_row(session_ref="S2", supervisee_staff_number="N1"),
        ),
    )
    checked = SupervisionImport.objects.get(status="checked")
    assert response["Location"] == reverse("interop:supervision-import-check", args=[checked.pk])

    check = admin.get(response["Location"]).content.decode()
    assert "Sessions to add" in check
    assert "Agreements to create" in check
    assert "Import 2 sessions" in check
    assert "Minutes: 90 to 60" in check
    assert "New session" in check
    assert "New supervision agreements" in check
    assert "Newly qualified timetable" in check
    assert not Session.objects.filter(external_ref="S2").exists()

    confirmed = admin.post(response["Location"])
    assert confirmed["Location"] == reverse("interop:supervision-import-done", args=[checked.pk])
    done = admin.get(confirmed["Location"]).content.decode()
    assert "Supervision records imported" in done
    assert "1 added, 1 changed, 0 already up to date" in done
    assert "1 new supervision agreement was created" in done
    assert Session.objects.get(external_ref="S1").minutes == 60
    assert Agreement.objects.count() == 2
    checked.refresh_from_db()
    assert checked.applied_by == world.users["org_admin"]


def test_confirming_twice_imports_once(admin, world):
    checked = supervision_import_check(
        organisation=world.a, actor=None, text=supervision_csv(session_row())
    )
    url = reverse("interop:supervision-import-check", args=[checked.pk])
    first, second = admin.post(url), admin.post(url)
    assert first["Location"] == second["Location"]
    assert Session.objects.count() == 1
    assert admin.get(url)["Location"] == first["Location"]


def test_a_bad_file_lists_every_error_and_keeps_nothing(admin):
    text = supervision_csv(
        session_row(session_ref="A1", minutes="ninety"),
        session_row(session_ref="A2", held_on="2999-01-01"),
    )
    page = upload(admin, text).content.decode()
    assert "<title>Error: Import supervision" in page
    assert "The selected file has 2 errors. Fix them and upload the file again" in page
    assert "Row 2, minutes: Enter minutes as a whole number, like 90" in page
    assert "Row 3, held_on: Held date must be today or in the past" in page
    assert not SupervisionImport.objects.exists()
    assert not Session.objects.exists()


def test_a_file_already_imported_has_nothing_to_import(admin, world):
    text = supervision_csv(session_row(session_ref="S1"), cancelled_row(session_ref="S2"))
    first = supervision_import_check(organisation=world.a, actor=None, text=text)
    admin.post(reverse("interop:supervision-import-check", args=[first.pk]))
    upload(admin, text)
    again = SupervisionImport.objects.exclude(pk=first.pk).get()

    page = admin.get(reverse("interop:supervision-import-check", args=[again.pk])).content.decode()

    assert "There is nothing to import" in page
    assert "The same file was imported on" in page
    assert "Import 0" not in page


def test_the_check_page_reports_a_file_that_no_longer_passes(admin, world, records):
    checked = supervision_import_check(
        organisation=world.a, actor=None, text=supervision_csv(session_row())
    )
    records.w1.staff_number = "W1-OLD"
    records.w1.save()
    url = reverse("interop:supervision-import-check", args=[checked.pk])

    page = admin.post(url).content.decode()

    assert "<title>Error: " in page
    assert "The staff or supervision records have changed since this file was checked" in page
    assert "Row 2, supervisee_staff_number: There is nobody with staff number W1" in page
    assert admin.get(url)["Location"] == UPLOAD
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "name", ["interop:supervision-import-check", "interop:supervision-import-done"]
)
def test_another_organisations_import_is_not_found(client, world, records, name):
    checked = supervision_import_check(
        organisation=world.a, actor=None, text=supervision_csv(session_row())
    )
    client.force_login(world.users["outsider"])
    assert client.get(reverse(name, args=[checked.pk])).status_code == 404
    assert client.post(reverse(name, args=[checked.pk])).status_code == 404
    assert not Session.objects.exists()


@pytest.mark.parametrize("role", ["practitioner", "team_manager", "service_lead", "union_rep"])
def test_a_role_without_the_import_permission_is_refused(client, world, records, role):
    checked = supervision_import_check(
        organisation=world.a, actor=None, text=supervision_csv(session_row())
    )
    client.force_login(world.users[role])
    for url in (
        UPLOAD,
        reverse("interop:supervision-import-template"),
        reverse("interop:supervision-import-check", args=[checked.pk]),
        reverse("interop:supervision-import-done", args=[checked.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert upload(client, supervision_csv(session_row(session_ref="X9"))).status_code == 403
    assert (
        client.post(reverse("interop:supervision-import-check", args=[checked.pk])).status_code
        == 403
    )
    assert not Session.objects.exists()


def test_the_upload_page_links_to_a_downloadable_template(admin):
    template_url = reverse("interop:supervision-import-template")
    assert f'href="{template_url}"' in admin.get(UPLOAD).content.decode()
    response = admin.get(template_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="supervision-import-template.csv"' in response["Content-Disposition"]
    assert response.content.decode().splitlines()[0] == ",".join(COLUMNS)


def test_administrators_find_the_import_in_the_navigation(admin, client, world):
    assert f'href="{UPLOAD}"' in admin.get("/").content.decode()
    client.force_login(world.users["service_lead"])
    assert f'href="{UPLOAD}"' not in client.get("/").content.decode()
