"""Agreeing a case's tier, and recording absences.

A tier changes only when the worker who holds the case and a manager (the
manager of the case's team, or a lead) have both agreed it. Either side
proposes a tier with a reason; the other side agrees; only then does the case
move to the new tier. A new proposal replaces one still waiting. Whoever
proposed cannot also agree for the other side, even if they could take it.

The reason is kept on the ``TierAgreement`` row, never in the audit log,
which cannot be erased. The proposal is audited as ``case.tier_proposed`` and
the agreed change as ``case.tier_agreed``, with the case reference and the
old and new tier only.

Absences: a spell of leave, sickness or training, from its first to its last
day. While it lasts the allocation guard gives the person no new work. Its
note is never written to the audit log, nor is the kind of absence (sickness
is health information, and the log cannot be erased).
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.caseloads.models import Case, TierAgreement
from safeworkload.caseloads.selectors.cases import MANAGER, PROPOSED, SIDE_NAMES, WORKER, Side
from safeworkload.organisations.models import Absence, Person

AGREED = "case.tier_agreed"
ENDS_BEFORE_STARTS = "The last day of the absence must be the same as or after the first day"


class TierRefused(Exception):
    """A proposal or an agreement refused; ``field`` names the form field, or ""."""

    def __init__(self, message: str, *, field: str = "") -> None:
        self.field = field
        super().__init__(message)


class AbsenceRefused(Exception):
    def __init__(self, message: str, *, field: str = "") -> None:
        self.field = field
        super().__init__(message)


def _lock(case: Case) -> None:
    list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk"))
    case.refresh_from_db(fields=["tier", "status", "worker"])


def _pending(case: Case) -> list[TierAgreement]:
    return [
        a
        for a in TierAgreement.objects.select_for_update().filter(case=case)
        if a.worker_agreed_at is None or a.manager_agreed_at is None
    ]


@transaction.atomic
def tier_propose(*, case: Case, tier: int, reason: str, side: Side, actor: Actor) -> TierAgreement:
    """Propose a new tier for the case, agreed already by the proposer's side.

    Replaces any proposal still waiting. Raises TierRefused for a closed case,
    the tier the case has now, or no reason.
    """
    _lock(case)
    reason = reason.strip()
    if case.status == Case.Status.CLOSED:
        raise TierRefused(f"Case {case.reference} is closed")
    if tier == case.tier:
        raise TierRefused(f"Case {case.reference} is tier {tier} already", field="tier")
    if not reason:
        raise TierRefused("Enter the reason for the new tier", field="reason")
    replaced = _pending(case)
    for old in replaced:
        old.delete()
    now = timezone.now()
    agreement = TierAgreement(
        case=case,
        tier=tier,
        reason=reason,
        changed_by=signed_in_user(actor),
        worker_agreed_at=now if side == WORKER else None,
        manager_agreed_at=now if side == MANAGER else None,
    )
    agreement.full_clean()
    agreement.save()
    audit_record(
        organisation=case.organisation,
        actor=actor,
        action=PROPOSED,
        target=agreement,
        data={
            "case": case.reference,
            "from_tier": case.tier,
            "to_tier": tier,
            "side": side,
            "replaced_pending": bool(replaced),
        },
    )
    return agreement


@transaction.atomic
def tier_agree(*, agreement: TierAgreement, side: Side, actor: Actor) -> Case:
    """Agree a proposed tier for ``side``; with both sides agreed, the case takes it.

    Raises TierRefused if the proposal was replaced or agreed already, if that
    side has agreed already, or if the one agreeing is the one who proposed.
    """
    case = agreement.case
    _lock(case)
    current = TierAgreement.objects.select_for_update().filter(pk=agreement.pk, case=case).first()
    if current is None or (
        current.worker_agreed_at is not None and current.manager_agreed_at is not None
    ):
        raise TierRefused("That proposal has been replaced or agreed already")
    if case.status == Case.Status.CLOSED:
        raise TierRefused(f"Case {case.reference} is closed")
    waiting: Side = WORKER if current.worker_agreed_at is None else MANAGER
    user = signed_in_user(actor)
    if user is not None and current.changed_by_id == user.pk:
        raise TierRefused(
            f"You proposed tier {current.tier}: {SIDE_NAMES[waiting]} must agree it, not you"
        )
    if side != waiting:
        raise TierRefused(
            f"{SIDE_NAMES[side].capitalize()} has agreed tier {current.tier} already: "
            f"{SIDE_NAMES[waiting]} must agree it"
        )
    now = timezone.now()
    if waiting == WORKER:
        current.worker_agreed_at = now
    else:
        current.manager_agreed_at = now
    current.save(update_fields=["worker_agreed_at", "manager_agreed_at"])
    before = case.tier
    case.tier = current.tier
    case.save(update_fields=["tier"])
    audit_record(
        organisation=case.organisation,
        actor=actor,
        action=AGREED,
        target=case,
        data={"case": case.reference, "from_tier": before, "to_tier": current.tier},
    )
    return case


# ---------------------------------------------------------------------------
# Absences


def _absence_data(absence: Absence) -> dict[str, object]:
    return {
        "person": absence.person.staff_number,
        "starts_on": absence.starts_on.isoformat(),
        "ends_on": absence.ends_on.isoformat(),
    }


@transaction.atomic
def absence_record(
    *,
    person: Person,
    actor: Actor,
    kind: str,
    starts_on: date,
    ends_on: date,
    note: str = "",
) -> Absence:
    """Record a spell away from work, from its first to its last day."""
    if ends_on < starts_on:
        raise AbsenceRefused(ENDS_BEFORE_STARTS, field="ends_on")
    absence = Absence(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
        created_by=signed_in_user(actor),
    )
    absence.full_clean()
    absence.save()
    audit_record(
        organisation=person.organisation,
        actor=actor,
        action="absence.recorded",
        target=absence,
        data=_absence_data(absence),
    )
    return absence


@transaction.atomic
def absence_end(*, absence: Absence, actor: Actor, on: date) -> Absence | None:
    """End an absence because the person is back on ``on``.

    An absence under way ends the day before; one that has not started yet (or
    starts that day) is cancelled and returns None. One already over is refused.
    """
    if absence.ends_on < on:
        raise AbsenceRefused("This absence is over already")
    cancelled = absence.starts_on >= on
    if not cancelled:
        absence.ends_on = on - timedelta(days=1)
        absence.save(update_fields=["ends_on"])
    audit_record(
        organisation=absence.person.organisation,
        actor=actor,
        action="absence.ended",
        target=absence,
        data={**_absence_data(absence), "cancelled": cancelled},
    )
    if cancelled:
        absence.delete()
        return None
    return absence
