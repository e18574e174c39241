"""Background tasks for breaches (django-tasks).

As in ``caseloads.tasks``: identifiers in, the organisation's scope entered,
one service called. django-tasks does not schedule, so the daily escalation
runs from cron or a systemd timer calling the management command, e.g.::

    30 6 * * *  cd /srv/safeworkload && .venv/bin/safeworkload escalate_breaches

Opening breaches from a week's snapshots belongs right after the week's
snapshots are written (``caseloads.tasks.capacity_snapshot_week``); it is safe
to run more than once for the same week.
"""

from datetime import date

from django.utils import timezone
from django_scopes import scope
from django_tasks import task

from safeworkload.caseloads.services.breaches import (
    breaches_escalate_overdue,
    breaches_open_from_snapshots,
)
from safeworkload.caseloads.services.snapshots import monday_of
from safeworkload.organisations.models import Organisation


@task()
def breaches_escalate(organisation_id: int, today: str | None = None) -> dict[str, int]:
    """Escalate the organisation's overdue breaches one rung (``today``: an ISO
    date, the local date when empty). Returns how many were escalated, and how
    many are overdue at the top of the ladder already."""
    organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation.pk):
        run = breaches_escalate_overdue(
            organisation=organisation,
            today=date.fromisoformat(today) if today else timezone.localdate(),
        )
    return {"escalated": len(run.escalated), "overdue_at_top": len(run.overdue_at_top)}


@task()
def breaches_open_for_week(organisation_id: int, week_start: str | None = None) -> int:
    """Open the breaches a week's snapshots show (any day of the week, ISO; the
    current week when empty). Returns how many were opened."""
    organisation = Organisation.objects.get(pk=organisation_id)
    day = date.fromisoformat(week_start) if week_start else timezone.localdate()
    with scope(organisation=organisation.pk):
        opened = breaches_open_from_snapshots(organisation=organisation, week_start=monday_of(day))
    return len(opened)
