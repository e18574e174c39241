"""The allocation guard in a real browser: a team manager allocates a case from the
queue, sees each worker's potential capacity, is stopped above the ceiling, and can
go ahead only with a reason and the worker's agreement. Every page is checked with
axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import SignIn, assert_accessible

MANAGER = "manager@northgate.example"
PRACTITIONER = "practitioner@northgate.example"
CASE_LINK = "main table a.govuk-link[href^='/caseloads/allocate/']"


@pytest.fixture
def manager(sign_in: SignIn) -> Page:
    return sign_in(MANAGER)


def open_first_waiting_case(page: Page) -> str:
    page.get_by_role("link", name="Allocate", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Allocate cases")
    assert_accessible(page)
    link = page.locator(CASE_LINK).first
    reference = link.inner_text().strip()
    link.click()
    expect(page.locator("main h1")).to_have_text(f"Allocate case {reference}")
    return reference


@pytest.mark.browser
def test_a_manager_is_stopped_above_the_ceiling_until_they_give_a_reason_and_agreement(
    manager: Page,
) -> None:
    reference = open_first_waiting_case(manager)
    options = manager.get_by_role(
        "table", name="Capacity now and after taking this case, lightest first"
    )
    expect(options).to_contain_text("After this case")
    expect(options).to_contain_text(re.compile(r"\d+\.\d% .*\d+\.\d%", re.S))
    assert_accessible(manager)

    # Choose a worker the case would take above their ceiling.
    over = manager.locator(".govuk-radios__item").filter(has_text="above their ceiling").first
    expect(over).to_be_visible()
    name = over.locator("label").inner_text().strip()
    over.locator("input").check()
    manager.get_by_role("button", name="Allocate case").click()

    warning = manager.locator(".govuk-warning-text")
    expect(warning).to_contain_text(f"This takes {name} from")
    expect(warning).to_contain_text("above their ceiling")
    expect(manager.locator(".govuk-error-summary")).to_have_count(0)
    assert_accessible(manager)

    # Without a reason or the worker's agreement, the guard refuses.
    go_ahead = manager.get_by_role("button", name="Allocate above the ceiling")
    go_ahead.click()
    summary = manager.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the reason for allocating above the ceiling")
    expect(summary).to_contain_text("Confirm the worker has agreed")
    assert manager.title().startswith("Error: ")
    assert_accessible(manager)

    # A reason alone is not enough.
    manager.get_by_label(f"Why must this case go to {name} above their ceiling?").fill(
        "The only worker who has met the family"
    )
    go_ahead.click()
    expect(summary).to_contain_text("Confirm the worker has agreed")
    expect(summary).not_to_contain_text("Enter the reason")

    # With both, the case is allocated and leaves the queue.
    manager.get_by_label(f"{name} has agreed to take this case above their ceiling").check()
    go_ahead.click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text(
        f"Case {reference} allocated to {name} above their ceiling"
    )
    expect(manager.locator(CASE_LINK).filter(has_text=reference)).to_have_count(0)
    assert_accessible(manager)


@pytest.mark.browser
def test_the_suggestion_and_reassignment_pages_open_and_pass_axe(manager: Page) -> None:
    manager.get_by_role("link", name="Allocate", exact=True).click()
    manager.get_by_role("button", name="Suggest an allocation for the queue").click()
    expect(manager.locator("main h1")).to_have_text("Suggested allocation")
    expect(manager.locator("main table")).to_contain_text("of capacity")
    assert_accessible(manager)

    manager.get_by_role("link", name="Back to the queue").click()
    manager.get_by_role("link", name="Move cases").first.click()
    expect(manager.locator("main h1")).to_contain_text("cases")
    assert_accessible(manager)


@pytest.mark.browser
def test_a_practitioner_declares_at_capacity(sign_in: SignIn) -> None:
    page = sign_in(PRACTITIONER)
    page.goto("/caseloads/at-capacity/")
    assert_accessible(page)
    page.get_by_label("What should your manager know? (optional)").fill("Two reports due")
    page.get_by_role("button", name="Declare I am at capacity").click()
    expect(page.locator(".govuk-panel")).to_contain_text(
        "You have declared that you are at capacity"
    )
    assert_accessible(page)
