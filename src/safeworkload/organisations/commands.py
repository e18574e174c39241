"""What management commands share about organisations."""

from datetime import date

from django.core.management.base import CommandError, CommandParser
from django.db.models import QuerySet

from safeworkload.organisations.models import Organisation


def add_organisation_option(parser: CommandParser) -> None:
    """``--organisation CODE``, for a command that otherwise runs for every organisation."""
    parser.add_argument("--organisation", metavar="CODE", help="Only this organisation.")


def organisations_for_option(code: str | None) -> QuerySet[Organisation]:
    """The organisation an ``--organisation CODE`` option names, or every one without it.

    In the model's default order; a caller that wants another orders the result.
    Raises CommandError when no organisation has the code.
    """
    organisations = Organisation.objects.all()
    if code:
        organisations = organisations.filter(code=code)
        if not organisations.exists():
            raise CommandError(f"No organisation has the code {code!r}.")
    return organisations


def add_today_option(parser: CommandParser) -> None:
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="Treat this date as today (to catch up after a missed run).",
    )


def checked_date(value: str | None, option: str) -> str | None:
    """The ISO date an option gave (as given, for a task's argument), or None;
    CommandError saying what to write when it is not a date."""
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"{option} must be a date like 2026-04-30, not {value!r}.") from None
    return value or None
