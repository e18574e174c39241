from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeworkload.caseloads.tasks import capacity_snapshot_week, capacity_snapshots_backfill
from safeworkload.organisations.commands import (
    add_organisation_option,
    organisations_for_option,
)


class Command(BaseCommand):
    help = (
        "Record every worker's capacity for the current week (or, with --backfill, for every "
        "week since the first allocation), for one organisation or all of them. Running it "
        "again replaces that week's figures. Schedule it weekly with cron or a systemd timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_organisation_option(parser)
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Every week from the first allocation to now, not just the current week.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = organisations_for_option(options["organisation"]).order_by("code")
        total = 0
        for organisation in organisations:
            if options["backfill"]:
                rows = capacity_snapshots_backfill.call(organisation.pk)
            else:
                rows = capacity_snapshot_week.call(organisation.pk)
            total += rows
            self.stdout.write(f"{organisation.code}: {rows} snapshots")
        what = "every week since the first allocation" if options["backfill"] else "this week"
        self.stdout.write(self.style.SUCCESS(f"Recorded {total} snapshots for {what}."))
