"""Reading the breach register.

Who sees which breaches (DESIGN.md §2):

- a team manager, the breaches of the people in the teams they manage (and
  their own);
- service leads, organisation admins and union representatives, every breach
  in the organisation.

Union representatives see the worker's name, team, the kind of breach, the
percent, the dates, the plan and every escalation: the issue grants them "the
register and every escalation, without case detail", and a representative
cannot act for a member they cannot name. What nobody sees here is case
detail: no selector in this module reads a Case.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from safeworkload.caseloads.models import Breach, BreachEvent
from safeworkload.organisations.models import Organisation, Team
from safeworkload.organisations.tenancy import Tenancy


def visible_breaches(*, tenancy: Tenancy) -> QuerySet[Breach]:
    if tenancy.organisation is None or not tenancy.has("can_view_breaches"):
        return Breach.objects.none()
    breaches = Breach.objects.filter(organisation=tenancy.organisation)
    # A team manager may see people only in their own teams; everyone else
    # with the register sees all of it.
    if tenancy.has("can_view_people") and not tenancy.has("can_view_all_people"):
        me = tenancy.person.pk if tenancy.person else None
        if me is None:
            return breaches.none()
        return breaches.filter(
            Q(team__manager_id=me) | Q(person__team__manager_id=me) | Q(person_id=me)
        )
    return breaches


def breach_list(
    *,
    tenancy: Tenancy,
    status: str = "",
    team_id: int | None = None,
    kind: str = "",
) -> QuerySet[Breach]:
    breaches = (
        visible_breaches(tenancy=tenancy)
        .select_related("person", "team", "level")
        .annotate(escalations=Count("events", filter=Q(events__kind=BreachEvent.Kind.ESCALATED)))
        .order_by("status", "due_on", "pk")
    )
    if status:
        breaches = breaches.filter(status=status)
    if team_id:
        breaches = breaches.filter(team_id=team_id)
    if kind:
        breaches = breaches.filter(kind=kind)
    return breaches


def breach_timeline(*, breach: Breach) -> QuerySet[BreachEvent]:
    return breach.events.select_related("level", "by").order_by("at", "pk")


@dataclass(frozen=True)
class BreachCounts:
    open: int
    overdue: int
    escalated: int
    resolved: int


def breach_counts(*, organisation_ids: list[int], today: date) -> dict[int, BreachCounts]:
    """Open, overdue, escalated-and-open and resolved breaches per organisation, in one query."""
    is_open = Q(status=Breach.Status.OPEN)
    rows = (
        Breach.objects.filter(organisation_id__in=organisation_ids)
        .values("organisation_id")
        .annotate(
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & Q(due_on__lt=today)),
            escalated=Count("pk", filter=is_open & Q(level__rank__gt=1)),
            resolved=Count("pk", filter=Q(status=Breach.Status.RESOLVED)),
        )
    )
    found = {
        row["organisation_id"]: BreachCounts(
            row["open"], row["overdue"], row["escalated"], row["resolved"]
        )
        for row in rows
    }
    return {pk: found.get(pk, BreachCounts(0, 0, 0, 0)) for pk in organisation_ids}


def breach_teams(*, organisation: Organisation) -> QuerySet[Team]:
    return Team.objects.filter(organisation=organisation).only("pk", "name")
