"""Background tasks for supervision (django-tasks).

django-tasks does not schedule, so the daily reminders run from cron or a
systemd timer calling the management command, e.g.::

    0 7 * * *  cd /srv/safeworkload && .venv/bin/safeworkload remind_supervision
"""

from datetime import date

from django.utils import timezone
from django_scopes import scope
from django_tasks import task

from safeworkload.organisations.models import Organisation
from safeworkload.supervision.services import reminders_send


@task()
def supervision_remind(organisation_id: int, today: str | None = None) -> int:
    """Send the organisation's supervision reminders; returns how many emails went."""
    organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation.pk):
        return reminders_send(
            organisation=organisation,
            today=date.fromisoformat(today) if today else timezone.localdate(),
        )
