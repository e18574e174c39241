from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeworkload.audit.selectors import audit_chain_first_break
from safeworkload.organisations.commands import organisations_for_option


class Command(BaseCommand):
    help = "Check every organisation's audit chain and report the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="Check only the organisation with this code.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = organisations_for_option(options["organisation"])
        broken = 0
        for organisation in organisations:
            found = audit_chain_first_break(organisation=organisation)
            if found is None:
                self.stdout.write(f"{organisation.code}: chain intact")
            else:
                broken += 1
                self.stdout.write(
                    self.style.ERROR(
                        f"{organisation.code}: broken at entry {found.sequence}: {found.reason}"
                    )
                )
        if broken:
            raise CommandError(f"{broken} audit chain(s) broken.")
        self.stdout.write(self.style.SUCCESS("Every audit chain is intact."))
