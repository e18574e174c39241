from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeworkload.concerns.tasks import concerns_remind_overdue
from safeworkload.organisations.commands import (
    add_organisation_option,
    organisations_for_option,
)


class Command(BaseCommand):
    help = (
        "Mark every professional concern still waiting for an answer after its deadline as "
        "overdue, and email the people who answer concerns a link to each. A concern due today "
        "is not overdue yet. Each deadline is reminded about once, so running it twice in a day "
        "sends nothing more. Run it daily with cron or a systemd timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_organisation_option(parser)
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="Treat this date as today (to catch up after a missed run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = organisations_for_option(options["organisation"]).order_by("code")
        today = options["today"]
        if today:
            try:
                date.fromisoformat(today)
            except ValueError:
                raise CommandError(
                    f"--today must be a date like 2026-04-30, not {today!r}."
                ) from None
        overdue = 0
        for organisation in organisations:
            result = concerns_remind_overdue.call(organisation.pk, today)
            overdue += result["overdue"]
            emails = result["emails"]
            self.stdout.write(
                f"{organisation.code}: {result['overdue']} newly overdue, "
                f"{emails} {'reminder' if emails == 1 else 'reminders'} sent"
            )
        self.stdout.write(self.style.SUCCESS(f"Marked {overdue} concerns overdue."))
