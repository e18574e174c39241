from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeworkload.organisations.commands import add_organisation_option, organisations_for_option
from safeworkload.supervision.tasks import supervision_remind


class Command(BaseCommand):
    help = (
        "Email supervisors about sessions due within two days or overdue, and supervisees "
        "about records waiting for their confirmation. Each session is reminded about once, "
        "so running it twice in a day sends nothing more. Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_organisation_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = 0
        for organisation in organisations_for_option(options["organisation"]).order_by("code"):
            count = supervision_remind.call(organisation.pk)
            sent += count
            self.stdout.write(f"{organisation.code}: {count} reminders")
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} supervision reminders."))
