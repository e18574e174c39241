"""The duty sizing page: upload a contact log, see the rota by day and hour, download it."""

import csv
import io
import math
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeworkload.staffing import duty
from safeworkload.staffing.tests.test_duty import TINY
from safeworkload.staffing.views_duty import CSV_HEADER

pytestmark = pytest.mark.django_db

PAGE = reverse("staffing:duty")
RESULT = reverse("staffing:duty-result")
DOWNLOAD = reverse("staffing:duty-csv")
EXAMPLE = (Path(duty.__file__).parent / "examples" / "duty_contacts.csv").read_text()
OPTIONS = {
    "target_wait": "20",
    "service_level": "80",
    "shrinkage": "30",
    "opens": "9",
    "closes": "17",
    "days": ["0", "1", "2", "3", "4"],
}


def upload(client, text: str, name: str = "contacts.csv", **changes):
    data = {**OPTIONS, **changes, "file": SimpleUploadedFile(name, text.encode())}
    return client.post(PAGE, data)


@pytest.fixture
def lead(client, world):
    client.force_login(world.users["service_lead"])
    return client


def test_a_lead_sees_the_form_with_the_usual_target(lead):
    page = lead.get(PAGE).content.decode()
    assert "Upload a contact log" in page
    assert 'id="target_wait" name="target_wait" type="text" spellcheck="false" value="20"' in page
    assert 'name="days" type="checkbox" value="4" checked' in page
    assert 'name="days" type="checkbox" value="5">' in page
    assert reverse("staffing:duty-template") in page


def test_the_template_is_a_csv_of_the_columns(lead):
    response = lead.get(reverse("staffing:duty-template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines()[0] == "received_at,handling_minutes,channel"


def test_a_lead_uploads_the_example_and_sees_the_rota_by_day_and_hour(lead):
    response = upload(lead, EXAMPLE, name="duty_contacts.csv")
    assert response.status_code == 302
    assert response["Location"] == RESULT
    page = lead.get(RESULT).content.decode()
    assert "duty_contacts.csv" in page
    assert "Checked by simulation." in page
    assert "Erlang C over-staffs" in page
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        assert f'id="chart-duty-{day.lower()}"' in page
        assert f"{day}: staff needed in each hour" in page
    assert "09:00 to 10:00" in page and "16:00 to 17:00" in page
    assert "Saturday" not in page
    assert "contacts_per_day = 32.4" in page
    assert 'class="app-table-wrapper" tabindex="0" role="region"' in page


def test_the_result_downloads_as_csv_with_a_row_per_hour(lead):
    upload(lead, TINY, target_wait="20")
    response = lead.get(DOWNLOAD)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 1 + 5 * 8
    monday_nine = dict(zip(CSV_HEADER, rows[1], strict=True))
    assert monday_nine["day"] == "Monday"
    assert (monday_nine["hour"], monday_nine["contacts_in_log"]) == ("9", "3")
    # Handling of 36 minutes against a 20-minute target: the simulation checked it.
    assert monday_nine["erlang_agents"] == "2"
    assert monday_nine["on_duty"] == monday_nine["des_agents"]
    assert monday_nine["verdict"] in ("agrees", "under", "over")
    assert int(monday_nine["rostered"]) == math.ceil(round(int(monday_nine["on_duty"]) / 0.7, 9))


def test_the_options_on_the_form_are_used(lead):
    upload(lead, TINY, shrinkage="0", days=["0"], opens="9", closes="11")
    rows = list(csv.reader(io.StringIO(lead.get(DOWNLOAD).content.decode())))
    assert [(row[0], row[1]) for row in rows[1:]] == [("Monday", "9"), ("Monday", "10")]
    assert all(row[-1] == row[-2] for row in rows[1:])  # no shrinkage: rostered = on duty


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        pytest.param(
            "received_at,handling_minutes\nsoon,20\n2025-03-03T09:00,0\n",
            [
                "The selected file has 2 errors. Fix them and upload the file again",
                "Row 2, received_at: Enter when the contact arrived as a date and time",
                "Row 3, handling_minutes: Handling minutes must be more than 0",
            ],
            id="bad-rows",
        ),
        pytest.param(
            "2025-03-03T09:00,20\n",
            ["The first row must be the header row: received_at, handling_minutes"],
            id="no-header",
        ),
        pytest.param(
            "received_at,handling_minutes\n2025-03-03T09:00,20\n",
            ["The log covers 1 days: it must cover at least 7"],
            id="too-short",
        ),
    ],
)
def test_a_bad_log_is_refused_with_what_to_fix_and_nothing_sized(lead, text, errors):
    response = upload(lead, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    for error in errors:
        assert error in page
    assert lead.get(RESULT)["Location"] == PAGE


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"target_wait": "soon"}, "Enter the target wait as a whole number"),
        (
            {"service_level": "100"},
            "The share picked up within the target wait must be 99% or less",
        ),
        ({"opens": "17", "closes": "9"}, "The hour the duty line closes must be after it opens"),
        ({"days": []}, "Select the days the duty line is open"),
    ],
)
def test_bad_options_are_refused_in_govuk_voice(lead, changes, error):
    page = upload(lead, TINY, **changes).content.decode()
    assert error in page


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("contacts.xlsx", TINY, "The selected file must be a CSV"),
        ("contacts.csv", "", "The selected file is empty"),
    ],
)
def test_a_file_that_is_not_a_csv_log_is_refused(lead, name, content, error):
    assert error in upload(lead, content, name=name).content.decode()


def test_without_a_result_the_result_and_csv_go_back_to_the_upload(lead):
    assert lead.get(RESULT)["Location"] == PAGE
    assert lead.get(DOWNLOAD)["Location"] == PAGE


def test_a_result_is_not_shown_for_another_organisation(client, world):
    client.force_login(world.users["service_lead"])
    upload(client, TINY)
    session = client.session
    session["staffing_duty"]["organisation"] = world.b.pk
    session.save()
    assert client.get(RESULT)["Location"] == PAGE


def test_a_practitioner_cannot_size_a_rota(client, world):
    client.force_login(world.users["practitioner"])
    assert upload(client, TINY).status_code == 403
