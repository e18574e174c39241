"""Background tasks for caseloads (django-tasks).

Each task takes identifiers, not objects, because a task's arguments are
stored as JSON until a worker runs it; it enters the organisation's scope, so
that the scoped managers refuse anything outside it, and calls one service.

django-tasks runs tasks but does not schedule them. The weekly snapshot is
meant to run from cron or a systemd timer calling the management command,
early every Monday, for example::

    15 2 * * 1  cd /srv/safeworkload && .venv/bin/safeworkload snapshot_capacity

The command runs the same tasks synchronously, one organisation after another.
"""

from datetime import date

from django.utils import timezone
from django_scopes import scope
from django_tasks import task

from safeworkload.caseloads.services.breaches import breaches_open_from_snapshots
from safeworkload.caseloads.services.snapshots import (
    monday_of,
    snapshot_week,
    snapshots_backfill,
)
from safeworkload.organisations.models import Organisation


@task()
def capacity_snapshot_week(organisation_id: int, week_start: str | None = None) -> int:
    """Snapshot one week (ISO date, any day of it; the current week when empty).
    Returns the rows written."""
    organisation = Organisation.objects.get(pk=organisation_id)
    day = date.fromisoformat(week_start) if week_start else timezone.localdate()
    with scope(organisation=organisation.pk):
        rows = snapshot_week(organisation=organisation, week_start=day)
        # The week's snapshots are what opens its breaches; safe to run twice.
        breaches_open_from_snapshots(organisation=organisation, week_start=monday_of(day))
    return rows


@task()
def capacity_snapshots_backfill(organisation_id: int) -> int:
    """Snapshot every week from the organisation's first allocation to now."""
    organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation.pk):
        return snapshots_backfill(organisation=organisation)
