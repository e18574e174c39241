"""Reads of the regional pool: workers, checks, availability, rates, the cool-off.

Pool records belong to a region and use the plain manager, so every query
here takes the region and filters by it; nothing is reached by id alone.
``checks_valid_matrix`` and ``availability_matrix`` answer for the whole pool
in one query each, as numpy arrays, for the matching adapter.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from safeworkload.bank.models import Availability, BankWorker, Check, Place, RateCard
from safeworkload.calc.supervision import add_months
from safeworkload.caseloads.services.snapshots import monday_of
from safeworkload.organisations.models import Region

REQUIRED_KINDS: tuple[str, ...] = tuple(kind for kind, _ in Check.Kind.choices)
EXPIRING_DAYS = 30
KM_PER_MILE = 1.609344


# ---------------------------------------------------------------------------
# Places and distance


def region_places(*, region: Region) -> QuerySet[Place]:
    return Place.objects.filter(region=region)


def miles_between(a: Place, b: Place) -> float:
    """Straight-line miles on the region's km grid: addresses never leave the service."""
    return math.hypot(float(a.x_km - b.x_km), float(a.y_km - b.y_km)) / KM_PER_MILE


# ---------------------------------------------------------------------------
# Workers


def pool_workers(
    *,
    region: Region,
    job_role: str = "",
    specialism: str = "",
    place_id: int | None = None,
    expiring_by: date | None = None,
    today: date | None = None,
) -> QuerySet[BankWorker]:
    """The region's workers, filtered; ``expiring_by`` keeps those with a check
    that expires between ``today`` and that date."""
    workers = BankWorker.objects.filter(region=region).select_related("home", "user")
    if job_role:
        workers = workers.filter(job_role=job_role)
    if specialism:
        # JSON containment is not on SQLite; a worker has a handful of
        # specialisms, so matching the stored value as a quoted string is exact.
        workers = workers.filter(specialisms__icontains=f'"{specialism}"')
    if place_id:
        workers = workers.filter(home_id=place_id)
    if expiring_by is not None:
        start = today or expiring_by - timedelta(days=EXPIRING_DAYS)
        expiring = Check.objects.filter(
            worker=OuterRef("pk"), expires_on__gte=start, expires_on__lte=expiring_by
        )
        workers = workers.filter(Exists(expiring))
    return workers


def pool_worker(*, region: Region, pk: int) -> BankWorker | None:
    return pool_workers(region=region).filter(pk=pk).first()


def worker_of_user(*, region: Region, user: AbstractBaseUser | AnonymousUser) -> BankWorker | None:
    if not user.is_authenticated:
        return None
    return pool_workers(region=region).filter(user_id=user.pk).first()


# ---------------------------------------------------------------------------
# Checks


@dataclass(frozen=True)
class CheckState:
    """The latest check of one kind for a worker, as every employer sees it."""

    kind: str
    label: str
    check: Check | None
    status: str  # "valid", "expiring", "expired", "missing"

    @property
    def status_text(self) -> str:
        return {
            "valid": "Valid",
            "expiring": "Expiring soon",
            "expired": "Expired",
            "missing": "Not recorded",
        }[self.status]


def check_status(check: Check | None, *, today: date) -> str:
    if check is None:
        return "missing"
    if check.verified_on > today:
        return "missing"
    if check.expires_on is None:
        return "valid"
    if check.expires_on < today:
        return "expired"
    if check.expires_on <= today + timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return "valid"


def worker_check_states(*, worker: BankWorker, today: date) -> list[CheckState]:
    """One line per required kind, from the check that counts today: the one
    valid today with the latest expiry, else the most recently verified."""
    checks = list(Check.objects.filter(worker=worker).select_related("verified_by"))
    states = []
    for kind, label in Check.Kind.choices:
        mine = [c for c in checks if c.kind == kind]
        current = [c for c in mine if check_status(c, today=today) in ("valid", "expiring")]
        if current:
            chosen: Check | None = max(current, key=lambda c: c.expires_on or date.max)
        else:
            chosen = max(mine, key=lambda c: c.verified_on, default=None)
        states.append(CheckState(kind, label, chosen, check_status(chosen, today=today)))
    return states


def _best_status(checks: list[Check], today: date) -> str:
    order = ("valid", "expiring", "expired", "missing")
    return min((check_status(c, today=today) for c in checks), key=order.index, default="missing")


def check_summaries(*, workers: list[BankWorker], today: date) -> dict[int, str]:
    """For each worker, their checks in a few words ("All valid", "Expired: DBS
    check"), from one query for the lot."""
    by_worker: dict[int, list[Check]] = {w.pk: [] for w in workers}
    for check in Check.objects.filter(worker_id__in=list(by_worker)):
        by_worker[check.worker_id].append(check)
    labels = dict(Check.Kind.choices)
    summaries = {}
    for worker_id, checks in by_worker.items():
        groups: dict[str, list[str]] = {}
        for kind in REQUIRED_KINDS:
            status = _best_status([c for c in checks if c.kind == kind], today)
            groups.setdefault(status, []).append(str(labels[kind]))
        parts = [
            f"{heading}: {', '.join(groups[status])}"
            for status, heading in (
                ("missing", "Not recorded"),
                ("expired", "Expired"),
                ("expiring", "Expiring soon"),
            )
            if status in groups
        ]
        summaries[worker_id] = "; ".join(parts) or "All valid"
    return summaries


def worker_checks(*, worker: BankWorker) -> QuerySet[Check]:
    return Check.objects.filter(worker=worker).select_related("verified_by")


def checks_valid_matrix(
    *, region: Region, workers: Sequence[int], days: Sequence[date]
) -> np.ndarray:
    """A W x D boolean array: True where every required check of ``workers[w]``
    is valid on ``days[d]`` (verified on or before it, and no expiry or an
    expiry on or after it). One query for the whole pool.

    A renewed check and the one it replaces both count, so a day is covered
    when any check of the kind covers it.
    """
    index = {worker_id: i for i, worker_id in enumerate(workers)}
    kinds = {kind: k for k, kind in enumerate(REQUIRED_KINDS)}
    rows = list(
        Check.objects.filter(worker__region=region, worker_id__in=list(index)).values_list(
            "worker_id", "kind", "verified_on", "expires_on"
        )
    )
    covered = np.zeros((len(workers), len(kinds), len(days)), dtype=bool)
    if not rows or not days:
        return np.asarray(covered.all(axis=1))
    day_numbers = np.array([d.toordinal() for d in days], dtype=np.int64)
    w = np.array([index[r[0]] for r in rows], dtype=np.int64)
    k = np.array([kinds[r[1]] for r in rows], dtype=np.int64)
    start = np.array([r[2].toordinal() for r in rows], dtype=np.int64)
    end = np.array([(r[3] or date.max).toordinal() for r in rows], dtype=np.int64)
    # checks x days: each check's cover, then OR-ed into its worker and kind.
    cover = (start[:, None] <= day_numbers[None, :]) & (day_numbers[None, :] <= end[:, None])
    np.logical_or.at(covered, (w, k), cover)
    return np.asarray(covered.all(axis=1))


def valid_days(*, worker: BankWorker, days: Sequence[date]) -> set[date]:
    """The days of ``days`` on which every required check of the worker is valid."""
    row = checks_valid_matrix(region=worker.region, workers=[worker.pk], days=days)[0]
    return {day for day, ok in zip(days, row, strict=True) if ok}


def check_coverage(*, worker: BankWorker, days: Sequence[date]) -> dict[date, bool]:
    row = checks_valid_matrix(region=worker.region, workers=[worker.pk], days=days)[0]
    return {day: bool(ok) for day, ok in zip(days, row, strict=True)}


# ---------------------------------------------------------------------------
# Availability


def availability_matrix(
    *, region: Region, workers: Sequence[int], days: Sequence[date]
) -> np.ndarray:
    """A W x D boolean array: True where ``workers[w]`` said they are free on ``days[d]``."""
    index = {worker_id: i for i, worker_id in enumerate(workers)}
    position = {day: d for d, day in enumerate(days)}
    free = np.zeros((len(workers), len(days)), dtype=bool)
    if not days or not workers:
        return free
    rows = Availability.objects.filter(
        worker__region=region, worker_id__in=list(index), day__gte=min(days), day__lte=max(days)
    ).values_list("worker_id", "day")
    for worker_id, day in rows:
        if day in position:
            free[index[worker_id], position[day]] = True
    return free


def free_days(*, worker: BankWorker, start: date, end: date) -> set[date]:
    return set(
        Availability.objects.filter(worker=worker, day__gte=start, day__lte=end).values_list(
            "day", flat=True
        )
    )


def calendar_weeks(*, today: date, weeks: int = 8) -> list[list[date]]:
    """``weeks`` Monday-to-Sunday weeks from the one holding ``today``."""
    first = monday_of(today)
    return [[first + timedelta(days=7 * w + d) for d in range(7)] for w in range(weeks)]


# ---------------------------------------------------------------------------
# Rates


def rate_cards(*, region: Region) -> QuerySet[RateCard]:
    return RateCard.objects.filter(region=region)


def current_rate_cards(*, region: Region, on: date) -> list[RateCard]:
    """The card in force on ``on`` for each role and grade: the latest that has started."""
    latest: dict[tuple[str, str], RateCard] = {}
    for card in rate_cards(region=region).filter(effective_from__lte=on).order_by("effective_from"):
        latest[(card.job_role, card.grade)] = card
    return sorted(latest.values(), key=lambda c: (c.job_role, c.grade))


@dataclass(frozen=True)
class RoleRate:
    """What a cover request for a role may pay: the default and the most."""

    base_pence: int
    cap_pence: int


def role_rate(*, region: Region, job_role: str, on: date) -> RoleRate | None:
    """A request names a role, not a grade. Its default is the role's base (the
    card with no grade, else the lowest base among its grades) and its cap the
    highest cap among them, as regional agency caps are set per job type."""
    cards = [c for c in current_rate_cards(region=region, on=on) if c.job_role == job_role]
    if not cards:
        return None
    ungraded = [c for c in cards if not c.grade]
    base = (
        ungraded[0].base_pence_per_hour if ungraded else min(c.base_pence_per_hour for c in cards)
    )
    return RoleRate(base_pence=base, cap_pence=max(c.cap_pence_per_hour for c in cards))


# ---------------------------------------------------------------------------
# The cool-off


def cool_off_ends(left_on: date, months: int) -> date:
    """The first day a leaver may be offered back to their former employer."""
    return add_months(left_on, months)


def barred_until(worker: BankWorker, *, months: int | None = None) -> tuple[int, date] | None:
    """(former employer's id, first day they may be offered to it), or None.

    The worker is barred from that employer on every day before the date;
    the adapter compares the dates it matches against it.
    """
    if worker.former_employer_id is None or worker.left_former_employer_on is None:
        return None
    months = settings.SAFEWORKLOAD_BANK_COOL_OFF_MONTHS if months is None else months
    return worker.former_employer_id, cool_off_ends(worker.left_former_employer_on, months)
