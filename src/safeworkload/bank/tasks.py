"""Background tasks for the relief bank (django-tasks).

Each task takes identifiers, not objects, because a task's arguments are
stored as JSON until a worker runs it; it enters the scope of the region's
employers, whose requests and offers it reads and writes, and calls one
service. django-tasks does not schedule: run the command from cron or a
systemd timer, for example every morning at seven::

    0 7 * * *  cd /srv/safeworkload && .venv/bin/safeworkload bank match --region midshire

The command first lets unanswered offers lapse, so their requests are matched again.
"""

from datetime import date
from typing import Any

from django_scopes import scope
from django_tasks import task

from safeworkload.bank.services.matching import match_run, offers_expire
from safeworkload.organisations.models import Organisation, Region


@task()
def bank_match_region(region_id: int, today: str | None = None) -> dict[str, Any]:
    """Expire lapsed offers, then match the region's open requests. Returns the run's figures."""
    region = Region.objects.get(pk=region_id)
    members = list(Organisation.objects.filter(region=region).values_list("pk", flat=True))
    with scope(organisation=members):
        expired = offers_expire(region=region)
        outcome = match_run(
            region=region, actor=None, today=date.fromisoformat(today) if today else None
        )
    run = outcome.run
    return {
        "expired": expired,
        "requests": run.requests,
        "pairs": run.pairs,
        "offers": len(outcome.offers),
        "optimal_covered": run.optimal_covered,
        "optimal_cost_pence": run.optimal_cost_pence,
        "greedy_covered": run.greedy_covered,
        "greedy_cost_pence": run.greedy_cost_pence,
    }
