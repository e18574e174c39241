"""Weekly capacity snapshots: every worker's load on each Monday, kept for trends and breaches.

A snapshot is the load a worker carried on the Monday a week starts, weighed by
the scheme version then in force (reference/01 section 3: weights are
versioned with effective dates). The MoJ's excessive-workload rule reads four
consecutive weekly figures over 110% (reference/01 section 1.2), so the weeks
must be complete and computed the same way every time.

The engine is vectorised: it reads an organisation's allocations, cases,
people and reductions once, turns each allocation into the range of weeks it
covers, and adds the ranges up per worker with difference arrays (numpy), one
pass per scheme version. Two years for a thousand workers is one read and a
few array operations, instead of a query per worker per week.

What counts in a week (its Monday ``m``):

- an allocation spell counts from ``starts_on`` up to, but not including,
  ``ends_on``: on a handover day the case belongs to the new worker;
- a case counts from ``opened_on`` up to, but not including, ``closed_on``;
  a case with status closed and no closing date never counts;
- the status history is not stored, so a case counts while it is open and
  allocated, with one exception: a case that is dormant now stops counting
  60 days after its last contact (or its opening), and at the latest from the
  current week, so this week's snapshot agrees with the live load;
- a reduction counts from ``starts_on`` to ``expires_on``, both included;
- a person is in post from ``start_date`` to ``end_date``, both included;
- a person's service area, and so the scheme, is that of their team now: the
  history of team moves is not stored.

A person gets a snapshot for a week when they are in post and in a team whose
service area has a scheme in force, and either work in a case-holding role or
hold at least one case that week: administrators, managers and service leads
with no cases are left out, so they do not pull a team's figures down.

Rows are written by delete-and-insert inside one transaction, for the
organisation and the weeks asked about, so running it twice gives the same
rows. The insert is a plain executemany (``rows_insert``): building a model
instance per row would take most of the time of a two-year backfill.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record
from safeworkload.calc.capacity import available_points, capacity_percent
from safeworkload.calc.standards import RED
from safeworkload.caseloads.models import (
    Allocation,
    CapacitySnapshot,
    Case,
    Reduction,
    WeightingScheme,
)
from safeworkload.caseloads.selectors.capacity import (
    FULL_CEILING_PERCENT,
    WorkerLoad,
    fixed_points,
    newly_qualified_on,
    scheme_band,
    weight_tables,
)
from safeworkload.organisations.models import Organisation, Person, Team

CASE_HOLDING_ROLES = frozenset(
    {
        Person.JobRole.SOCIAL_WORKER,
        Person.JobRole.SENIOR_PRACTITIONER,
        Person.JobRole.NEWLY_QUALIFIED,
        Person.JobRole.OCCUPATIONAL_THERAPIST,
        Person.JobRole.ASSISTANT,
    }
)
_NEVER = date.max.toordinal() + 1  # an open end
_CENTS = 100
_TENTHS = 10
_HUNDREDTH = Decimal("0.01")
_TENTH = Decimal("0.1")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def mondays_between(first: date, last: date) -> list[date]:
    """Every Monday from the week containing ``first`` to the week containing ``last``."""
    start, end = monday_of(first), monday_of(last)
    return [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]


# ---------------------------------------------------------------------------
# The engine


@dataclass(frozen=True)
class _People:
    ids: list[int]
    areas: list[str]
    hours_tenths: np.ndarray
    holds_cases: np.ndarray  # bool: a case-holding role
    in_post: np.ndarray  # bool [person, week]
    newly_qualified: np.ndarray  # bool [person, week]


def _ordinals(days: list[date | None], *, missing: int) -> np.ndarray:
    return np.fromiter(
        (d.toordinal() if d is not None else missing for d in days), dtype=np.int64, count=len(days)
    )


def _covered(weeks: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For half-open day ranges [lo, hi): the first week index covered and the
    first one after, so the weeks covered are a <= w < b (none when a >= b)."""
    return np.searchsorted(weeks, lo, "left"), np.searchsorted(weeks, hi, "left")


def _range_sums(
    rows: np.ndarray, a: np.ndarray, b: np.ndarray, values: np.ndarray, shape: tuple[int, int]
) -> np.ndarray:
    """Sum ``values`` over the week ranges [a, b) of each row, per (row, week),
    with a difference array: +value at a, -value at b, then a running total."""
    n_rows, n_weeks = shape
    keep = a < b
    rows, a, b, values = rows[keep], a[keep], b[keep], values[keep]
    width = n_weeks + 1
    size = n_rows * width
    diff = np.bincount(rows * width + a, weights=values, minlength=size) - np.bincount(
        rows * width + b, weights=values, minlength=size
    )
    # Every value is a whole number of cents or tenths, far below 2**53: exact.
    totals = np.rint(np.cumsum(diff.reshape(n_rows, width), axis=1)).astype(np.int64)
    return totals[:, :n_weeks]


def _people(organisation: Organisation, mondays: list[date], weeks: np.ndarray) -> _People:
    first, last = mondays[0], mondays[-1]
    rows = list(
        Person.objects.filter(organisation=organisation, team__isnull=False, start_date__lte=last)
        .exclude(end_date__lt=first)
        .values_list(
            "pk",
            "team__service_area",
            "job_role",
            "contracted_hours",
            "qualification_date",
            "start_date",
            "end_date",
        )
        .order_by("pk")
    )
    n = len(rows)
    starts = _ordinals([r[5] for r in rows], missing=_NEVER)
    # end_date is the last day in post, so the range ends the day after.
    ends = _ordinals([r[6] for r in rows], missing=_NEVER - 1) + 1
    a, b = _covered(weeks, starts, ends)
    index = np.arange(len(mondays))
    in_post = (index[None, :] >= a[:, None]) & (index[None, :] < b[:, None])
    newly_qualified = np.zeros((n, len(mondays)), dtype=bool)
    for i, (_, _, role, _, qualified_on, _, _) in enumerate(rows):
        if role == Person.JobRole.NEWLY_QUALIFIED:
            newly_qualified[i, :] = True
        elif qualified_on is not None and qualified_on > first - timedelta(days=370):
            newly_qualified[i, :] = [
                newly_qualified_on(job_role=role, qualification_date=qualified_on, on=m)
                for m in mondays
            ]
    return _People(
        ids=[r[0] for r in rows],
        areas=[r[1] for r in rows],
        hours_tenths=np.array([int(r[3] * _TENTHS) for r in rows], dtype=np.int64),
        holds_cases=np.array([r[2] in CASE_HOLDING_ROLES for r in rows], dtype=bool),
        in_post=in_post,
        newly_qualified=newly_qualified,
    )


def _schemes_by_week(
    organisation: Organisation, mondays: list[date]
) -> tuple[dict[str, list[WeightingScheme | None]], list[WeightingScheme]]:
    """For each service area, the scheme in force on each Monday (None before the first)."""
    schemes = list(
        WeightingScheme.objects.filter(
            organisation=organisation, effective_from__lte=mondays[-1]
        ).order_by("effective_from", "pk")
    )
    by_area: dict[str, list[WeightingScheme | None]] = {}
    for area in Team.ServiceArea.values:
        versions = [s for s in schemes if s.service_area == area]
        in_force: list[WeightingScheme | None] = []
        for monday in mondays:
            current = None
            for scheme in versions:
                if scheme.effective_from <= monday:
                    current = scheme
            in_force.append(current)
        by_area[area] = in_force
    return by_area, schemes


def _loads(
    organisation: Organisation, mondays: list[date], *, today: date
) -> Iterator[tuple[date, WorkerLoad]]:
    """Every (Monday, load) for the organisation, computed from its history at once."""
    weeks = np.array([m.toordinal() for m in mondays], dtype=np.int64)
    n_weeks = len(mondays)
    people = _people(organisation, mondays, weeks)
    if not people.ids:
        return
    n_people = len(people.ids)
    row_of = {pk: i for i, pk in enumerate(people.ids)}
    schemes_at, schemes = _schemes_by_week(organisation, mondays)
    tables = weight_tables(schemes)

    # Allocations with their cases, one query.
    first, last = mondays[0], mondays[-1]
    spells = list(
        Allocation.objects.filter(
            organisation=organisation, starts_on__lte=last, case__opened_on__lte=last
        )
        .exclude(ends_on__lte=first)
        .exclude(case__closed_on__lte=first)
        .values_list(
            "worker_id",
            "starts_on",
            "ends_on",
            "case__case_type_id",
            "case__tier",
            "case__status",
            "case__opened_on",
            "case__closed_on",
            "case__last_contact_on",
        )
    )
    spells = [s for s in spells if s[0] in row_of]
    this_week = monday_of(today).toordinal()
    rows = np.array([row_of[s[0]] for s in spells], dtype=np.int64)
    lo = np.maximum(
        _ordinals([s[1] for s in spells], missing=0), _ordinals([s[6] for s in spells], missing=0)
    )
    hi = np.minimum(
        _ordinals([s[2] for s in spells], missing=_NEVER),
        _ordinals([s[7] for s in spells], missing=_NEVER),
    )
    for i, (_, _, _, _, _, status, opened_on, closed_on, last_contact_on) in enumerate(spells):
        if status == Case.Status.CLOSED and closed_on is None:
            hi[i] = lo[i]  # closed, but nobody knows when: never counted
        elif status == Case.Status.DORMANT:
            quiet_from = (last_contact_on or opened_on) + timedelta(
                days=settings.SAFEWORKLOAD_DORMANT_DAYS
            )
            hi[i] = min(hi[i], quiet_from.toordinal(), this_week)
    a, b = _covered(weeks, lo, hi)
    shape = (n_people, n_weeks)
    cases = _range_sums(rows, a, b, np.ones(len(spells)), shape)

    # Points and unweighted cases, one pass per scheme version over its own weeks.
    keys = [(s[3], s[4]) for s in spells]
    areas = np.array(people.areas, dtype=object)
    spell_area = areas[rows] if len(spells) else np.array([], dtype=object)
    points_cents = np.zeros(shape, dtype=np.int64)
    unweighted = np.zeros(shape, dtype=np.int64)
    for scheme in schemes:
        in_force = [i for i, s in enumerate(schemes_at[scheme.service_area]) if s is scheme]
        if not in_force:
            continue
        wa, wb = in_force[0], in_force[-1] + 1  # versions in force cover consecutive weeks
        mine = spell_area == scheme.service_area
        sa, sb = np.clip(a, wa, wb), np.clip(b, wa, wb)
        if scheme.mode == WeightingScheme.Mode.COUNT:
            cents = np.full(len(spells), _CENTS, dtype=np.float64)
            missing = np.zeros(len(spells))
        else:
            table = tables[scheme.pk]
            weight = [table.get(key) for key in keys]
            cents = np.array([int(w * _CENTS) if w is not None else 0 for w in weight], float)
            missing = np.array([w is None for w in weight], dtype=np.float64)
        points_cents += _range_sums(rows[mine], sa[mine], sb[mine], cents[mine], shape)
        unweighted += _range_sums(rows[mine], sa[mine], sb[mine], missing[mine], shape)

    # Reductions in force, in tenths of an hour.
    reductions = [
        r
        for r in Reduction.objects.filter(
            organisation=organisation, starts_on__lte=last, expires_on__gte=first
        ).values_list("person_id", "starts_on", "expires_on", "hours_per_week")
        if r[0] in row_of
    ]
    r_a, r_b = _covered(
        weeks,
        _ordinals([r[1] for r in reductions], missing=0),
        _ordinals([r[2] for r in reductions], missing=0) + 1,
    )
    reduced_tenths = _range_sums(
        np.array([row_of[r[0]] for r in reductions], dtype=np.int64),
        r_a,
        r_b,
        np.array([float(r[3] * _TENTHS) for r in reductions]),
        shape,
    )

    yield from _assemble(
        people, mondays, schemes_at, cases, points_cents, unweighted, reduced_tenths
    )


def _assemble(
    people: _People,
    mondays: list[date],
    schemes_at: dict[str, list[WeightingScheme | None]],
    cases: np.ndarray,
    points_cents: np.ndarray,
    unweighted: np.ndarray,
    reduced_tenths: np.ndarray,
) -> Iterator[tuple[date, WorkerLoad]]:
    """Turn the per-(person, week) sums into loads, by the rules in calc.

    Many rows share the same inputs, so each rule's answer is remembered."""
    available_memo: dict[tuple[int, int, int], int] = {}
    percent_memo: dict[tuple[int, int], Decimal] = {}
    band_memo: dict[tuple[int, Decimal], str] = {}
    wanted = people.in_post & ((cases > 0) | people.holds_cases[:, None])
    for p, w in zip(*np.nonzero(wanted), strict=True):
        scheme = schemes_at[people.areas[p]][w]
        if scheme is None:
            continue
        held = int(cases[p, w])
        fixed_cents = int(fixed_points(scheme) * _CENTS)
        total_cents = fixed_cents + int(points_cents[p, w])
        key = (scheme.pk, int(people.hours_tenths[p]), int(reduced_tenths[p, w]))
        available = available_memo.get(key)
        if available is None:
            available = available_points(
                nominal_target=scheme.nominal_target,
                contracted_hours=Decimal(key[1]) * _TENTH,
                reduction_hours=Decimal(key[2]) * _TENTH,
                default_hours=scheme.default_hours,
            )
            available_memo[key] = available
        points = Decimal(total_cents) * _HUNDREDTH
        percent = percent_memo.get((total_cents, available))
        if percent is None:
            percent = capacity_percent(points=points, available_points=available)
            percent_memo[(total_cents, available)] = percent
        if available == 0 and held > 0:
            shown_band = RED
        else:
            shown_band = band_memo.get((scheme.pk, percent), "")
            if not shown_band:
                shown_band = band_memo[(scheme.pk, percent)] = scheme_band(scheme, percent)
        yield (
            mondays[w],
            WorkerLoad(
                person_id=people.ids[p],
                cases=held,
                points=points,
                available_points=available,
                percent=percent,
                band=shown_band,
                ceiling_percent=(
                    int(scheme.newly_qualified_ceiling_percent)
                    if people.newly_qualified[p, w]
                    else FULL_CEILING_PERCENT
                ),
                unweighted_cases=int(unweighted[p, w]),
            ),
        )


def weekly_loads(
    *, organisation: Organisation, weeks: list[date], today: date | None = None
) -> dict[date, dict[int, WorkerLoad]]:
    """Each week's loads by person id, as the snapshots record them (for checks and tests)."""
    mondays = sorted({monday_of(w) for w in weeks})
    result: dict[date, dict[int, WorkerLoad]] = {m: {} for m in mondays}
    if mondays:
        for monday, load in _loads(organisation, mondays, today=today or timezone.localdate()):
            result[monday][load.person_id] = load
    return result


# ---------------------------------------------------------------------------
# Services


def snapshots_compute(
    *,
    organisation: Organisation,
    weeks: list[date],
    today: date | None = None,
    actor: Actor = None,
) -> int:
    """Write the CapacitySnapshot rows of the organisation for the weeks given
    (each moved to its Monday), replacing any already there. Returns the rows written."""
    mondays = sorted({monday_of(w) for w in weeks})
    if not mondays:
        return 0
    rows = [
        (
            organisation.pk,
            load.person_id,
            monday,
            load.cases,
            load.points,
            load.available_points,
            load.percent,
            load.band,
        )
        for monday, load in _loads(organisation, mondays, today=today or timezone.localdate())
    ]
    with transaction.atomic():
        stale = CapacitySnapshot.objects.filter(organisation=organisation)
        if len(mondays) > 1 and mondays == mondays_between(mondays[0], mondays[-1]):
            stale = stale.filter(week_start__range=(mondays[0], mondays[-1]))
        else:
            stale = stale.filter(week_start__in=mondays)
        stale.delete()
        rows_insert(CapacitySnapshot, _SNAPSHOT_FIELDS, rows)
        audit_record(
            organisation=organisation,
            actor=actor,
            action="caseloads.snapshots_computed",
            data=_audit_data(mondays, len(rows)),
            system_label="capacity snapshots",
        )
    return len(rows)


_SNAPSHOT_FIELDS = (
    "organisation",
    "person",
    "week_start",
    "cases",
    "points",
    "available_points",
    "percent",
    "band",
)
_BATCH = 5000


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ValueError(f"{name} is not a column of {model.__name__}.")
    return field.column


def rows_insert(model: type[Model], fields: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain rows with executemany through Django's connection.

    bulk_create builds and prepares a model instance for every row, which for a
    backfill of a hundred thousand rows is most of the time taken. The rows
    given here must already be clean database values (ints, dates, Decimals,
    strings) in the order of ``fields``; foreign keys are given as ids.
    """
    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(_column(model, f)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(meta.db_table)
    # Names come from the model and values go as parameters, so nothing is injected.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(sql, rows[start : start + _BATCH])


def _audit_data(mondays: list[date], rows: int) -> dict[str, Any]:
    return {
        "first_week": mondays[0].isoformat(),
        "last_week": mondays[-1].isoformat(),
        "weeks": len(mondays),
        "rows": rows,
    }


def snapshot_week(
    *,
    organisation: Organisation,
    week_start: date,
    today: date | None = None,
    actor: Actor = None,
) -> int:
    """The scheduled weekly run: one week's snapshots (the week containing ``week_start``)."""
    return snapshots_compute(
        organisation=organisation, weeks=[week_start], today=today, actor=actor
    )


def snapshots_backfill(
    *, organisation: Organisation, today: date | None = None, actor: Actor = None
) -> int:
    """Every week from the first allocation's to the current one."""
    today = today or timezone.localdate()
    first = (
        Allocation.objects.filter(organisation=organisation)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    if first is None or first > today:
        return 0
    return snapshots_compute(
        organisation=organisation,
        weeks=mondays_between(first, today),
        today=today,
        actor=actor,
    )
