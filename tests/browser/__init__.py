"""Browser tests: a real server, Debian's Chromium through Playwright, and axe-core.

The helpers shared by the test modules live here; the fixtures are in conftest.py.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
DEMO_PASSWORD = "demo-password-1"

SignIn = Callable[..., Page]


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it is now."""
    page.add_script_tag(path=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict[str, Any]]) -> str:
    """axe-core's findings as lines a person can read in a failure report."""
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = serious_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"


def staff_counts(page: Page) -> list[int]:
    """The "staff in post" figure of each organisation on a home page."""
    values = page.locator(".app-figures .app-figure:first-child .app-figure__value")
    return [int(text.replace(",", "")) for text in values.all_inner_texts()]


def acting_for(page: Page) -> str:
    """The organisation named in the caption above the home page's heading."""
    return page.locator("main .govuk-caption-l").first.inner_text()
