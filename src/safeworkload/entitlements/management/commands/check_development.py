from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeworkload.calc.development import BREACH_BELOW
from safeworkload.entitlements.tasks import development_check
from safeworkload.organisations.commands import (
    add_organisation_option,
    checked_date,
    organisations_for_option,
)


class Command(BaseCommand):
    help = (
        "Check every social worker's development time over the last 13 weeks against the "
        "10% entitlement (and newly qualified protected time against 10% pro rata): open a "
        "breach in the caseload breach register for each below the line, and resolve those "
        "back above it. Run it weekly; running it twice changes nothing more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_organisation_option(parser)
        parser.add_argument(
            "--on",
            metavar="YYYY-MM-DD",
            help="Check the 13 weeks ending on this date (default: today).",
        )
        parser.add_argument(
            "--at-least",
            metavar="PERCENT",
            default=str(BREACH_BELOW * 100),
            help="A breach opens below this percentage of the entitlement (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = organisations_for_option(options["organisation"]).order_by("code")
        on = checked_date(options["on"], "--on")
        try:
            percent = Decimal(options["at_least"])
        except InvalidOperation:
            percent = Decimal("-1")
        if not Decimal("0") < percent <= Decimal("100"):
            raise CommandError(
                "--at-least must be a percentage over 0 and up to 100, "
                f"not {options['at_least']!r}."
            )
        at_least = str(percent / 100)
        opened = resolved = 0
        for organisation in organisations:
            result = development_check.call(organisation.pk, on, at_least)
            opened += result["opened"]
            resolved += result["resolved"]
            self.stdout.write(
                f"{organisation.code}: {result['checked']} checked, {result['opened']} opened, "
                f"{result['resolved']} resolved"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Opened {opened} and resolved {resolved} development breaches.")
        )
