"""The matching adapter: from the region's rows to the engine's arrays, and its
matches back to offers; then the worker's answers to those offers.

``match_input_build`` reads the region in a fixed number of queries, whatever
its size, into ``calc.matching``'s ``Pool`` and ``Requests``:

- the horizon is ``weeks`` whole weeks from the Monday of ``today``; the open
  requests are those starting from ``today`` and ending inside it;
- a worker is available on a day when they said they are free, every required
  check is valid that day (``checks_valid_matrix``), and no live offer (made
  or accepted) already has them on a duty shift that day;
- a live case-holding offer takes its days a week (hours a week / 7.5,
  rounded up) off the worker's weekly limit for the whole horizon: it fixes
  no particular days, so this keeps it from being promised twice;
- each worker's hourly rate is the rate card's base for their role and grade
  (or for their role with no grade), in force on ``today``; a worker with no
  rate on the card is left out of the pool;
- places are points on the region's km grid;
- the cool-off bars a worker from their former employer until
  ``cool_off_ends`` (the setting ``SAFEWORKLOAD_BANK_COOL_OFF_MONTHS``);
- ``prior_assignments`` counts each worker's accepted offers in the horizon,
  so the fairness cost starts from the work they already hold;
- continuity: for case-holding cover, the worker of the latest accepted
  case-holding offer for the same team and role, when they are in the pool.

``match_run`` solves it twice on the same arrays, the optimal flow and the
booking desk's greedy, stores a ``MatchRun`` with both answers and one
``Offer`` per optimal match with its reason, and marks those requests offered.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.bank.models import (
    BankWorker,
    CoverRequest,
    MatchRun,
    Offer,
    RateCard,
    Specialism,
)
from safeworkload.bank.selectors.pool import (
    availability_matrix,
    checks_valid_matrix,
    cool_off_ends,
)
from safeworkload.calc.matching import (
    CASE_HOLDING,
    DUTY_SHIFT,
    Match,
    Matching,
    MatchSettings,
    Pool,
    Requests,
    match_greedy,
    match_optimal,
)
from safeworkload.organisations.models import Organisation, Person, Region

DEFAULT_WEEKS = 8
HOURS_A_DAY = 7.5
# An offer not answered within this long (or by the end of the cover's first
# day) is withdrawn by ``offers_expire``.
OFFER_LIFETIME = timedelta(hours=48)
ROLE_CODES: dict[str, int] = {role: n for n, role in enumerate(Person.JobRole.values)}
SPECIALISM_BITS: dict[str, int] = {s: 1 << n for n, s in enumerate(Specialism.values)}
# Which worker roles may take a request for which role, besides their own: a
# senior practitioner may cover a social worker's duty or cases.
COVERS_TOO: tuple[tuple[str, str], ...] = (
    (Person.JobRole.SENIOR_PRACTITIONER, Person.JobRole.SOCIAL_WORKER),
)
LIVE = (Offer.Status.OFFERED, Offer.Status.ACCEPTED)


class OfferError(Exception):
    """A change to an offer that is not allowed; the message is for the user."""


def specialism_mask(values: Sequence[str]) -> int:
    return sum(SPECIALISM_BITS.get(v, 0) for v in set(values))


def days_a_week(hours_per_week: float) -> int:
    return math.ceil(hours_per_week / HOURS_A_DAY)


def role_covers() -> np.ndarray:
    covers = np.eye(len(ROLE_CODES), dtype=bool)
    for worker_role, request_role in COVERS_TOO:
        covers[ROLE_CODES[worker_role], ROLE_CODES[request_role]] = True
    return covers


def match_settings(start: date) -> MatchSettings:
    """The engine's defaults, with the words its reasons use."""
    return MatchSettings(
        role_covers=role_covers(),
        role_names=tuple(str(label) for label in Person.JobRole.labels),
        specialism_names=tuple(str(label) for label in Specialism.labels),
        horizon_start=start,
    )


@dataclass(frozen=True)
class MatchInput:
    """What the engine is given, with the rows its indices stand for."""

    start: date
    days: int
    worker_ids: list[int]
    worker_names: list[str]
    requests: list[CoverRequest]
    pool: Pool
    demand: Requests
    settings: MatchSettings

    def day(self, index: int) -> date:
        return self.start + timedelta(days=int(index))


def horizon(today: date, weeks: int) -> tuple[date, int]:
    start = today - timedelta(days=today.weekday())
    return start, 7 * weeks


def open_requests(
    *, region: Region, today: date, start: date, days: int, ids: Sequence[int] | None = None
) -> list[CoverRequest]:
    requests = CoverRequest.objects.filter(
        organisation__region=region,
        status=CoverRequest.Status.OPEN,
        starts_on__gte=today,
        ends_on__lt=start + timedelta(days=days),
    ).select_related("place", "team", "organisation")
    if ids is not None:
        requests = requests.filter(pk__in=list(ids))
    return list(requests.order_by("created_at", "pk"))


def _rates(region: Region, on: date) -> dict[tuple[str, str], int]:
    latest: dict[tuple[str, str], tuple[date, int]] = {}
    for role, grade, since, base in RateCard.objects.filter(
        region=region, effective_from__lte=on
    ).values_list("job_role", "grade", "effective_from", "base_pence_per_hour"):
        if (role, grade) not in latest or latest[(role, grade)][0] < since:
            latest[(role, grade)] = (since, base)
    return {key: base for key, (_, base) in latest.items()}


def _worker_rows(
    region: Region, today: date, exclude: Sequence[int]
) -> list[tuple[Mapping[str, Any], int]]:
    rates = _rates(region, today)
    rows: list[tuple[Mapping[str, Any], int]] = []
    for row in (
        BankWorker.objects.filter(region=region, active=True)
        .exclude(pk__in=list(exclude))
        .order_by("pk")
        .values(
            "pk",
            "given_name",
            "family_name",
            "job_role",
            "grade",
            "specialisms",
            "home__x_km",
            "home__y_km",
            "max_travel_miles",
            "max_days_per_week",
            "former_employer_id",
            "left_former_employer_on",
        )
    ):
        rate = rates.get((str(row["job_role"]), str(row["grade"]))) or rates.get(
            (str(row["job_role"]), "")
        )
        if rate is not None:
            rows.append((row, rate))
    return rows


def _live_offers(region: Region, start: date, end: date) -> list[Mapping[str, Any]]:
    return list(
        Offer.objects.filter(
            worker__region=region,
            status__in=LIVE,
            request__starts_on__lte=end,
            request__ends_on__gte=start,
        ).values(
            "worker_id",
            "status",
            "request__kind",
            "request__starts_on",
            "request__hours_per_week",
        )
    )


def _continuity(region: Region, requests: list[CoverRequest], index: dict[int, int]) -> np.ndarray:
    """For case-holding cover: the pool index of the worker who last held the
    same team's cases in the same role, or -1."""
    holders: dict[tuple[int, str], int] = {}
    teams = {r.team_id for r in requests if r.kind == CoverRequest.Kind.CASE_HOLDING}
    if teams:
        for team, role, worker in (
            Offer.objects.filter(
                worker__region=region,
                status=Offer.Status.ACCEPTED,
                request__team_id__in=teams,
                request__kind=CoverRequest.Kind.CASE_HOLDING,
            )
            .order_by("responded_at", "pk")
            .values_list("request__team_id", "request__job_role", "worker_id")
        ):
            holders[(team, role)] = worker
    found = []
    for r in requests:
        holder = holders.get((r.team_id, r.job_role)) if r.kind == "case_holding" else None
        found.append(index.get(holder, -1) if holder is not None else -1)
    return np.array(found, dtype=np.int64)


def match_input_build(
    *,
    region: Region,
    today: date,
    weeks: int = DEFAULT_WEEKS,
    request_ids: Sequence[int] | None = None,
    exclude_workers: Sequence[int] = (),
) -> MatchInput:
    """The engine's arrays for the region's open requests (all, or ``request_ids``)."""
    start, days = horizon(today, weeks)
    end = start + timedelta(days=days - 1)
    dates = [start + timedelta(days=d) for d in range(days)]
    requests = open_requests(region=region, today=today, start=start, days=days, ids=request_ids)
    rows = _worker_rows(region, today, exclude_workers)
    ids = [int(str(row["pk"])) for row, _ in rows]
    index = {worker: i for i, worker in enumerate(ids)}
    available = availability_matrix(region=region, workers=ids, days=dates) & checks_valid_matrix(
        region=region, workers=ids, days=dates
    )
    weekly = np.array([int(str(row["max_days_per_week"])) for row, _ in rows], dtype=np.int64)
    prior = np.zeros(len(ids), dtype=np.int64)
    for offer in _live_offers(region, start, end):
        held = index.get(offer["worker_id"])
        if held is None:
            continue
        if offer["status"] == Offer.Status.ACCEPTED:
            prior[held] += 1
        if offer["request__kind"] == CoverRequest.Kind.DUTY_SHIFT:
            d = (offer["request__starts_on"] - start).days
            if 0 <= d < days:
                available[held, d] = False
        else:
            hours = float(offer["request__hours_per_week"] or HOURS_A_DAY)
            weekly[held] = max(0, weekly[held] - days_a_week(hours))
    months = int(settings.SAFEWORKLOAD_BANK_COOL_OFF_MONTHS)
    barred_employer = np.full(len(ids), -1, dtype=np.int64)
    barred_until = np.full(len(ids), -1, dtype=np.int64)
    for w, (row, _) in enumerate(rows):
        left = row["left_former_employer_on"]
        if row["former_employer_id"] is not None and isinstance(left, date):
            barred_employer[w] = int(str(row["former_employer_id"]))
            barred_until[w] = (cool_off_ends(left, months) - start).days
    pool = Pool(
        worker_ids=np.array(ids, dtype=np.int64),
        role=np.array([ROLE_CODES[str(row["job_role"])] for row, _ in rows], dtype=np.int64),
        specialisms=np.array(
            [specialism_mask(row["specialisms"] or []) for row, _ in rows],
            dtype=np.int64,
        ),
        x_km=np.array([float(str(row["home__x_km"])) for row, _ in rows]),
        y_km=np.array([float(str(row["home__y_km"])) for row, _ in rows]),
        max_travel_miles=np.array(
            [float(str(row["max_travel_miles"])) for row, _ in rows], dtype=np.float64
        ),
        rate_pence_per_hour=np.array([rate for _, rate in rows], dtype=np.int64),
        max_days_per_week=weekly,
        available=available,
        barred_employer=barred_employer,
        barred_until_day=barred_until,
        prior_assignments=prior,
    )
    demand = Requests(
        request_ids=np.array([r.pk for r in requests], dtype=np.int64),
        kind=np.array(
            [
                DUTY_SHIFT if r.kind == CoverRequest.Kind.DUTY_SHIFT else CASE_HOLDING
                for r in requests
            ],
            dtype=np.int64,
        ),
        role=np.array([ROLE_CODES[r.job_role] for r in requests], dtype=np.int64),
        specialisms=np.array(
            [specialism_mask(r.specialisms or []) for r in requests], dtype=np.int64
        ),
        first_day=np.array([(r.starts_on - start).days for r in requests], dtype=np.int64),
        last_day=np.array([(r.ends_on - start).days for r in requests], dtype=np.int64),
        hours=np.array(
            [
                float(r.hours_per_day)
                if r.kind == CoverRequest.Kind.DUTY_SHIFT
                else float(r.hours_per_week or HOURS_A_DAY)
                for r in requests
            ]
        ),
        x_km=np.array([float(r.place.x_km) for r in requests]),
        y_km=np.array([float(r.place.y_km) for r in requests]),
        max_pence_per_hour=np.array([r.max_pence_per_hour for r in requests], dtype=np.int64),
        statutory=np.array(
            [r.priority == CoverRequest.Priority.STATUTORY for r in requests], dtype=bool
        ),
        employer=np.array([r.organisation_id for r in requests], dtype=np.int64),
        continuity_worker=_continuity(region, requests, index),
    )
    return MatchInput(
        start=start,
        days=days,
        worker_ids=ids,
        worker_names=[f"{row['given_name']} {row['family_name']}" for row, _ in rows],
        requests=requests,
        pool=pool,
        demand=demand,
        settings=match_settings(start),
    )


# ---------------------------------------------------------------------------
# Running and storing


@dataclass(frozen=True)
class MatchOutcome:
    run: MatchRun
    optimal: Matching
    greedy: Matching
    offers: list[Offer]


def _offers_for(
    inputs: MatchInput, matches: Sequence[Match], run: MatchRun | None, note: str = ""
) -> list[Offer]:
    return [
        Offer(
            organisation_id=inputs.requests[m.request].organisation_id,
            request=inputs.requests[m.request],
            worker_id=inputs.worker_ids[m.worker],
            match_run=run,
            rate_pence_per_hour=m.rate_pence,
            mileage_pence=m.mileage_pence,
            cost_pence=m.cost_pence,
            reason=f"{note}{m.reason}",
        )
        for m in matches
    ]


def _store(
    inputs: MatchInput, matches: Sequence[Match], run: MatchRun | None, note: str = ""
) -> list[Offer]:
    offers = Offer.objects.bulk_create(_offers_for(inputs, matches, run, note), batch_size=2000)
    ids = [o.request_id for o in offers]
    for chunk in range(0, len(ids), 2000):
        CoverRequest.objects.filter(pk__in=ids[chunk : chunk + 2000]).update(
            status=CoverRequest.Status.OFFERED
        )
    return offers


def _audit_run(run: MatchRun, region: Region, actor: Actor, offers: list[Offer]) -> None:
    """One entry per employer whose requests were offered: the audit chain is an
    employer's, and a run changes each of their requests."""
    per_employer = Counter(o.organisation_id for o in offers)
    for organisation in Organisation.objects.filter(pk__in=list(per_employer)).order_by("pk"):
        audit_record(
            organisation=organisation,
            actor=actor,
            action="bank.matching.run",
            data={
                "region": region.code,
                "match_run": run.pk,
                "offers": per_employer[organisation.pk],
            },
        )


@transaction.atomic
def match_run(
    *, region: Region, actor: Actor, today: date | None = None, weeks: int = DEFAULT_WEEKS
) -> MatchOutcome:
    """Match the region's open requests; store the run and one offer per match."""
    today = today or timezone.localdate()
    inputs = match_input_build(region=region, today=today, weeks=weeks)
    optimal = match_optimal(inputs.pool, inputs.demand, inputs.settings)
    greedy = match_greedy(inputs.pool, inputs.demand, inputs.settings)
    run = MatchRun.objects.create(
        region=region,
        started_by=signed_in_user(actor),
        requests=len(inputs.requests),
        pairs=optimal.pairs,
        optimal_covered=optimal.covered,
        optimal_cost_pence=optimal.cost_pence,
        greedy_covered=greedy.covered,
        greedy_cost_pence=greedy.cost_pence,
        solve_seconds=optimal.build_seconds + optimal.solve_seconds,
    )
    offers = _store(inputs, optimal.matches, run)
    _audit_run(run, region, actor, offers)
    return MatchOutcome(run, optimal, greedy, offers)


def rematch_request(
    *, cover_request: CoverRequest, excluded: Sequence[int], today: date | None = None
) -> Offer | None:
    """Match one open request again without ``excluded`` workers; a new offer,
    or None when nobody else is eligible. Call inside a transaction."""
    today = today or timezone.localdate()
    region = cover_request.organisation.region
    weeks = max(DEFAULT_WEEKS, (cover_request.ends_on - horizon(today, 1)[0]).days // 7 + 1)
    inputs = match_input_build(
        region=region,
        today=today,
        weeks=weeks,
        request_ids=[cover_request.pk],
        exclude_workers=excluded,
    )
    if not inputs.requests or not inputs.worker_ids:
        return None
    matching = match_optimal(inputs.pool, inputs.demand, inputs.settings)
    if not matching.matches:
        return None
    return _store(inputs, matching.matches[:1], None, "Offered again after a decline. ")[0]


# ---------------------------------------------------------------------------
# The worker's answers, and the coordinator's withdrawal


def _audit_offer(offer: Offer, action: str, actor: Actor, **data: object) -> None:
    audit_record(
        organisation=offer.organisation,
        actor=actor,
        action=action,
        target=offer,
        data={"request": offer.request_id, "worker": offer.worker_id, **data},
    )


def _locked(offer: Offer) -> Offer:
    locked = (
        Offer.objects.select_for_update().select_related("request", "organisation").get(pk=offer.pk)
    )
    if locked.status != Offer.Status.OFFERED:
        raise OfferError("This offer has been answered already")
    return locked


def offer_expires_at(offer: Offer) -> datetime:
    """Unanswered offers lapse after ``OFFER_LIFETIME``, or at the end of the
    cover's first day (a shift for today can still be taken this morning)."""
    day_after = offer.request.starts_on + timedelta(days=1)
    ends = timezone.make_aware(datetime.combine(day_after, datetime.min.time()))
    return min(offer.created_at + OFFER_LIFETIME, ends)


@transaction.atomic
def offer_accept(*, offer: Offer, actor: Actor, now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    offer = _locked(offer)
    if offer_expires_at(offer) <= now:
        raise OfferError("This offer has expired")
    offer.status, offer.responded_at = Offer.Status.ACCEPTED, now
    offer.save(update_fields=["status", "responded_at"])
    CoverRequest.objects.filter(pk=offer.request_id).update(
        status=CoverRequest.Status.FILLED, filled_at=now
    )
    _audit_offer(offer, "bank.offer.accepted", actor)
    return offer


def _release(offer: Offer, status: str, note: str) -> None:
    offer.status, offer.responded_at, offer.response_note = status, timezone.now(), note
    offer.save(update_fields=["status", "responded_at", "response_note"])
    CoverRequest.objects.filter(pk=offer.request_id, status=CoverRequest.Status.OFFERED).update(
        status=CoverRequest.Status.OPEN
    )


def _declined_workers(cover_request_id: int) -> list[int]:
    return list(
        Offer.objects.filter(
            request_id=cover_request_id,
            status__in=(Offer.Status.DECLINED, Offer.Status.WITHDRAWN),
        ).values_list("worker_id", flat=True)
    )


@transaction.atomic
def offer_decline(
    *, offer: Offer, actor: Actor, reason: str = "", today: date | None = None
) -> Offer | None:
    """Decline, and match the request again without the workers who turned it
    down or whose offer lapsed. Returns the new offer, if someone else fits."""
    offer = _locked(offer)
    _release(offer, Offer.Status.DECLINED, reason.strip())
    _audit_offer(offer, "bank.offer.declined", actor, reason_given=bool(reason.strip()))
    return rematch_request(
        cover_request=CoverRequest.objects.get(pk=offer.request_id),
        excluded=_declined_workers(offer.request_id),
        today=today,
    )


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor: Actor, reason: str) -> Offer:
    """The coordinator takes back an unanswered offer; the request is open again."""
    offer = _locked(offer)
    _release(offer, Offer.Status.WITHDRAWN, reason.strip() or "Withdrawn by the coordinator")
    _audit_offer(offer, "bank.offer.withdrawn", actor, reason_given=bool(reason.strip()))
    return offer


@transaction.atomic
def offers_expire(*, region: Region, now: datetime | None = None) -> int:
    """Withdraw every offer in the region left unanswered past its expiry."""
    now = now or timezone.now()
    cutoff_created = now - OFFER_LIFETIME
    lapsed = (
        Offer.objects.filter(worker__region=region, status=Offer.Status.OFFERED)
        .filter(
            Q(created_at__lte=cutoff_created) | Q(request__starts_on__lt=timezone.localdate(now))
        )
        .select_related("request", "organisation")
    )
    count = 0
    by_employer: dict[int, list[Offer]] = defaultdict(list)
    for offer in lapsed:
        _release(offer, Offer.Status.WITHDRAWN, "Not answered in time")
        by_employer[offer.organisation_id].append(offer)
        count += 1
    for offers in by_employer.values():
        audit_record(
            organisation=offers[0].organisation,
            actor=None,
            action="bank.offer.expired",
            data={"offers": [o.pk for o in offers]},
            system_label="offer expiry",
        )
    return count
