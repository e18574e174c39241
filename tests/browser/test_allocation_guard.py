"""The allocation guard in a real browser: a team manager allocates a case from the
queue, sees each worker's potential capacity, is stopped above the ceiling, and can
go ahead only with a reason and the worker's own acknowledgement. Every page is
checked with axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import SignIn, assert_accessible

MANAGER = "manager@northgate.example"
PRACTITIONER = "practitioner@northgate.example"
LEAD = "lead@northgate.example"
# The staff record behind the practitioner's sign-in in the demo (seed 1, scale 0.05).
PRACTITIONER_NAME = "Joanne Bailey"
REASON = "The only worker who has met the family"
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
def test_above_the_ceiling_a_case_goes_to_a_worker_only_with_a_reason_and_their_acknowledgement(
    manager: Page, sign_in: SignIn
) -> None:
    reference = open_first_waiting_case(manager)
    options = manager.get_by_role(
        "table", name="Capacity now and after taking this case, lightest first"
    )
    expect(options).to_contain_text("After this case")
    expect(options).to_contain_text(re.compile(r"\d+\.\d% .*\d+\.\d%", re.S))
    assert_accessible(manager)

    # The demo practitioner, who has a sign-in, is already full: any case takes
    # them above their ceiling.
    over = manager.locator(".govuk-radios__item").filter(has_text=PRACTITIONER_NAME)
    expect(over).to_contain_text("above their ceiling")
    over.locator("input").check()
    manager.get_by_role("button", name="Allocate case").click()

    warning = manager.locator(".govuk-warning-text")
    expect(warning).to_contain_text(f"This takes {PRACTITIONER_NAME} from")
    expect(warning).to_contain_text("above their ceiling")
    expect(manager.locator(".govuk-error-summary")).to_have_count(0)
    expect(manager.get_by_role("checkbox")).to_have_count(0)
    assert_accessible(manager)

    # Without a reason, the guard refuses.
    ask = manager.get_by_role("button", name=f"Ask {PRACTITIONER_NAME} to acknowledge")
    ask.click()
    summary = manager.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the reason for allocating above the ceiling")
    assert manager.title().startswith("Error: ")
    assert_accessible(manager)

    # With a reason the worker is asked; the case waits in the queue meanwhile.
    manager.get_by_label(f"Why must this case go to {PRACTITIONER_NAME} above their ceiling?").fill(
        REASON
    )
    ask.click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text(
        f"{PRACTITIONER_NAME} has been asked to acknowledge case {reference}"
    )
    waiting = manager.locator("main table tr").filter(has_text=reference)
    expect(waiting).to_contain_text(f"Waiting for {PRACTITIONER_NAME}'s acknowledgement")
    assert_accessible(manager)

    # The worker acknowledges it on their own cases page.
    worker = sign_in(PRACTITIONER)
    worker.goto("/caseloads/my-cases/")
    expect(worker.locator("main")).to_contain_text(f"Case {reference}")
    expect(worker.locator("main")).to_contain_text(REASON)
    expect(worker.locator("main")).to_contain_text(re.compile(r"Now \d+\.\d%, \d+\.\d% with"))
    assert_accessible(worker)
    worker.get_by_role("button", name=f"Acknowledge and take case {reference}").click()
    expect(worker.locator(".govuk-notification-banner")).to_contain_text(
        f"Case {reference} is now allocated to you"
    )
    expect(worker.locator("main table").first).to_contain_text(reference)
    assert_accessible(worker)

    # The case has left the queue.
    manager.reload()
    expect(manager.locator(CASE_LINK).filter(has_text=reference)).to_have_count(0)

    # The lead reads the request, the allocation and the acknowledgement in the log.
    lead = sign_in(LEAD)
    lead.goto("/audit/")
    log = lead.locator("main table")
    for action in (
        "case.allocation_requested_over_ceiling",
        "case.allocated_over_ceiling",
        "case.allocation_acknowledged",
    ):
        expect(log).to_contain_text(action)
    assert_accessible(lead)


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
