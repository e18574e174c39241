"""The health check in a real browser: a practitioner answers through a one-time
link without signing in; the principal social worker sees the report with small
groups hidden, downloads the PDF and proposes an action, which the union
representative co-signs. Every page is checked with axe-core."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser import SignIn, assert_accessible

PRACTITIONER = "practitioner@northgate.example"
LEAD = "lead@northgate.example"
UNION = "union@northgate.example"

# Run in the server's database: reopen Northgate's latest demo wave and give the
# demo practitioner a one-time link to it.
SETUP = """
import json
from datetime import date
from django_scopes import scope, scopes_disabled
from safeworkload.healthcheck.models import Invitation, Survey
from safeworkload.healthcheck.services.survey import invitation_create
from safeworkload.organisations.models import Membership

with scopes_disabled():
    worker = Membership.objects.get(user__email="{practitioner}").person
    survey = Survey.objects.filter(organisation=worker.organisation).order_by("-year").first()
    Survey.objects.filter(pk=survey.pk).update(status="open", closes_on=None)
    Invitation.objects.filter(survey=survey, person=worker).delete()
with scope(organisation=worker.organisation_id):
    token = invitation_create(survey=survey, person=worker, today=date.today())
print(json.dumps({{"survey": survey.pk, "token": token}}))
"""


@pytest.fixture(scope="module")
def wave(server: str, server_database_url: str) -> dict[str, object]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeworkload.config.settings.local",
        "SAFEWORKLOAD_DATABASE_URL": server_database_url,
    }
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "safeworkload",
            "shell",
            "--no-imports",
            "-c",
            SETUP.format(practitioner=PRACTITIONER),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _answer(page: Page) -> None:
    page.fill("input[name=hours_contracted]", "37")
    page.fill("input[name=hours_worked]", "45")
    page.fill("input[name=caseload_now]", "24")
    page.check("input[name=workload_manageable][value='2']")
    page.check("input[name=supervision_last_month][value='2']")
    page.select_option("select[name=about_team]", label="Prefer not to say")
    for group in ("Your service area", "Your role", "How long you have been qualified"):
        page.get_by_role("group", name=group).get_by_label("Prefer not to say").check()
    grade = page.locator("select[name=about_grade]")
    if grade.count():
        grade.select_option(label="Prefer not to say")


@pytest.mark.browser
def test_a_practitioner_answers_and_the_lead_and_union_agree_an_action(
    new_context: Callable[..., BrowserContext], sign_in: SignIn, wave: dict[str, object]
) -> None:
    anonymous = new_context(width=375)
    page = anonymous.new_page()
    page.goto(f"/health-check/answer/{wave['token']}/")
    assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    _answer(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("main h1")).to_contain_text("Your answers are in")
    page.goto(f"/health-check/answer/{wave['token']}/")
    expect(page.locator("main")).to_contain_text("used")

    lead = sign_in(LEAD)
    lead.goto(f"/health-check/reports/{wave['survey']}/")
    expect(lead.locator("main")).to_contain_text("Figures are shown only for groups of at least")
    expect(lead.locator("main")).to_contain_text("Too few to show")
    assert_accessible(lead)
    pdf = lead.request.get(f"/health-check/reports/{wave['survey']}/report.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    lead.goto(f"/health-check/reports/{wave['survey']}/plan/")
    lead.get_by_role("button", name="Adopt this finding").first.click()
    lead.get_by_text("Propose an action for this finding").first.click()
    lead.get_by_label("What will be done").first.fill("Protect an hour of reflective time a week")
    lead.get_by_label("Who owns it").first.fill("Principal social worker")
    due = date.today() + timedelta(days=60)
    lead.get_by_label("Day").first.fill(str(due.day))
    lead.get_by_label("Month").first.fill(str(due.month))
    lead.get_by_label("Year").first.fill(str(due.year))
    lead.get_by_role("button", name="Propose the action").first.click()
    expect(lead.locator("main")).to_contain_text("Protect an hour of reflective time a week")
    assert_accessible(lead)

    union = sign_in(UNION)
    union.goto(f"/health-check/reports/{wave['survey']}/plan/")
    union.get_by_role(
        "button", name="Co-sign and agree: Protect an hour of reflective time a week"
    ).click()
    expect(union.locator("main")).to_contain_text("Agreed")
    assert_accessible(union)
