"""The relief bank in a real browser, end to end: a team manager asks for cover,
the coordinator runs the matching, the worker accepts the offer on a phone and
submits a timesheet, the team approves it, and the charge appears on the
employer's recharge statement. Every page is checked with axe-core.

The demo's bank worker lives alone at Quarry End and travels at most 5 miles,
so a request placed there is theirs and nobody else's.
"""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser import SignIn, assert_accessible

MANAGER = "manager@northgate.example"
COORDINATOR = "bank@midshire.example"
WORKER = "bankworker@midshire.example"
WORKER_NAME = "Robin Ashdown"
PHONE_WIDTH = 375


@pytest.mark.browser
def test_a_request_is_matched_accepted_worked_approved_and_recharged(sign_in: SignIn) -> None:
    today = date.today()
    monday = today - timedelta(days=today.weekday())

    # The team manager asks for an AMHP duty shift today at Quarry End.
    manager = sign_in(MANAGER)
    manager.goto("/bank/requests/new/")
    assert_accessible(manager)
    manager.get_by_label("Duty shift", exact=True).check()
    manager.get_by_label("Team", exact=True).select_option(index=1)
    team = manager.get_by_label("Team", exact=True).locator("option:checked").inner_text()
    manager.get_by_label("Role", exact=True).select_option(label="Social worker")
    manager.get_by_label("Approved mental health professional (AMHP)").check()
    manager.locator("#starts_on-day").fill(str(today.day))
    manager.locator("#starts_on-month").fill(str(today.month))
    manager.locator("#starts_on-year").fill(str(today.year))
    manager.get_by_label("Hours of the shift").fill("7.5")
    manager.get_by_label("Where the work is", exact=True).select_option(label="Quarry End")
    manager.get_by_label("Statutory work", exact=True).check()
    manager.get_by_role("button", name="Ask for cover").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("Cover requested")

    # The coordinator runs the matching and sees the offer and why.
    coordinator = sign_in(COORDINATOR)
    coordinator.get_by_role("link", name="Bank matching", exact=True).click()
    expect(coordinator.locator("main h1")).to_have_text("Matching")
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Run matching").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text("Matching run:")
    offers = coordinator.get_by_role("table", name="Offers made by this run")
    expect(offers).to_contain_text(WORKER_NAME)
    expect(offers).to_contain_text("0.0 miles from home")
    expect(
        coordinator.get_by_role("table", name="The matching against the booking desk")
    ).to_be_visible()
    assert_accessible(coordinator)

    # The worker accepts on a phone and sees the offer's details first.
    worker = sign_in(WORKER, width=PHONE_WIDTH)
    worker.goto("/bank/offers/mine/")
    expect(worker.locator("main h1")).to_have_text("Your bank offers")
    assert_accessible(worker)
    worker.get_by_role("link", name=f"Duty shift for {team}").first.click()
    expect(worker.locator("main")).to_contain_text("Quarry End")
    assert_accessible(worker)
    worker.get_by_role("button", name="Accept the offer").click()
    expect(worker.locator(".govuk-notification-banner")).to_contain_text("Offer accepted")
    assert_accessible(worker)

    # ... and submits the week's timesheet, after a GOV.UK error.
    worker.get_by_role("link", name="Submit a timesheet").click()
    expect(worker.locator("main h1")).to_have_text("Submit a timesheet")
    assert_accessible(worker)
    worker.get_by_label(f"Week starting {monday:%-d %B %Y}").check()
    worker.get_by_label("Miles travelled for the work").fill("0")
    worker.get_by_role("button", name="Submit the timesheet").click()
    expect(worker.locator(".govuk-error-summary")).to_contain_text(
        "Enter the number of hours, like 7.5"
    )
    assert_accessible(worker)
    worker.get_by_label("Hours worked that week").fill("7.5")
    worker.get_by_role("button", name="Submit the timesheet").click()
    expect(worker.locator(".govuk-notification-banner")).to_contain_text("Timesheet submitted")

    # The team approves it.
    manager.get_by_role("link", name="Bank timesheets", exact=True).click()
    expect(manager.locator("main h1")).to_have_text("Bank timesheets")
    assert_accessible(manager)
    manager.get_by_role("link", name=f"{WORKER_NAME} week starting {monday:%-d %B %Y}").click()
    assert_accessible(manager)
    manager.get_by_role("button", name="Approve 7.50 hours").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("Timesheet approved")

    # The charge is on the employer's statement for the month of that week:
    # 7.5 hours at the social worker's base rate of £36.00, no miles.
    manager.goto(f"/bank/statements/?month={monday:%Y-%m}")
    statement = manager.get_by_role("table", name="Charges to Northgate Council")
    row = statement.get_by_role("row").filter(has_text=WORKER_NAME)
    expect(row).to_contain_text("£270.00")
    assert_accessible(manager)
