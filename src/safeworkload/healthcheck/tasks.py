"""Background tasks for the health check (django-tasks).

As in ``concerns.tasks``: identifiers in, the organisation's scope entered, one
service called. django-tasks does not schedule, so the daily escalation runs from
cron or a systemd timer calling the management command, e.g.::

    50 6 * * *  cd /srv/safeworkload && .venv/bin/safeworkload escalate_health_check_actions
"""

from datetime import date

from django.utils import timezone
from django_scopes import scope
from django_tasks import task

from safeworkload.healthcheck.services.plan import actions_escalate
from safeworkload.organisations.models import Organisation


@task()
def health_check_escalate_overdue(organisation_id: int, today: str | None = None) -> dict[str, int]:
    """Mark the organisation's agreed actions newly past their due date and email its
    leads (``today``: an ISO date, the local date when empty). Returns how many were
    escalated and how many emails were sent."""
    organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation.pk):
        run = actions_escalate(
            organisation=organisation,
            today=date.fromisoformat(today) if today else timezone.localdate(),
        )
    return {"escalated": len(run.escalated), "emails": run.emails}
