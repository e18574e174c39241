"""Background tasks for professional concerns (django-tasks).

As in ``caseloads.tasks``: identifiers in, the organisation's scope entered,
one service called. django-tasks does not schedule, so the daily reminder
runs from cron or a systemd timer calling the management command, e.g.::

    45 6 * * *  cd /srv/safeworkload && .venv/bin/safeworkload remind_concerns
"""

from datetime import date

from django.utils import timezone
from django_scopes import scope
from django_tasks import task

from safeworkload.concerns.reminders import concerns_remind
from safeworkload.organisations.models import Organisation


@task()
def concerns_remind_overdue(organisation_id: int, today: str | None = None) -> dict[str, int]:
    """Mark the organisation's concerns newly past their deadline and email those
    who answer concerns (``today``: an ISO date, the local date when empty).
    Returns how many were marked and how many emails were sent."""
    organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation.pk):
        run = concerns_remind(
            organisation=organisation,
            today=date.fromisoformat(today) if today else timezone.localdate(),
        )
    return {"overdue": len(run.marked), "emails": run.emails}
