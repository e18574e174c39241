import csv
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_scopes import scope

from safeworkload.organisations.commands import add_organisation_option, organisations_for_option
from safeworkload.supervision.selectors import month_answers, previous_month


class Command(BaseCommand):
    help = (
        "The answers to the usual freedom-of-information questions about supervision for one "
        "month, per organisation: the same figures as the supervision compliance page. "
        "Without --month, last month."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_organisation_option(parser)
        parser.add_argument("--month", metavar="YYYY-MM", help="The calendar month to answer for.")
        parser.add_argument("--csv", action="store_true", help="Write CSV rather than text.")

    def handle(self, *args: Any, **options: Any) -> None:
        month = _month(options["month"]) if options["month"] else None
        month = month or previous_month(timezone.localdate())
        writer = csv.writer(self.stdout) if options["csv"] else None
        if writer:
            writer.writerow(["Organisation", "Month", "Question", "Answer"])
        for organisation in organisations_for_option(options["organisation"]).order_by("code"):
            with scope(organisation=organisation.pk):
                answers = month_answers(organisation=organisation, month=month)
            if writer:
                for question, answer in answers.rows():
                    writer.writerow([organisation.name, f"{month:%Y-%m}", question, answer])
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"{organisation.name}, {month:%B %Y}"))
            for question, answer in answers.rows():
                self.stdout.write(f"  {question}: {answer}")


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(
            f"--month must be a year and month like 2026-10, not {value!r}."
        ) from None
