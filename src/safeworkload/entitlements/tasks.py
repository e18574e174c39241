"""Background tasks for the development-time rights (django-tasks).

As in ``caseloads.tasks_breaches``: identifiers in, the organisation's scope
entered, one service called. django-tasks does not schedule, so the weekly
check runs from cron or a systemd timer calling the management command, e.g.::

    45 6 * * 1  cd /srv/safeworkload && .venv/bin/safeworkload check_development

It is safe to run more than once for the same day.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django_scopes import scope
from django_tasks import task

from safeworkload.calc.development import BREACH_BELOW
from safeworkload.entitlements.services.development import development_breaches_check
from safeworkload.organisations.models import Organisation


@task()
def development_check(
    organisation_id: int, on: str | None = None, at_least: str | None = None
) -> dict[str, int]:
    """Open and resolve the organisation's development-time breaches (``on``:
    an ISO date, the local date when empty; ``at_least``: the share of the
    entitlement below which a breach opens, as a decimal string, 0.5 when
    empty). Returns how many people were checked, and breaches opened and resolved."""
    organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation.pk):
        run = development_breaches_check(
            organisation=organisation,
            on=date.fromisoformat(on) if on else timezone.localdate(),
            at_least=Decimal(at_least) if at_least else BREACH_BELOW,
        )
    return {"checked": run.checked, "opened": len(run.opened), "resolved": len(run.resolved)}
