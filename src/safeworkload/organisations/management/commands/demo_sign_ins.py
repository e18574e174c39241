from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django_scopes import scope

from safeworkload.organisations.models import Membership, Organisation, RegionalMembership
from safeworkload.organisations.roles import RegionalRole, Role

HEADINGS = ("Email", "Role", "Organisation")
# Demo sign-ins use the reserved .example domain, so real users are never listed.
DEMO_DOMAIN = ".example"


def _rows() -> list[tuple[str, str, str]]:
    users = get_user_model().objects.filter(email__endswith=DEMO_DOMAIN)
    order = {role: i for i, role in enumerate([*Role, *RegionalRole])}
    rows = []
    for organisation in Organisation.objects.all():
        # Memberships are tenant data: read them one organisation's scope at a time.
        with scope(organisation=organisation.pk):
            memberships = Membership.objects.filter(user__in=users).select_related("user")
            rows += [
                (0, organisation.name, order[m.role], m.user.email, m.get_role_display())
                for m in memberships
            ]
    regional = RegionalMembership.objects.filter(user__in=users).select_related("user", "region")
    rows += [
        (1, f"{r.region.name} (region)", order[r.role], r.user.email, r.get_role_display())
        for r in regional
    ]
    return [(email, role, place) for _, place, _, email, role in sorted(rows)]


class Command(BaseCommand):
    help = "List the demo sign-ins (users whose email ends in .example) with role and organisation."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = _rows()
        if not rows:
            self.stdout.write("No demo sign-ins. Load the demo with `safeworkload demo`.")
            return
        widths = [max(len(row[i]) for row in [HEADINGS, *rows]) for i in range(len(HEADINGS))]
        for row in [HEADINGS, *rows]:
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
