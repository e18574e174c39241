from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeworkload.bank.tasks import bank_match_region
from safeworkload.organisations.commands import add_today_option, checked_date
from safeworkload.organisations.models import Region


class Command(BaseCommand):
    help = (
        "Match a region's open relief-bank requests to its pool: offers left unanswered "
        "for 48 hours lapse first, then the matching makes one offer per match and says "
        "how the booking desk's first-come greedy would have done on the same data. Run "
        "it daily with cron or a systemd timer, or from the coordinator's matching page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", metavar="CODE", required=True, help="The region's code.")
        add_today_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"No region has the code {options['region']!r}.")
        today = checked_date(options["today"], "--today")
        result = bank_match_region.call(region.pk, today)
        self.stdout.write(
            f"{region.name}: {result['expired']} lapsed offers withdrawn; "
            f"{result['requests']} open requests, {result['pairs']} eligible pairs."
        )
        self.stdout.write(
            f"Matching: {result['optimal_covered']} covered, "
            f"£{result['optimal_cost_pence'] / 100:,.2f} with penalties. Booking desk: "
            f"{result['greedy_covered']} covered, £{result['greedy_cost_pence'] / 100:,.2f}."
        )
        self.stdout.write(self.style.SUCCESS(f"Made {result['offers']} offers."))
