"""The environment parsers: good values come through typed, bad ones stop start-up by name."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from safeworkload.config.env import (
    Env,
    parse_bool,
    parse_database_url,
    parse_list,
    parse_log_level,
    parse_positive_int,
    read_env,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("True", True), ("1", True), ("false", False), ("False", False), ("0", False)],
)
def test_a_boolean_accepts_true_false_and_one_zero(raw, expected):
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("raw", ["TRUE", "FALSE", "yes", "no", "on", "off", "t", "2", " true"])
def test_a_boolean_refuses_anything_else(raw):
    with pytest.raises(ValueError):
        parse_bool(raw)


@pytest.mark.parametrize("raw", ["yes", "TRUE", "enabled"])
def test_a_bad_boolean_stops_start_up_naming_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match="SAFEWORKLOAD_DEBUG="):
        read_env({"SAFEWORKLOAD_DEBUG": raw})


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("25", 25), ("587", 587), ("007", 7)])
def test_an_integer_reads_whole_numbers_of_zero_or_more(raw, expected):
    assert parse_positive_int(raw) == expected


@pytest.mark.parametrize("raw", ["-1", "1.5", "ten", "1e3", "0x10"])
def test_an_integer_refuses_negatives_fractions_and_words(raw):
    with pytest.raises(ValueError):
        parse_positive_int(raw)


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("EMAIL_PORT", "smtp"),
        ("HSTS_SECONDS", "-1"),
        ("IMPORT_MAX_BYTES", "5MB"),
        ("SESSION_COOKIE_AGE", "8h"),
    ],
)
def test_a_bad_integer_stops_start_up_naming_the_variable(variable, raw):
    with pytest.raises(ImproperlyConfigured, match=f"SAFEWORKLOAD_{variable}="):
        read_env({f"SAFEWORKLOAD_{variable}": raw})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("workload.example.org", ["workload.example.org"]),
        ("a.example, b.example", ["a.example", "b.example"]),
        (" a.example ,, b.example, ", ["a.example", "b.example"]),
        (",", []),
    ],
)
def test_a_list_is_split_on_commas_with_blanks_dropped(raw, expected):
    assert parse_list(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("debug", "DEBUG"),
        ("INFO", "INFO"),
        ("Warning", "WARNING"),
        ("error", "ERROR"),
        ("CRITICAL", "CRITICAL"),
    ],
)
def test_a_log_level_is_one_of_pythons_five_in_any_case(raw, expected):
    assert parse_log_level(raw) == expected


@pytest.mark.parametrize("raw", ["verbose", "WARN", "FATAL", "10"])
def test_a_log_level_refuses_other_names(raw):
    with pytest.raises(ValueError):
        parse_log_level(raw)


def test_a_bad_log_level_stops_start_up_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="SAFEWORKLOAD_LOG_LEVEL="):
        read_env({"SAFEWORKLOAD_LOG_LEVEL": "loud"})


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite:///var/safeworkload.sqlite3", "var/safeworkload.sqlite3"),
        ("sqlite:///db.sqlite3", "db.sqlite3"),
        ("sqlite:////var/lib/x.sqlite3", "/var/lib/x.sqlite3"),
        ("sqlite:////srv/safeworkload/db.sqlite3", "/srv/safeworkload/db.sqlite3"),
    ],
)
def test_a_sqlite_address_gives_a_relative_or_absolute_file(url, name):
    assert parse_database_url(url) == {"ENGINE": "django.db.backends.sqlite3", "NAME": name}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgres://safeworkload:secret@db.example.org:5433/safeworkload",
            {
                "USER": "safeworkload",
                "PASSWORD": "secret",
                "HOST": "db.example.org",
                "PORT": "5433",
                "NAME": "safeworkload",
            },
        ),
        (
            "postgresql://app@localhost/workload",
            {"USER": "app", "PASSWORD": "", "HOST": "localhost", "PORT": "", "NAME": "workload"},
        ),
        (
            "postgres://app:p%40ss%3Aw%2Frd@127.0.0.1:5432/swl",
            {
                "USER": "app",
                "PASSWORD": "p@ss:w/rd",
                "HOST": "127.0.0.1",
                "PORT": "5432",
                "NAME": "swl",
            },
        ),
        (
            "postgres:///safeworkload",
            {"USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "NAME": "safeworkload"},
        ),
    ],
)
def test_a_postgres_address_gives_user_password_host_port_and_name(url, expected):
    database = parse_database_url(url)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert {key: database[key] for key in expected} == expected


@pytest.mark.parametrize(
    "url",
    [
        "mysql://app@db/swl",
        "sqlite://",
        "sqlite:///",
        "postgres://app@db/",
        "db.sqlite3",
        "http://x/y",
    ],
)
def test_an_unusable_database_address_is_refused(url):
    with pytest.raises(ValueError):
        parse_database_url(url)


def test_a_bad_database_address_stops_start_up_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="SAFEWORKLOAD_DATABASE_URL"):
        read_env({"SAFEWORKLOAD_DATABASE_URL": "mysql://app@db/swl"})


def test_an_empty_environment_gives_the_laptop_defaults():
    env = read_env({})
    assert env == Env(
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": "var/safeworkload.sqlite3"}
    )
    assert env.debug is False
    assert env.allowed_hosts == ["127.0.0.1", "localhost"]


def test_an_empty_value_counts_as_unset():
    assert read_env({"SAFEWORKLOAD_DEBUG": "", "SAFEWORKLOAD_EMAIL_PORT": ""}).email_port == 25


def test_every_variable_reaches_its_field():
    env = read_env(
        {
            "SAFEWORKLOAD_DEBUG": "true",
            "SAFEWORKLOAD_SECRET_KEY": "k" * 60,
            "SAFEWORKLOAD_ALLOWED_HOSTS": "workload.example.org",
            "SAFEWORKLOAD_CSRF_TRUSTED_ORIGINS": "https://workload.example.org",
            "SAFEWORKLOAD_DATABASE_URL": "postgres://app@db/swl",
            "SAFEWORKLOAD_TIME_ZONE": "UTC",
            "SAFEWORKLOAD_LOG_LEVEL": "warning",
            "SAFEWORKLOAD_STATIC_ROOT": "/srv/static",
            "SAFEWORKLOAD_EMAIL_HOST": "smtp.example.org",
            "SAFEWORKLOAD_EMAIL_PORT": "587",
            "SAFEWORKLOAD_EMAIL_HOST_USER": "mailer",
            "SAFEWORKLOAD_EMAIL_HOST_PASSWORD": "mail-secret",
            "SAFEWORKLOAD_EMAIL_USE_TLS": "1",
            "SAFEWORKLOAD_DEFAULT_FROM_EMAIL": "workload@example.org",
            "SAFEWORKLOAD_HSTS_SECONDS": "3600",
            "SAFEWORKLOAD_IMPORT_MAX_BYTES": "1000",
            "SAFEWORKLOAD_SESSION_COOKIE_AGE": "600",
        }
    )
    assert env == Env(
        debug=True,
        secret_key="k" * 60,
        allowed_hosts=["workload.example.org"],
        csrf_trusted_origins=["https://workload.example.org"],
        database_url="postgres://app@db/swl",
        database=parse_database_url("postgres://app@db/swl"),
        time_zone="UTC",
        log_level="WARNING",
        static_root="/srv/static",
        email_host="smtp.example.org",
        email_port=587,
        email_host_user="mailer",
        email_host_password="mail-secret",
        email_use_tls=True,
        default_from_email="workload@example.org",
        hsts_seconds=3600,
        import_max_bytes=1000,
        session_cookie_age=600,
    )


@pytest.mark.parametrize(
    ("variable", "field"),
    [("SECRET_KEY", "secret_key"), ("EMAIL_HOST_PASSWORD", "email_host_password")],
)
def test_a_secret_is_read_from_its_file_without_the_trailing_newline(
    tmp_path: Path, variable, field
):
    secret = tmp_path / "secret"
    secret.write_text("from-the-file-0123456789\n")
    env = read_env({f"SAFEWORKLOAD_{variable}_FILE": str(secret)})
    assert getattr(env, field) == "from-the-file-0123456789"


def test_a_secret_file_wins_over_the_plain_variable(tmp_path: Path):
    secret = tmp_path / "secret"
    secret.write_text("from-the-file")
    env = read_env(
        {
            "SAFEWORKLOAD_SECRET_KEY": "from-the-variable",
            "SAFEWORKLOAD_SECRET_KEY_FILE": str(secret),
        }
    )
    assert env.secret_key == "from-the-file"


@pytest.mark.parametrize("variable", ["SECRET_KEY", "EMAIL_HOST_PASSWORD"])
def test_an_unreadable_secret_file_stops_start_up_naming_the_variable(tmp_path: Path, variable):
    missing = tmp_path / "not-there"
    with pytest.raises(ImproperlyConfigured, match=f"SAFEWORKLOAD_{variable}_FILE: cannot read"):
        read_env({f"SAFEWORKLOAD_{variable}_FILE": str(missing)})


def test_a_directory_given_as_a_secret_file_stops_start_up(tmp_path: Path):
    with pytest.raises(ImproperlyConfigured, match="SAFEWORKLOAD_SECRET_KEY_FILE"):
        read_env({"SAFEWORKLOAD_SECRET_KEY_FILE": str(tmp_path)})


def test_only_secrets_are_read_from_files(tmp_path: Path):
    flag = tmp_path / "debug"
    flag.write_text("true")
    assert read_env({"SAFEWORKLOAD_DEBUG_FILE": str(flag)}).debug is False
