"""Signing out, and acting for another organisation through the switcher."""

import pytest
from playwright.sync_api import expect

from tests.browser import SignIn, acting_for, assert_accessible, staff_counts


@pytest.mark.browser
def test_signing_out_ends_the_session(sign_in: SignIn) -> None:
    page = sign_in("practitioner@northgate.example")

    page.get_by_role("button", name="Sign out").click()

    page.wait_for_url("/sign-in/")
    page.goto("/people/")
    assert page.url.endswith("/sign-in/?next=/people/")
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
def test_the_switcher_changes_the_organisation_acted_for(sign_in: SignIn) -> None:
    page = sign_in("multi@midshire.example")
    switcher = page.get_by_label("Acting for")
    before = acting_for(page)
    others = [label for label in switcher.locator("option").all_inner_texts() if label != before]
    assert others, "the switcher offers no other organisation"

    switcher.select_option(label=others[0])
    page.get_by_role("button", name="Change", exact=True).click()

    page.wait_for_url("/")
    assert acting_for(page) == others[0]
    expect(switcher.locator("option:checked")).to_have_text(others[0])
    assert all(count > 0 for count in staff_counts(page))
