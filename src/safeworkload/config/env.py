"""Every setting read from the environment, parsed strictly.

Each field names one ``SAFEWORKLOAD_*`` variable; docs/configuration.md documents
each of them and a test fails when one is missing there. A bad value stops the
process at start-up with the variable's name, never later at request time.
"""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

PREFIX = "SAFEWORKLOAD_"
T = TypeVar("T")


def parse_bool(raw: str) -> bool:
    if raw in {"true", "True", "1"}:
        return True
    if raw in {"false", "False", "0"}:
        return False
    raise ValueError("use true or false")


def parse_positive_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("must be zero or more")
    return value


def parse_group_size(raw: str) -> int:
    value = int(raw)
    if value < 5:
        raise ValueError("must be 5 or more: smaller groups could identify a person")
    return value


def parse_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_log_level(raw: str) -> str:
    level = raw.upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("use DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return level


def parse_database_url(raw: str) -> dict[str, Any]:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/name`` into DATABASES."""
    parts = urlsplit(raw)
    if parts.scheme == "sqlite":
        name = parts.path[1:] if parts.path.startswith("//") else parts.path.lstrip("/")
        if parts.path.startswith("//"):
            name = "/" + name.lstrip("/")
        if not name:
            raise ValueError("give a file path, as sqlite:///var/db.sqlite3")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    if parts.scheme in {"postgres", "postgresql"}:
        name = parts.path.lstrip("/")
        if not name:
            raise ValueError("give a database name, as postgres://user@host/safeworkload")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(name),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ValueError("use a sqlite:/// or postgres:// address")


def _read(
    name: str,
    parse: Callable[[str], T],
    default: T,
    environ: Mapping[str, str],
    secret: bool = False,
) -> T:
    raw = environ.get(PREFIX + name)
    file_name = environ.get(PREFIX + name + "_FILE") if secret else None
    if file_name:
        try:
            raw = Path(file_name).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{PREFIX}{name}_FILE: cannot read {file_name}: {error}"
            ) from None
    if raw is None or raw == "":
        return default
    try:
        return parse(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{PREFIX}{name}={raw!r} is not valid: {error}") from None


@dataclass(frozen=True)
class Env:
    """The typed view of the environment. Defaults suit a laptop running the demo."""

    debug: bool = False
    secret_key: str = ""
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost"])
    csrf_trusted_origins: list[str] = field(default_factory=list)
    database_url: str = "sqlite:///var/safeworkload.sqlite3"
    database: dict[str, Any] = field(default_factory=dict)
    time_zone: str = "Europe/London"
    log_level: str = "INFO"
    static_root: str = "var/static"
    email_host: str = ""
    email_port: int = 25
    email_host_user: str = ""
    email_host_password: str = ""
    email_use_tls: bool = False
    default_from_email: str = "safeworkload@localhost"
    hsts_seconds: int = 31536000
    import_max_bytes: int = 5_000_000
    session_cookie_age: int = 8 * 3600
    dormant_days: int = 60
    concern_answer_days: int = 28
    time_use_min_group: int = 5
    survey_min_group: int = 10
    bank_cool_off_months: int = 3


def read_env(environ: Mapping[str, str] | None = None) -> Env:
    e = os.environ if environ is None else environ
    database_url = _read("DATABASE_URL", str, Env.database_url, e)
    try:
        database = parse_database_url(database_url)
    except ValueError as error:
        raise ImproperlyConfigured(f"{PREFIX}DATABASE_URL is not valid: {error}") from None
    return Env(
        debug=_read("DEBUG", parse_bool, False, e),
        secret_key=_read("SECRET_KEY", str, "", e, secret=True),
        allowed_hosts=_read("ALLOWED_HOSTS", parse_list, ["127.0.0.1", "localhost"], e),
        csrf_trusted_origins=_read("CSRF_TRUSTED_ORIGINS", parse_list, [], e),
        database_url=database_url,
        database=database,
        time_zone=_read("TIME_ZONE", str, Env.time_zone, e),
        log_level=_read("LOG_LEVEL", parse_log_level, Env.log_level, e),
        static_root=_read("STATIC_ROOT", str, Env.static_root, e),
        email_host=_read("EMAIL_HOST", str, "", e),
        email_port=_read("EMAIL_PORT", parse_positive_int, Env.email_port, e),
        email_host_user=_read("EMAIL_HOST_USER", str, "", e),
        email_host_password=_read("EMAIL_HOST_PASSWORD", str, "", e, secret=True),
        email_use_tls=_read("EMAIL_USE_TLS", parse_bool, False, e),
        default_from_email=_read("DEFAULT_FROM_EMAIL", str, Env.default_from_email, e),
        hsts_seconds=_read("HSTS_SECONDS", parse_positive_int, Env.hsts_seconds, e),
        import_max_bytes=_read("IMPORT_MAX_BYTES", parse_positive_int, Env.import_max_bytes, e),
        dormant_days=_read("DORMANT_DAYS", parse_positive_int, Env.dormant_days, e),
        concern_answer_days=_read(
            "CONCERN_ANSWER_DAYS", parse_positive_int, Env.concern_answer_days, e
        ),
        time_use_min_group=_read("TIME_USE_MIN_GROUP", parse_group_size, Env.time_use_min_group, e),
        survey_min_group=_read("SURVEY_MIN_GROUP", parse_group_size, Env.survey_min_group, e),
        bank_cool_off_months=_read(
            "BANK_COOL_OFF_MONTHS", parse_positive_int, Env.bank_cool_off_months, e
        ),
        session_cookie_age=_read(
            "SESSION_COOKIE_AGE", parse_positive_int, Env.session_cookie_age, e
        ),
    )
