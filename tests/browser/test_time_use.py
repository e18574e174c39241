"""Time use in a real browser: a practitioner records a sample week on a phone and
sees their share against the 80% target; their manager sees the team's aggregate
but gets a not-found page for an individual of another team. Every page is checked
with axe-core."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser import SignIn, assert_accessible

PRACTITIONER = "practitioner@northgate.example"
MANAGER = "manager@northgate.example"
PHONE_WIDTH = 375
WEEK = {
    "Face to face with people": "6",
    "Phone or video with people": "2",
    "Recording and case admin": "18",
    "Other admin": "2",
    "Travel": "6",
    "Supervision": "1.5",
    "Learning": "0.5",
    "Meetings": "4",
}

# Run in the server's database, built from the demo: a sample week of someone
# outside the manager's teams.
SETUP = """
import json
from django_scopes import scopes_disabled
from safeworkload.organisations.models import Membership
from safeworkload.timeuse.models import TimeSample

with scopes_disabled():
    manager = Membership.objects.get(user__email="{manager}").person
    other = (
        TimeSample.objects.filter(organisation=manager.organisation)
        .exclude(team__manager=manager)
        .order_by("pk")
        .first()
    )
    print(json.dumps({{"other_sample": other.pk}}))
"""


@pytest.fixture(scope="module")
def other_teams_sample(server: str, server_database_url: str) -> Iterator[int]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeworkload.config.settings.local",
        "SAFEWORKLOAD_DATABASE_URL": server_database_url,
    }
    code = SETUP.format(manager=MANAGER)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "safeworkload", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    yield json.loads(result.stdout.strip().splitlines()[-1])["other_sample"]


def last_monday() -> date:
    today = date.today()
    return today - timedelta(days=today.weekday(), weeks=1)


@pytest.mark.browser
def test_a_practitioner_records_a_week_on_a_phone_and_sees_their_share_against_the_target(
    sign_in: SignIn, other_teams_sample: int
) -> None:
    page = sign_in(PRACTITIONER, width=PHONE_WIDTH)
    page.goto("/time-use/mine/")
    expect(page.locator("main h1")).to_have_text("Your time use")
    assert_accessible(page)

    page.get_by_role("button", name="Record a week").click()
    expect(page.locator("main h1")).to_have_text("Record a week")
    assert_accessible(page)
    # Last week is chosen already; a word in a box gets its own message.
    expect(
        page.get_by_label(f"Week starting {last_monday():%-d %B %Y} (last week)")
    ).to_be_checked()
    for label, hours in WEEK.items():
        page.get_by_label(label, exact=True).fill(hours)
    page.get_by_label("Travel", exact=True).fill("six")
    page.get_by_role("button", name="Save the week").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the hours for travel as a number, like 7.5"
    )
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    page.get_by_label("Travel", exact=True).fill("6")
    page.get_by_role("button", name="Save the week").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Your week starting {last_monday():%-d %B %Y} is"
    )
    expect(page.locator("#against-target")).to_contain_text("of the week with people")
    expect(page.locator("#against-target")).to_contain_text("80% target")
    assert_accessible(page)

    page.get_by_role("link", name=f"{last_monday():%-d %B %Y}").click()
    expect(page.locator("#against-target")).to_have_text(
        "20.0% of the week with people: 60.0 points below the 80% target."
    )
    assert_accessible(page)


@pytest.mark.browser
def test_a_manager_sees_the_team_aggregate_but_not_another_teams_individual(
    sign_in: SignIn, other_teams_sample: int
) -> None:
    page: Page = sign_in(MANAGER)
    page.get_by_role("link", name="Time use figures", exact=True).click()
    expect(page.locator("main h1")).to_contain_text("Time use: Northgate Council")
    assert_accessible(page)

    page.locator("main").get_by_role("link", name="Adults long-term", exact=True).first.click()
    expect(page.locator("main h1")).to_have_text("Time use: Adults long-term")
    expect(page.locator("#against-target")).to_contain_text("80% target")
    expect(page.locator("main")).to_contain_text("What an administrator frees")
    expect(page.locator("main")).to_contain_text("Your team members' weeks")
    assert_accessible(page)

    # Not found, as if it did not exist (the demo server runs with DEBUG, so the
    # page is Django's own).
    response = page.goto(f"/time-use/samples/{other_teams_sample}/")
    assert response is not None and response.status == 404
    expect(page.get_by_text("Recording and case admin")).to_have_count(0)
