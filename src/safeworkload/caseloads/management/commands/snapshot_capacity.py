from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeworkload.caseloads.tasks import capacity_snapshot_week, capacity_snapshots_backfill
from safeworkload.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Record every worker's capacity for the current week (or, with --backfill, for every "
        "week since the first allocation), for one organisation or all of them. Running it "
        "again replaces that week's figures. Schedule it weekly with cron or a systemd timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", metavar="CODE", help="Only this organisation.")
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Every week from the first allocation to now, not just the current week.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = Organisation.objects.order_by("code")
        code = options["organisation"]
        if code:
            organisations = organisations.filter(code=code)
            if not organisations.exists():
                raise CommandError(f"No organisation has the code {code!r}.")
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
