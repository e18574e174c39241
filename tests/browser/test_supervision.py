"""Supervision in a real browser: a manager records a session from the schedule,
the practitioner reads the private note and confirms the record on a phone, and
the service lead sees the session without its note. Every page is checked with
axe-core."""

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser import SignIn, assert_accessible

PRACTITIONER = "practitioner@northgate.example"
MANAGER = "manager@northgate.example"
LEAD = "lead@northgate.example"
NOTE = "Talked through the weight of the hospital discharges."

# Run in the server's database: the practitioner's next booked session, given
# to the demo manager so that the manager is the supervisor who records it.
SETUP = """
import json
from django_scopes import scopes_disabled
from safeworkload.organisations.models import Membership
from safeworkload.supervision.models import Agreement, Session

with scopes_disabled():
    worker = Membership.objects.get(user__email="{practitioner}").person
    manager = Membership.objects.get(user__email="{manager}").person
    agreement = Agreement.objects.filter(supervisee=worker).first()
    Agreement.objects.filter(pk=agreement.pk).update(supervisor=manager)
    Session.objects.filter(agreement=agreement).update(supervisor=manager)
    session = Session.objects.create(
        organisation=worker.organisation, agreement=agreement, supervisee=worker,
        supervisor=manager, scheduled_for="{today}",
    )
    print(json.dumps({{"session": session.pk, "worker": worker.full_name}}))
"""


@pytest.fixture(scope="module")
def booked(server: str, server_database_url: str) -> dict[str, object]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeworkload.config.settings.local",
        "SAFEWORKLOAD_DATABASE_URL": server_database_url,
    }
    code = SETUP.format(practitioner=PRACTITIONER, manager=MANAGER, today=date.today().isoformat())
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "safeworkload", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.browser
def test_a_session_is_recorded_confirmed_and_its_note_kept_between_the_two(
    sign_in: SignIn, booked: dict[str, object]
) -> None:
    today = date.today()
    page = sign_in(MANAGER)
    page.goto("/supervision/schedule/")
    expect(page.locator("main h1")).to_have_text("Supervision schedule")
    assert_accessible(page)

    page.goto(f"/supervision/sessions/{booked['session']}/record/")
    page.get_by_role("button", name="Save the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter how many minutes the session lasted"
    )
    assert_accessible(page)
    held = page.get_by_role("group", name="Date it was held")
    held.get_by_label("Day").fill(str(today.day))
    held.get_by_label("Month").fill(str(today.month))
    held.get_by_label("Year").fill(str(today.year))
    page.get_by_label("How long it lasted, in minutes").fill("90")
    page.get_by_label("Minutes spent on reflection, support and development").fill("30")
    page.get_by_label("Personal and wellbeing notes").fill(NOTE)
    page.get_by_role("button", name="Save the record").click()
    expect(page.locator("main")).to_contain_text("90 minutes, uninterrupted")
    assert_accessible(page)

    worker = sign_in(PRACTITIONER, width=375)
    worker.goto("/supervision/mine/")
    expect(worker.locator("main")).to_contain_text("waiting for you to confirm")
    assert_accessible(worker)
    worker.goto(f"/supervision/sessions/{booked['session']}/")
    expect(worker.locator("main")).to_contain_text(NOTE)
    worker.get_by_role("button", name="Confirm this is a fair record").click()
    expect(worker.locator("main")).to_contain_text("Thank you: the record is confirmed")

    lead = sign_in(LEAD)
    lead.goto(f"/supervision/sessions/{booked['session']}/")
    expect(lead.locator("main")).to_contain_text("read only by the two people in the session")
    expect(lead.locator("main")).not_to_contain_text(NOTE)
    lead.goto("/supervision/compliance/")
    expect(lead.locator("main h1")).to_have_text("Supervision compliance")
    assert_accessible(lead)
