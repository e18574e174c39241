import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safeworkload.organisations.demo import demo_region_build
from safeworkload.organisations.models import Organisation

REBUILD = (
    "The audit log is append-only (database triggers refuse DELETE), so the demo cannot be "
    "removed in place. To rebuild it, delete the database file, run `safeworkload migrate`, "
    "then run this command again."
)


class Command(BaseCommand):
    help = (
        "Build Midshire, a fictional region of four councils and one social work practice, "
        "with teams, staff, posts, vacancies and a sign-in for every role. The same seed and "
        "scale build the same data on the same day. It loads only into a database with no "
        "organisations. " + REBUILD
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Seed for the generator.")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiplies every employer's staff (1 gives 120 to 380 staff each).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, successfully, when the database already holds organisations.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if not (math.isfinite(scale) and scale > 0):
            raise CommandError("--scale must be a number greater than 0.")
        if Organisation.objects.exists():
            if options["if_empty"]:
                self.stdout.write(
                    "The database already holds organisations; the demo is "
                    "already loaded or not wanted. Nothing changed."
                )
                return
            raise CommandError("The database already holds organisations. " + REBUILD)
        summary = demo_region_build(seed=options["seed"], scale=scale, today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(f"{summary.line()} (seed {options['seed']}, scale {scale:g})")
        )
