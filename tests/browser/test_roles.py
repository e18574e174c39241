"""Every demo role signs in, sees real figures on its home page, and every page it can reach
from the service navigation opens and passes axe-core's serious and critical checks."""

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser import (
    SignIn,
    acting_for,
    assert_accessible,
    describe,
    serious_violations,
    staff_counts,
)

NORTHGATE = "Northgate Council"


@dataclass(frozen=True)
class Persona:
    email: str
    organisation: str | None = NORTHGATE
    sees_figures: bool = True
    regional: bool = False
    bank_worker: bool = False

    @property
    def name(self) -> str:
        return self.email.split(".")[0].replace("@", "-")


PERSONAS = [
    Persona("practitioner@northgate.example", sees_figures=False),
    Persona("manager@northgate.example"),
    Persona("lead@northgate.example"),
    Persona("union@northgate.example"),
    Persona("admin@northgate.example"),
    Persona("inspector@midshire.example", organisation=None, regional=True),
    Persona("bank@midshire.example", organisation=None, regional=True),
    Persona("bankworker@midshire.example", organisation=None, sees_figures=False, bank_worker=True),
    Persona("multi@midshire.example", organisation=None),
]


def navigation_links(page: Page) -> list[str]:
    links = page.locator("nav[aria-label='Main'] a.govuk-service-navigation__link").all()
    return [href for href in (link.get_attribute("href") for link in links) if href]


@pytest.mark.browser
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_each_role_lands_on_a_home_page_with_real_figures(
    persona: Persona, sign_in: SignIn
) -> None:
    page = sign_in(persona.email)

    if persona.bank_worker:
        expect(page.locator("main h1")).to_have_text("Your relief bank work")
        expect(page.get_by_role("link", name="See your offers")).to_be_visible()
        assert "Northgate" not in page.locator("main").inner_text()
    elif persona.regional:
        assert NORTHGATE in page.locator("main h2").all_inner_texts()
        assert len(staff_counts(page)) >= 5
    elif persona.organisation:
        assert acting_for(page) == persona.organisation
    else:
        assert acting_for(page).strip()
    if persona.sees_figures:
        assert staff_counts(page), "the home page shows no staff figures"
        assert all(count > 0 for count in staff_counts(page))
    elif not persona.bank_worker:
        expect(page.get_by_role("heading", name="Your record")).to_be_visible()
        assert page.locator("main h1").inner_text().startswith("Hello, ")
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_every_page_in_a_roles_navigation_opens_and_passes_axe(
    persona: Persona, sign_in: SignIn
) -> None:
    page = sign_in(persona.email)
    links = navigation_links(page)
    assert "/" in links, f"the service navigation has no link home: {links}"
    problems: list[str] = []

    for href in links:
        response = page.goto(href)
        if response is None or response.status != 200:
            problems.append(f"{href} answered {response.status if response else 'nothing'}")
            continue
        violations = serious_violations(page)
        if violations:
            problems.append(f"{href}:\n{describe(violations)}")

    assert not problems, "\n".join(problems)
