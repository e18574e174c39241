"""The pages fit a phone's width and load GOV.UK Frontend's styles and scripts."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, Response, expect

from tests.browser import SignIn, assert_accessible

PHONE_WIDTH = 375
SCREENS = Path(tempfile.gettempdir()) / "screens"


def page_width(page: Page) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def record_problems(page: Page) -> list[str]:
    """Collect the page's script errors and failed requests from now on."""
    problems: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", on_response)
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/people/"])
def test_a_page_fits_a_phone_without_scrolling_sideways(path: str, sign_in: SignIn) -> None:
    page = sign_in("admin@northgate.example", width=PHONE_WIDTH)
    page.goto(path)

    assert page_width(page) <= PHONE_WIDTH + 1
    assert_accessible(page)


@pytest.mark.browser
def test_the_admin_pages_load_govuk_frontend_styles_and_scripts(sign_in: SignIn) -> None:
    page = sign_in("admin@northgate.example")
    problems = record_problems(page)
    SCREENS.mkdir(exist_ok=True)

    for name, path in [("admin-home", "/"), ("admin-people", "/people/")]:
        page.goto(path)
        heading = page.locator("main h1")
        assert heading.evaluate("h => getComputedStyle(h).fontWeight") == "700"
        assert "arial" in heading.evaluate("h => getComputedStyle(h).fontFamily").lower()
        expect(page.locator("[data-govuk-service-navigation-init]")).to_have_count(1)
        page.screenshot(path=SCREENS / f"{name}.png", full_page=True)

    assert not problems, "\n".join(problems)
