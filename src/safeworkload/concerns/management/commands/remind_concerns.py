from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeworkload.concerns.tasks import concerns_remind_overdue
from safeworkload.organisations.commands import (
    add_organisation_option,
    add_today_option,
    checked_date,
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
        add_today_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = organisations_for_option(options["organisation"]).order_by("code")
        today = checked_date(options["today"], "--today")
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
