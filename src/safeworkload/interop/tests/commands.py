"""Helpers the staff and case import command tests share."""

import io
from collections.abc import Callable
from pathlib import Path

from django.core.management import call_command


def csv_file_writer(directory: Path, default_name: str) -> Callable[..., Path]:
    """A function that writes text to a UTF-8 file in ``directory`` and returns its path."""

    def write(text: str, name: str = default_name) -> Path:
        path = directory / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run_command(command: str, *args: str) -> tuple[str, str]:
    """What the command wrote to stdout and to stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
