"""Reads of cover requests: who sees which, the list with its filters, and the
pool's availability as an employer may see it (counts, never names).

An employer's leads see all its requests and a team manager those of the
teams they manage; the region's coordinator sees every member's requests.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.db.models import Count, Q, QuerySet

from safeworkload.bank.models import BankWorker, CoverRequest, Offer, Place
from safeworkload.bank.selectors.pool import (
    KM_PER_MILE,
    availability_matrix,
    checks_valid_matrix,
)
from safeworkload.organisations.models import Region, Team
from safeworkload.organisations.tenancy import Tenancy

LIVE_OFFERS = (Offer.Status.OFFERED, Offer.Status.ACCEPTED)


def acting_region(tenancy: Tenancy) -> Region | None:
    """The region the request acts in: the coordinator's, or the employer's."""
    if tenancy.region is not None:
        return tenancy.region
    if tenancy.organisation is not None:
        return tenancy.organisation.region
    return None


def requestable_teams(*, tenancy: Tenancy) -> QuerySet[Team]:
    """The teams the acting roles may ask for cover for: every team for a lead,
    the teams they manage for a team manager, none for anyone else."""
    teams = Team.objects.filter(organisation=tenancy.organisation).order_by("name")
    if tenancy.organisation is None or not tenancy.has("can_request_cover"):
        return teams.none()
    if tenancy.has("can_view_all_people"):
        return teams
    if tenancy.person is None:
        return teams.none()
    return teams.filter(manager=tenancy.person)


def visible_requests(*, tenancy: Tenancy) -> QuerySet[CoverRequest]:
    requests = CoverRequest.objects.select_related("team", "place", "organisation")
    if tenancy.region is not None and tenancy.has("can_coordinate_bank"):
        return requests.filter(organisation__region=tenancy.region)
    if tenancy.organisation is None or not tenancy.has("can_view_bank"):
        return requests.none()
    requests = requests.filter(organisation=tenancy.organisation)
    if tenancy.has("can_view_all_people"):
        return requests
    if tenancy.person is None:
        return requests.none()
    return requests.filter(team__manager=tenancy.person)


def request_list(
    *,
    tenancy: Tenancy,
    status: str = "",
    kind: str = "",
    priority: str = "",
    team_id: int | None = None,
    filled: str = "",
) -> QuerySet[CoverRequest]:
    requests = visible_requests(tenancy=tenancy).annotate(
        offer_count=Count("offers", distinct=True),
        live_offers=Count("offers", filter=Q(offers__status__in=LIVE_OFFERS), distinct=True),
        escalation_count=Count("escalations", distinct=True),
    )
    if status:
        requests = requests.filter(status=status)
    if kind:
        requests = requests.filter(kind=kind)
    if priority:
        requests = requests.filter(priority=priority)
    if team_id:
        requests = requests.filter(team_id=team_id)
    if filled == "yes":
        requests = requests.filter(status=CoverRequest.Status.FILLED)
    elif filled == "no":
        requests = requests.exclude(status=CoverRequest.Status.FILLED)
    return requests.order_by("-starts_on", "-created_at", "-id")


def request_offers(*, cover_request: CoverRequest) -> QuerySet[Offer]:
    return Offer.objects.filter(request=cover_request).select_related("worker")


def request_escalations(*, cover_request: CoverRequest) -> QuerySet:
    return cover_request.escalations.select_related("authorised_by").order_by("created_at")


# ---------------------------------------------------------------------------
# The pool's availability without names


@dataclass(frozen=True)
class AvailabilityWeek:
    days: list[date]
    counts: list[int]


def anonymised_availability(
    *,
    region: Region,
    place: Place,
    job_role: str,
    specialism: str,
    start: date,
    days: int = 28,
) -> list[AvailabilityWeek]:
    """How many of the region's active workers of ``job_role`` (with ``specialism``,
    if given) are free, have every check valid, and live within their own travel
    limit of ``place``, on each day from ``start``: counts only, in weeks of 7."""
    dates = [start + timedelta(days=n) for n in range(days)]
    workers = BankWorker.objects.filter(region=region, active=True, job_role=job_role)
    if specialism:
        workers = workers.filter(specialisms__icontains=f'"{specialism}"')
    rows = list(workers.values_list("pk", "home__x_km", "home__y_km", "max_travel_miles"))
    counts = np.zeros(len(dates), dtype=np.int64)
    if rows:
        ids = [r[0] for r in rows]
        x = np.array([float(r[1]) for r in rows])
        y = np.array([float(r[2]) for r in rows])
        limit = np.array([r[3] for r in rows], dtype=float)
        miles = np.hypot(x - float(place.x_km), y - float(place.y_km)) / KM_PER_MILE
        near = miles <= limit
        ok = checks_valid_matrix(region=region, workers=ids, days=dates)
        free = availability_matrix(region=region, workers=ids, days=dates)
        counts = (ok & free & near[:, None]).sum(axis=0)
    return [
        AvailabilityWeek(dates[i : i + 7], [int(c) for c in counts[i : i + 7]])
        for i in range(0, len(dates), 7)
    ]


def employer_places(*, region: Region, organisation_id: int | None) -> list[Place]:
    """The region's places, the ones the employer has asked for cover at first."""
    used: set[int] = set()
    if organisation_id is not None:
        used = set(
            CoverRequest.objects.filter(organisation_id=organisation_id).values_list(
                "place_id", flat=True
            )
        )
    places = list(Place.objects.filter(region=region))
    return sorted(places, key=lambda p: (p.pk not in used, p.name))
