"""What management commands share about organisations."""

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
