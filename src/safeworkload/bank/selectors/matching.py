"""Reads for matching and offers: the latest run, its offers, what was left
unfilled and why, and a worker's own offers and history.

Why a request was left unfilled is told as the pool narrowing, rule by rule,
from the engine's own ``why_ineligible``: "Of 300 workers, 41 can take a
social worker's work; 6 of them hold AMHP; none of those live within their
travel distance of Eastfield." The workers whose role cannot take the request
are counted from the role table, without asking about each one.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import QuerySet

from safeworkload.bank.models import (
    BankWorker,
    CoverRequest,
    MatchRun,
    Offer,
    Specialism,
    Timesheet,
)
from safeworkload.bank.services.matching import MatchInput, match_input_build
from safeworkload.calc.matching import why_ineligible
from safeworkload.organisations.models import Person, Region

EXPLAINED_AT_MOST = 25

# The engine's reasons, by how each begins or what it says, in the order the
# pool is narrowed; with the words for the workers who pass each rule.
RULES: tuple[tuple[str, str], ...] = (
    ("specialisms", "Does not hold"),
    ("distance", "miles from home, beyond"),
    ("rate", "an hour is above"),
    ("available", "Not free, or a compliance check"),
    ("cool_off", "Left this employer"),
    ("days_a_week", "The cover needs"),
)


def rule_of(reason: str) -> str:
    for rule, words in RULES:
        if words in reason:
            return rule
    return "role"


def latest_run(*, region: Region) -> MatchRun | None:
    return MatchRun.objects.filter(region=region).select_related("started_by").first()


def run_offers(*, run: MatchRun) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(match_run=run)
        .select_related("request", "request__team", "request__organisation", "request__place")
        .select_related("worker")
        .order_by("request__starts_on", "request__pk")
    )


def open_requests_list(*, region: Region) -> QuerySet[CoverRequest]:
    return (
        CoverRequest.objects.filter(organisation__region=region, status=CoverRequest.Status.OPEN)
        .select_related("team", "organisation", "place")
        .order_by("starts_on", "created_at", "pk")
    )


def live_offers(*, region: Region) -> QuerySet[Offer]:
    """Offers waiting for the worker's answer, for the coordinator to withdraw."""
    return (
        Offer.objects.filter(worker__region=region, status=Offer.Status.OFFERED)
        .select_related("request", "request__team", "request__organisation", "worker")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class Unfilled:
    request: CoverRequest
    why: str


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _count(n: int) -> str:
    return "none" if n == 0 else f"{n:,}"


def _step_words(rule: str, inputs: MatchInput, r: int) -> str:
    request = inputs.requests[r]
    if rule == "specialisms":
        names = dict(Specialism.choices)
        wanted = ", ".join(str(names.get(s, s)) for s in request.specialisms)
        return f"hold {wanted}"
    if rule == "distance":
        return f"live within their travel distance of {request.place.name}"
    if rule == "rate":
        return f"cost no more than £{request.max_pence_per_hour / 100:,.2f} an hour"
    if rule == "available":
        if request.starts_on == request.ends_on:
            return f"are free and checked on {request.starts_on:%-d %B}"
        return (
            f"are free and checked on every day from {request.starts_on:%-d %B} "
            f"to {request.ends_on:%-d %B}"
        )
    if rule == "cool_off":
        return f"are clear of the cool-off with {request.organisation.name}"
    return "work enough days a week"


def explain_unfilled(inputs: MatchInput, r: int) -> str:
    """The pool narrowing, rule by rule, for request ``r``."""
    pool, demand, settings = inputs.pool, inputs.demand, inputs.settings
    covers = settings.role_covers
    role = int(demand.role[r])
    can = np.flatnonzero(pool.role == role if covers is None else covers[pool.role, role]).tolist()
    role_label = dict(Person.JobRole.choices).get(inputs.requests[r].job_role, "")
    parts = [
        f"Of {len(inputs.worker_ids):,} workers, {_count(len(can))} can take "
        f"{str(role_label).lower()} work"
    ]
    failing = {
        w: {rule_of(reason) for reason in why_ineligible(pool, demand, r, w, settings)} for w in can
    }
    remaining = can
    for rule, _ in RULES:
        if not remaining:
            break
        if not any(rule in failing[w] for w in remaining):
            continue
        if rule == "specialisms" and not inputs.requests[r].specialisms:
            continue
        remaining = [w for w in remaining if rule not in failing[w]]
        which = "of them" if len(parts) == 1 else "of those"
        parts.append(f"{_count(len(remaining))} {which} {_step_words(rule, inputs, r)}")
    text = "; ".join(parts) + "."
    if remaining:
        text += (
            f" {len(remaining):,} {_plural(len(remaining), 'worker was', 'workers were')} "
            "eligible but given other work in this run, or had no days left that week."
        )
    return text


def unfilled_requests(
    *, region: Region, today: date, at_most: int = EXPLAINED_AT_MOST
) -> tuple[list[Unfilled], int]:
    """Open requests in the matching horizon with why nobody was offered them
    (the first ``at_most``), and how many open requests there are in all."""
    inputs = match_input_build(region=region, today=today)
    explained = [
        Unfilled(inputs.requests[r], explain_unfilled(inputs, r))
        for r in range(min(at_most, len(inputs.requests)))
    ]
    return explained, len(inputs.requests)


# ---------------------------------------------------------------------------
# A worker's own offers


@dataclass(frozen=True)
class WorkerOffers:
    waiting: list[Offer]
    accepted: list[Offer]
    history: list[Offer]


def worker_offers(*, worker: BankWorker, today: date) -> WorkerOffers:
    """The worker's offers: waiting for an answer, accepted and not over, and the rest."""
    offers = list(
        Offer.objects.filter(worker=worker)
        .select_related("request", "request__team", "request__organisation", "request__place")
        .order_by("-request__starts_on", "-pk")
    )
    waiting = [o for o in offers if o.status == Offer.Status.OFFERED]
    accepted = [
        o for o in offers if o.status == Offer.Status.ACCEPTED and o.request.ends_on >= today
    ]
    shown = {o.pk for o in waiting + accepted}
    return WorkerOffers(waiting, accepted, [o for o in offers if o.pk not in shown])


def offer_timesheets(*, offer: Offer) -> QuerySet[Timesheet]:
    return Timesheet.objects.filter(offer=offer).order_by("week_starting")
