from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeworkload.healthcheck.tasks import health_check_escalate_overdue
from safeworkload.organisations.commands import (
    add_organisation_option,
    add_today_option,
    checked_date,
    organisations_for_option,
)


class Command(BaseCommand):
    help = (
        "Escalate every health check action agreed with the union that is past its due date "
        "and not done: mark it escalated and email the organisation's leads a link to the "
        "plan. An action due today is not overdue yet. Each action escalates once, so running "
        "it twice in a day sends nothing more. Run it daily with cron or a systemd timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_organisation_option(parser)
        add_today_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = organisations_for_option(options["organisation"]).order_by("code")
        today = checked_date(options["today"], "--today")
        escalated = 0
        for organisation in organisations:
            result = health_check_escalate_overdue.call(organisation.pk, today)
            escalated += result["escalated"]
            emails = result["emails"]
            self.stdout.write(
                f"{organisation.code}: {result['escalated']} newly overdue, "
                f"{emails} {'email' if emails == 1 else 'emails'} sent"
            )
        self.stdout.write(self.style.SUCCESS(f"Escalated {escalated} actions."))
