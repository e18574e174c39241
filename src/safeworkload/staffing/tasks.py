"""Background tasks for staffing models (django-tasks).

A run of a staffing model takes from a second to a few minutes, so it is done
by a worker (``safeworkload db_worker`` with django-tasks-db in production)
while the run's page shows its progress. The task takes identifiers, not
objects, because a task's arguments are stored as JSON until a worker runs it;
it enters the organisation's scope, so that the scoped managers refuse
anything outside it, and calls one service.
"""

from django_scopes import scope
from django_tasks import task

from safeworkload.staffing.services import run_execute


@task()
def staffing_run(organisation_id: int, run_id: int) -> None:
    """Run one queued staffing model run and store its result or its error."""
    with scope(organisation=organisation_id):
        run_execute(run_id)
