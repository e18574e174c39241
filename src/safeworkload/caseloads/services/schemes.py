"""Every change to an organisation's caseload standard.

Case types, versions of the weighting scheme and their weights, the
escalation ladder and workers' reductions. The LGA's Standard 3 asks each
employer to set its own safe levels, agreed with practitioners, and
reference/01 §3 asks for weights and thresholds versioned with effective
dates (as HMPPS ``workload_points``).

History is never rewritten. A version of a scheme in force on or before
today weighed past weeks' snapshots, so it cannot be changed; a change to
the standard is a new version from a future date, which starts as a copy of
the latest version (settings and every weight). A reduction can be ended
early, but not before today.

Each service validates with ``full_clean`` and writes one audit entry in
the same transaction, naming the fields that changed (never their values).
"""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.forms.models import model_to_dict
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.caseloads.models import (
    CaseType,
    CaseWeight,
    EscalationLevel,
    Reduction,
    WeightingScheme,
)
from safeworkload.organisations.models import Organisation, Person

TIERS = (1, 2, 3)

# The settings a version carries, copied to the next version and changed
# through ``scheme_update``.
SCHEME_SETTINGS = (
    "name",
    "mode",
    "profile",
    "nominal_target",
    "default_hours",
    "fixed_points",
    "newly_qualified_ceiling_percent",
    "responsive_uplift_percent",
    "green_from_percent",
    "amber_from_percent",
    "red_from_percent",
)


class SchemeError(Exception):
    """A change the standard does not allow; the message is for the user."""


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(
        name for name, value in after.items() if name != "id" and before.get(name) != value
    )


def _save(instance: Any, *, actor: Actor, action: str, organisation: Organisation) -> list[str]:
    """Validate and save; record the changed field names. Returns them (empty: nothing changed)."""
    before = model_to_dict(type(instance).objects.get(pk=instance.pk)) if instance.pk else {}
    instance.full_clean()
    changed = _changed(before, model_to_dict(instance))
    if instance.pk and not changed:
        return []
    instance.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action=action,
        target=instance,
        data={"changed": changed},
    )
    return changed


def _today(on: date | None) -> date:
    return on if on is not None else timezone.localdate()


# ---------------------------------------------------------------------------
# Case types


@transaction.atomic
def case_type_create(
    *,
    organisation: Organisation,
    actor: Actor,
    service_area: str,
    name: str,
    code: str,
    reserved: bool,
) -> CaseType:
    case_type = CaseType(
        organisation=organisation,
        service_area=service_area,
        name=name,
        code=code,
        reserved=reserved,
    )
    _save(case_type, actor=actor, action="case_type.created", organisation=organisation)
    return case_type


@transaction.atomic
def case_type_update(
    *, case_type: CaseType, actor: Actor, name: str, code: str, reserved: bool
) -> list[str]:
    """Change a case type's name, code or reservation. Its service area stays:
    its weights and cases belong to that area's scheme."""
    case_type.name, case_type.code, case_type.reserved = name, code, reserved
    return _save(
        case_type, actor=actor, action="case_type.updated", organisation=case_type.organisation
    )


# ---------------------------------------------------------------------------
# Weighting scheme versions


def is_editable(scheme: WeightingScheme, *, on: date | None = None) -> bool:
    """Only a version that has not yet come into force may change."""
    return scheme.effective_from > _today(on)


def earliest_new_version(
    *, organisation: Organisation, service_area: str, on: date | None = None
) -> date:
    """The first day a new version may start: after today and after the latest version."""
    latest = (
        WeightingScheme.objects.filter(organisation=organisation, service_area=service_area)
        .aggregate(latest=Max("effective_from"))
        .get("latest")
    )
    floor = _today(on)
    if latest is not None and latest > floor:
        floor = latest
    return floor + timedelta(days=1)


@transaction.atomic
def scheme_version_create(
    *,
    organisation: Organisation,
    actor: Actor,
    service_area: str,
    effective_from: date,
    name: str,
    on: date | None = None,
) -> WeightingScheme:
    """A new version from ``effective_from``: a copy of the latest version,
    settings and every weight, or the model's defaults for the first version.

    The date must be after today (so the version can be set up before it
    weighs anything) and after the latest version's date.
    """
    earliest = earliest_new_version(organisation=organisation, service_area=service_area, on=on)
    if effective_from < earliest:
        raise SchemeError(
            f"The date it takes effect must be on or after {earliest:%-d %B %Y}: after today "
            "and after the latest version"
        )
    source = (
        WeightingScheme.objects.filter(organisation=organisation, service_area=service_area)
        .order_by("-effective_from")
        .first()
    )
    settings = {k: getattr(source, k) for k in SCHEME_SETTINGS} if source is not None else {}
    scheme = WeightingScheme(
        organisation=organisation,
        service_area=service_area,
        effective_from=effective_from,
        created_by=signed_in_user(actor),
        **{**settings, "name": name},
    )
    scheme.full_clean()
    scheme.save()
    if source is not None:
        CaseWeight.objects.bulk_create(
            CaseWeight(scheme=scheme, case_type_id=w.case_type_id, tier=w.tier, points=w.points)
            for w in source.weights.all()
        )
    changed = ["effective_from", "name", "service_area"]
    data: dict[str, Any] = {"changed": changed}
    if source is not None:
        data.update(copied_from=source.pk, weights=source.weights.count())
    audit_record(
        organisation=organisation,
        actor=actor,
        action="scheme.version_created",
        target=scheme,
        data=data,
    )
    return scheme


def _refuse_if_in_force(scheme: WeightingScheme, on: date | None) -> None:
    if not is_editable(scheme, on=on):
        raise SchemeError(
            f"This version has been in force since {scheme.effective_from:%-d %B %Y}, so it "
            "cannot be changed. Create a new version instead."
        )


@transaction.atomic
def scheme_update(
    *,
    scheme: WeightingScheme,
    actor: Actor,
    name: str,
    mode: str,
    profile: str,
    nominal_target: int,
    default_hours: Decimal,
    fixed_points: Decimal,
    newly_qualified_ceiling_percent: int,
    responsive_uplift_percent: Decimal,
    green_from_percent: Decimal | None,
    amber_from_percent: Decimal | None,
    red_from_percent: Decimal | None,
    on: date | None = None,
) -> list[str]:
    """Change a future version's settings; return the names of the fields that changed."""
    _refuse_if_in_force(scheme, on)
    values = {
        "name": name,
        "mode": mode,
        "profile": profile,
        "nominal_target": nominal_target,
        "default_hours": default_hours,
        "fixed_points": fixed_points,
        "newly_qualified_ceiling_percent": newly_qualified_ceiling_percent,
        "responsive_uplift_percent": responsive_uplift_percent,
        "green_from_percent": green_from_percent,
        "amber_from_percent": amber_from_percent,
        "red_from_percent": red_from_percent,
    }
    for field_name, value in values.items():
        setattr(scheme, field_name, value)
    return _save(scheme, actor=actor, action="scheme.updated", organisation=scheme.organisation)


WeightKey = tuple[int, int]  # (case type id, tier)


@transaction.atomic
def scheme_weights_update(
    *,
    scheme: WeightingScheme,
    actor: Actor,
    points: Mapping[WeightKey, Decimal],
    on: date | None = None,
) -> list[str]:
    """Set a future version's points for each (case type, tier) given.

    Returns the cells that changed as "code tier N", which is also what the
    audit entry records.
    """
    _refuse_if_in_force(scheme, on)
    types = {
        t.pk: t
        for t in CaseType.objects.filter(
            organisation=scheme.organisation, service_area=scheme.service_area
        )
    }
    existing = {(w.case_type_id, w.tier): w for w in scheme.weights.all()}
    changed: list[str] = []
    for (type_id, tier), value in sorted(points.items()):
        if type_id not in types:
            raise SchemeError("A case type in the weights is not in this service area")
        weight = existing.get((type_id, tier))
        if weight is not None and weight.points == value:
            continue
        if weight is None:
            weight = CaseWeight(scheme=scheme, case_type=types[type_id], tier=tier)
        weight.points = value
        weight.full_clean()
        weight.save()
        changed.append(f"{types[type_id].code} tier {tier}")
    if changed:
        audit_record(
            organisation=scheme.organisation,
            actor=actor,
            action="scheme.weights_updated",
            target=scheme,
            data={"changed": changed},
        )
    return changed


# ---------------------------------------------------------------------------
# The escalation ladder


@transaction.atomic
def escalation_rung_add(
    *, organisation: Organisation, actor: Actor, title: str, days_to_act: int
) -> EscalationLevel:
    """A new rung at the top of the ladder."""
    levels = EscalationLevel.objects.select_for_update().filter(organisation=organisation)
    top = levels.aggregate(top=Max("rank"))["top"] or 0
    level = EscalationLevel(
        organisation=organisation, rank=top + 1, title=title, days_to_act=days_to_act
    )
    _save(level, actor=actor, action="escalation.rung_added", organisation=organisation)
    return level


@transaction.atomic
def escalation_rung_update(
    *, level: EscalationLevel, actor: Actor, title: str, days_to_act: int
) -> list[str]:
    level.title, level.days_to_act = title, days_to_act
    return _save(
        level, actor=actor, action="escalation.rung_updated", organisation=level.organisation
    )


@transaction.atomic
def escalation_rung_move(*, level: EscalationLevel, actor: Actor, direction: str) -> bool:
    """Move a rung one place up (towards rank 1) or down, renumbering the
    whole ladder 1, 2, 3... in one transaction. Returns False when the rung
    is already at that end.

    The ranks are unique per organisation and checked row by row, so every
    rank is first lifted clear of the final numbers, then set.
    """
    if direction not in ("up", "down"):
        raise SchemeError("Choose up or down")
    organisation = level.organisation
    rungs = list(
        EscalationLevel.objects.select_for_update()
        .filter(organisation=organisation)
        .order_by("rank", "pk")
    )
    index = next(i for i, rung in enumerate(rungs) if rung.pk == level.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rungs):
        return False
    rungs[index], rungs[other] = rungs[other], rungs[index]
    top = max(rung.rank for rung in rungs)
    EscalationLevel.objects.filter(organisation=organisation).update(rank=F("rank") + top)
    for rank, rung in enumerate(rungs, start=1):
        EscalationLevel.objects.filter(pk=rung.pk).update(rank=rank)
    moved = {rung.pk for rank, rung in enumerate(rungs, start=1) if rung.rank != rank}
    level.refresh_from_db(fields=["rank"])
    audit_record(
        organisation=organisation,
        actor=actor,
        action="escalation.rung_moved",
        target=level,
        data={"changed": ["rank"], "direction": direction, "rungs_renumbered": len(moved)},
    )
    return True


# ---------------------------------------------------------------------------
# Reductions


@transaction.atomic
def reduction_add(
    *,
    person: Person,
    actor: Actor,
    kind: str,
    hours_per_week: Decimal,
    reason: str,
    starts_on: date,
    expires_on: date,
) -> Reduction:
    """Hours a week off a worker's capacity from ``starts_on`` to ``expires_on``, both included."""
    if expires_on <= starts_on:
        raise SchemeError("The date it expires must be after the date it starts")
    if hours_per_week > person.contracted_hours:
        raise SchemeError(
            f"The hours a week cannot be more than their contracted hours "
            f"({person.contracted_hours})"
        )
    reduction = Reduction(
        organisation=person.organisation,
        person=person,
        kind=kind,
        hours_per_week=hours_per_week,
        reason=reason,
        starts_on=starts_on,
        expires_on=expires_on,
    )
    _save(reduction, actor=actor, action="reduction.added", organisation=person.organisation)
    return reduction


@transaction.atomic
def reduction_end(
    *, reduction: Reduction, actor: Actor, last_day: date, on: date | None = None
) -> list[str]:
    """End a reduction early: ``last_day`` is the last day it applies.

    Not before today, so the weeks already weighed keep the reduction they
    had; after the day it starts; and before the day it would have expired.
    """
    today = _today(on)
    if last_day < today:
        raise SchemeError("The last day it applies must be today or later")
    if last_day <= reduction.starts_on:
        raise SchemeError(
            f"The last day it applies must be after the day it starts "
            f"({reduction.starts_on:%-d %B %Y})"
        )
    if last_day >= reduction.expires_on:
        raise SchemeError(
            f"The last day it applies must be before the day it expires now "
            f"({reduction.expires_on:%-d %B %Y})"
        )
    reduction.expires_on = last_day
    return _save(
        reduction, actor=actor, action="reduction.ended", organisation=reduction.organisation
    )
