"""The documentation keeps up with the code: every variable documented, every link alive."""

import ast
import re
from pathlib import Path

import pytest

from safeworkload.config import env

ROOT = Path(__file__).resolve().parents[4]
CONFIGURATION = ROOT / "docs" / "configuration.md"
VARIABLE = re.compile(r"\bSAFEWORKLOAD_[A-Z0-9_]+\b")


def variables_read_by_env() -> set[str]:
    """Every name passed to ``_read("NAME", ...)`` in env.py, plus NAME_FILE for secrets."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(Path(env.__file__).read_text())):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_read"):
            continue
        first = node.args[0]
        assert isinstance(first, ast.Constant), "pass _read a literal name so it can be found"
        names.add(env.PREFIX + first.value)
        secret = next((k.value for k in node.keywords if k.arg == "secret"), None)
        if isinstance(secret, ast.Constant) and secret.value is True:
            names.add(env.PREFIX + first.value + "_FILE")
    return names


def test_env_reads_the_variables_we_expect_to_find():
    found = variables_read_by_env()
    assert {
        "SAFEWORKLOAD_DEBUG",
        "SAFEWORKLOAD_DATABASE_URL",
        "SAFEWORKLOAD_SECRET_KEY",
        "SAFEWORKLOAD_SECRET_KEY_FILE",
        "SAFEWORKLOAD_EMAIL_HOST_PASSWORD_FILE",
    } <= found
    assert "SAFEWORKLOAD_DEBUG_FILE" not in found


def test_every_variable_env_reads_is_in_the_configuration_docs():
    documented = set(VARIABLE.findall(CONFIGURATION.read_text()))
    missing = sorted(variables_read_by_env() - documented)
    assert not missing, f"document these in docs/configuration.md: {', '.join(missing)}"


def test_the_configuration_docs_name_no_variable_that_env_does_not_read():
    documented = set(VARIABLE.findall(CONFIGURATION.read_text()))
    stale = sorted(documented - variables_read_by_env())
    assert not stale, f"docs/configuration.md names variables env.py never reads: {stale}"


MARKDOWN = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_in_the_docs_points_at_a_file_that_exists(page: Path):
    broken = [
        target
        for target in LINK.findall(page.read_text())
        if "://" not in target
        and not target.startswith("mailto:")
        and not (page.parent / target).exists()
    ]
    assert not broken, f"{page.name} links to missing files: {broken}"
