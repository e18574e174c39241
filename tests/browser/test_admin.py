"""An organisation administrator's pages: records, teams, forms with errors, sign-ins and
API tokens, each opened through the interface and checked with axe-core."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser import SignIn, assert_accessible

ADMIN = "admin@northgate.example"


@pytest.fixture
def admin(sign_in: SignIn) -> Page:
    return sign_in(ADMIN)


def open_first_row(page: Page, list_path: str) -> str:
    """Follow the first link in the list page's table; answer the heading it opens."""
    page.goto(list_path)
    link = page.locator("main table a.govuk-link").first
    name = link.inner_text()
    link.click()
    expect(page.locator("main h1")).to_have_text(name)
    return name


@pytest.mark.browser
def test_an_admin_can_open_and_change_a_persons_record(admin: Page) -> None:
    name = open_first_row(admin, "/people/")
    assert_accessible(admin)

    admin.get_by_role("button", name="Change this record").click()
    first_name = admin.get_by_label("First name", exact=True).input_value()
    assert first_name and name.startswith(first_name)
    assert_accessible(admin)


@pytest.mark.browser
def test_an_admin_can_open_and_change_a_team(admin: Page) -> None:
    name = open_first_row(admin, "/teams/")
    assert_accessible(admin)

    admin.get_by_role("button", name="Change team details").click()
    expect(admin.get_by_label("Team name", exact=True)).to_have_value(name)
    assert_accessible(admin)


@pytest.mark.browser
def test_an_empty_team_form_shows_an_accessible_error_summary(admin: Page) -> None:
    admin.goto("/teams/new/")
    admin.get_by_role("button", name="Save team").click()

    summary = admin.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert admin.title().startswith("Error: ")
    assert_accessible(admin)

    first_error = summary.locator(".govuk-error-summary__list a").first
    target = (first_error.get_attribute("href") or "").removeprefix("#")
    first_error.click()
    expect(admin.locator(f"[id='{target}']")).to_be_focused()


@pytest.mark.browser
def test_the_sign_ins_page_lists_the_organisations_sign_ins(admin: Page) -> None:
    admin.goto("/admin/sign-ins/")

    expect(admin.locator("main")).to_contain_text(ADMIN)
    assert_accessible(admin)


@pytest.mark.browser
def test_an_admin_can_create_an_api_token_and_is_shown_its_key(admin: Page) -> None:
    admin.goto("/admin/api-tokens/")
    assert_accessible(admin)

    admin.get_by_role("button", name="Create a token").click()
    assert_accessible(admin)
    admin.get_by_label("Name", exact=True).fill("Browser test reporting")
    admin.get_by_label("Read only", exact=True).check()
    admin.get_by_role("button", name="Create token").click()

    expect(admin.get_by_role("heading", name="Token created")).to_be_visible()
    expect(admin.locator("#token-key")).not_to_be_empty()
    assert_accessible(admin)
    admin.get_by_role("link", name="Back to API tokens").click()
    expect(admin.locator("main table")).to_contain_text("Browser test reporting")
