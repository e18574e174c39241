from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeworkload.caseloads.tasks_breaches import breaches_escalate
from safeworkload.organisations.commands import (
    add_organisation_option,
    add_today_option,
    checked_date,
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
        add_today_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = organisations_for_option(options["organisation"]).order_by("code")
        today = checked_date(options["today"], "--today")
        escalated = 0
        for organisation in organisations:
            result = breaches_escalate.call(organisation.pk, today)
            escalated += result["escalated"]
            line = f"{organisation.code}: {result['escalated']} escalated"
            if result["overdue_at_top"]:
                line += f", {result['overdue_at_top']} overdue at the top of the ladder"
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Escalated {escalated} overdue breaches."))
