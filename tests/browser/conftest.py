"""A real server, a real Chromium and axe-core, shared by the browser tests.

pytest-django's ``live_server`` is not used: its flush deletes from the
append-only audit table, which refuses. Instead this package starts
``safeworkload runserver`` in a subprocess against a database of its own,
migrated and loaded with the demo region, and stops it when the package ends.
Everything here is package-scoped so that Playwright's event loop is gone
before the rest of the suite touches the database again.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from psycopg import sql

from tests.browser import DEMO_PASSWORD, SignIn

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_SECONDS = 60
SETUP_TIMEOUT_SECONDS = 600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _safeworkload(*args: str, env: dict[str, str], log: Path) -> None:
    with log.open("a") as out:
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "safeworkload", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=SETUP_TIMEOUT_SECONDS,
        )


def _postgres_admin(url: str) -> psycopg.Connection[Any]:
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    return psycopg.connect(maintenance, autocommit=True)


def _drop_postgres_database(url: str, name: str) -> None:
    with _postgres_admin(url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _create_postgres_database(url: str, name: str) -> None:
    _drop_postgres_database(url, name)
    with _postgres_admin(url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@pytest.fixture(scope="package")
def server_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite in a temporary file, or ``<name>_browser`` beside a PostgreSQL test database."""
    run_url = os.environ.get("SAFEWORKLOAD_DATABASE_URL", "")
    if not run_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'db.sqlite3'}"
        return
    parts = urlsplit(run_url)
    name = f"{parts.path.lstrip('/')}_browser"
    _create_postgres_database(run_url, name)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    _drop_postgres_database(run_url, name)


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(
        f"the server did not answer /healthz in {START_TIMEOUT_SECONDS} s:\n"
        f"{log.read_text()[-3000:]}"
    )


@pytest.fixture(scope="package")
def server(server_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a real server holding the demo region (seed 1, scale 0.05)."""
    log = tmp_path_factory.mktemp("browser-server") / "server.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeworkload.config.settings.local",
        "SAFEWORKLOAD_DATABASE_URL": server_database_url,
        "PYTHONUNBUFFERED": "1",
    }
    try:
        _safeworkload("migrate", "--no-input", env=env, log=log)
        _safeworkload("demo", "--seed", "1", "--scale", "0.05", env=env, log=log)
    except subprocess.CalledProcessError as error:
        pytest.fail(
            f"preparing the server's database failed ({error.cmd}):\n{log.read_text()[-3000:]}"
        )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("a") as out:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "safeworkload", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"the browser tests need Debian's chromium at {CHROMIUM}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser, server: str) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts on the server; each is closed when the test ends."""
    opened: list[BrowserContext] = []

    def open_context(width: int = 1280, height: int = 900) -> BrowserContext:
        context = browser.new_context(base_url=server, viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def sign_in(new_context: Callable[..., BrowserContext]) -> SignIn:
    """Sign in through the real form; answer the page the user lands on."""

    def sign_in_as(email: str, width: int = 1280) -> Page:
        page = new_context(width=width).new_page()
        page.goto("/sign-in/")
        page.get_by_label("Email address", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url("/")
        return page

    return sign_in_as
