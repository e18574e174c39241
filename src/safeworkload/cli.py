"""The ``safeworkload`` command: Django's management commands behind one name.

Two-word commands read naturally (``safeworkload audit verify``,
``safeworkload import staff FILE``) and map to the management command
``audit_verify`` or ``import_staff``.
"""

import os
import sys

TWO_WORD_COMMANDS = {
    ("audit", "verify"),
    ("import", "staff"),
    ("import", "cases"),
    ("import", "supervision"),
    ("report", "supervision"),
    ("staffing", "run"),
    ("staffing", "sweep"),
    ("staffing", "duty"),
    ("bank", "benchmark"),
    ("bank", "match"),
}


def translate(argv: list[str]) -> list[str]:
    if len(argv) >= 3 and (argv[1], argv[2]) in TWO_WORD_COMMANDS:
        return [argv[0], f"{argv[1]}_{argv[2]}", *argv[3:]]
    return argv


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeworkload.config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(translate(sys.argv))


if __name__ == "__main__":
    main()
