"""The production settings: Django's deployment checks pass, and unsafe values refuse to load.

Each test runs ``python -m safeworkload`` in a fresh process, because settings
are read once per process and the suite itself runs on the test settings.
"""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION = "safeworkload.config.settings.production"


def _random_key(length: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits + "!#%*+-_=~"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("SAFEWORKLOAD_") and name != "DJANGO_SETTINGS_MODULE"
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "SAFEWORKLOAD_SECRET_KEY": _random_key(),
        "SAFEWORKLOAD_ALLOWED_HOSTS": "workload.example.org",
        "SAFEWORKLOAD_CSRF_TRUSTED_ORIGINS": "https://workload.example.org",
        "SAFEWORKLOAD_DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **overrides,
    }


def _safeworkload(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "safeworkload", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_with_no_warnings(tmp_path):
    result = _safeworkload(
        _production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_read_the_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(_random_key() + "\n")
    env = _production_env(tmp_path, SAFEWORKLOAD_SECRET_KEY_FILE=str(key_file))
    del env["SAFEWORKLOAD_SECRET_KEY"]
    result = _safeworkload(env, "check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SAFEWORKLOAD_DEBUG": "true"}, "SAFEWORKLOAD_DEBUG"),
        ({"SAFEWORKLOAD_SECRET_KEY": "too-short-to-be-safe"}, "SAFEWORKLOAD_SECRET_KEY"),
        ({"SAFEWORKLOAD_SECRET_KEY": ""}, "SAFEWORKLOAD_SECRET_KEY"),
        ({"SAFEWORKLOAD_DEBUG": "yes"}, "SAFEWORKLOAD_DEBUG"),
    ],
)
def test_production_settings_refuse_to_load_with_an_unsafe_value(tmp_path, overrides, named):
    result = _safeworkload(_production_env(tmp_path, **overrides), "check", "--deploy")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_production_collectstatic_finds_every_file_the_stylesheets_refer_to(tmp_path):
    """The manifest storage fails on a missing file, and without its manifest no page renders."""
    env = _production_env(tmp_path, SAFEWORKLOAD_STATIC_ROOT=str(tmp_path / "static"))
    result = _safeworkload(env, "collectstatic", "--no-input", "--verbosity", "0")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
