"""A staffing model in a real browser: a service lead builds a model from the demo
organisation's records, starts a run, watches the progress bar move while the
run waits for a worker and then runs, and reads the results: the figures by
role, the fan chart, the tornado chart and a column for each scenario. The
builder and the results are checked with axe-core.

The demo server uses django-tasks-db, so a started run waits, queued, until a
worker takes it: the test moves the run's progress itself to see the bar
follow without a reload, then runs the worker once (``db_worker --batch``)
against the server's database.
"""

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser import SignIn, assert_accessible

LEAD = "lead@northgate.example"
RESULTS_TIMEOUT_MS = 120_000

MOVE_PROGRESS = """
from django_scopes import scopes_disabled
from safeworkload.staffing.models import StaffingRun

with scopes_disabled():
    StaffingRun.objects.filter(pk={run}).update(
        status="running", progress_done=5, progress_total=20
    )
"""


def _server_env(server_database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeworkload.config.settings.local",
        "SAFEWORKLOAD_DATABASE_URL": server_database_url,
    }


def _safeworkload(*args: str, database_url: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "safeworkload", *args],
        env=_server_env(database_url),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


@pytest.mark.browser
def test_a_service_lead_builds_a_model_runs_it_and_reads_the_results(
    sign_in: SignIn, server_database_url: str
) -> None:
    page = sign_in(LEAD)
    page.get_by_role("link", name="Staffing models", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Staffing models")
    page.get_by_role("button", name="Build a staffing model").click()
    page.get_by_label("Adults (every team)").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("main h1")).to_have_text("Check the figures")
    social_workers = page.get_by_label("Social worker: FTE in post", exact=True)
    expect(social_workers).not_to_have_value("")
    expect(page.locator("#roles__social_worker__in_post-hint")).to_contain_text(
        "in post in Adults (every team)"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save the model").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Model saved")
    page.get_by_label("Replications").fill("5000")
    page.get_by_label("2 more administrators").check()
    page.get_by_label("10% less sickness absence").check()
    page.get_by_role("button", name="Start the run").click()

    expect(page).to_have_url(re.compile(r"/staffing/runs/\d+/$"))
    run = int(page.url.rstrip("/").rsplit("/", 1)[1])
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(page.locator("#run-progress-text")).to_have_text("Waiting for a worker to start the run")
    page.evaluate("window.stillThisPage = true")

    _safeworkload(
        "shell",
        "--no-imports",
        "-c",
        MOVE_PROGRESS.format(run=run),
        database_url=server_database_url,
    )
    expect(bar).to_have_attribute("aria-valuenow", "25")
    expect(page.locator("#run-progress-text")).to_have_text("Running: 25% done (5 of 20 steps)")
    assert page.evaluate("window.stillThisPage === true"), "the page reloaded to move the bar"

    _safeworkload("db_worker", "--batch", "--no-startup-delay", database_url=server_database_url)
    expect(page.locator("main h1")).to_have_text(
        f"Results of run {run}", timeout=RESULTS_TIMEOUT_MS
    )
    expect(page.get_by_role("progressbar")).to_have_count(0)
    expect(page.locator("#by-role")).to_be_visible()
    expect(page.locator("svg#chart-fan")).to_be_visible()
    expect(page.locator("svg#chart-fan title")).to_have_text("Caseload per worker through the year")
    expect(page.locator("svg#chart-tornado")).to_be_visible()
    expect(page.locator("svg#chart-tornado title")).to_have_text("What drives the answer")
    scenarios = page.get_by_role(
        "region", name="Scenarios side by side (scrolls sideways on a narrow screen)"
    )
    for column in ("The model as it is", "2 more administrators", "10% less sickness absence"):
        expect(scenarios.get_by_role("columnheader", name=column)).to_be_visible()
    assert_accessible(page)
