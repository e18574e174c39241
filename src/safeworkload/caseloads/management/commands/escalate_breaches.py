from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeworkload.caseloads.tasks_breaches import breaches_escalate
from safeworkload.organisations.commands import (
    add_organisation_option,
    organisations_for_option,
)


class Command(BaseCommand):
    help = (
        "Escalate every open breach past its deadline one rung up its organisation's ladder, "
        "with a new deadline from that rung. A breach due today is not overdue yet. Run it "
        "daily with cron or a systemd timer; running it twice in a day changes nothing more."
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
        escalated = 0
        for organisation in organisations:
            result = breaches_escalate.call(organisation.pk, today)
            escalated += result["escalated"]
            line = f"{organisation.code}: {result['escalated']} escalated"
            if result["overdue_at_top"]:
                line += f", {result['overdue_at_top']} overdue at the top of the ladder"
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Escalated {escalated} overdue breaches."))
