"""Writes to the regional pool: registration, checks, availability and rate cards.

Pool records belong to a region, not to an employer, and the audit log is an
organisation's chain, so these changes are not written to any employer's log;
each record keeps who made it (``verified_by``, the worker's own sign-in).
"""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from safeworkload.audit.services import Actor, signed_in_user
from safeworkload.bank.models import Availability, BankWorker, Check, RateCard
from safeworkload.organisations.models import Region, RegionalMembership
from safeworkload.organisations.roles import RegionalRole

User = get_user_model()


class PoolError(Exception):
    """A change the pool's rules refuse; the message is shown to the user."""


@transaction.atomic
def worker_register(*, region: Region, actor: Actor, email: str, **fields: Any) -> BankWorker:
    """Register a worker once for the region and give them a sign-in.

    The sign-in has no password, as with every sign-in the service creates:
    the worker sets one through the organisation's single sign-on or password
    reset. An existing user (a council employee, say) keeps theirs.
    """
    email = email.strip().lower()
    if BankWorker.objects.filter(region=region, email__iexact=email).exists():
        raise PoolError(f"{email} is already registered in the {region.name} pool")
    user = User.objects.filter(username__iexact=email).first()
    if user is None:
        user = User(username=email, email=email)
        user.set_unusable_password()
        user.save()
    elif BankWorker.objects.filter(user=user).exists():
        raise PoolError(f"{email} is already registered in another region's pool")
    worker = BankWorker(region=region, email=email, user=user, **fields)
    worker.full_clean()
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:  # a registration made at the same moment
        raise PoolError(f"{email} is already registered in the {region.name} pool") from None
    RegionalMembership.objects.get_or_create(
        user=user, region=region, role=RegionalRole.BANK_WORKER
    )
    return worker


@transaction.atomic
def check_record(
    *,
    worker: BankWorker,
    actor: Actor,
    kind: str,
    verified_on: date,
    expires_on: date | None = None,
    reference: str = "",
) -> Check:
    """Record a check once for the region; the acting user is who verified it."""
    if expires_on is not None and expires_on < verified_on:
        raise PoolError("The expiry date must be on or after the date it was verified")
    check = Check(
        worker=worker,
        kind=kind,
        reference=reference,
        verified_by=signed_in_user(actor),
        verified_on=verified_on,
        expires_on=expires_on,
    )
    check.full_clean()
    check.save()
    return check


@transaction.atomic
def availability_set(
    *,
    worker: BankWorker,
    start: date,
    end: date,
    free: set[date],
    max_travel_miles: int,
    max_days_per_week: int,
) -> tuple[int, int]:
    """Replace the worker's free days between ``start`` and ``end`` with ``free``;
    return how many days were added and removed. Days outside the window stay."""
    wanted = {d for d in free if start <= d <= end}
    have = set(
        Availability.objects.filter(worker=worker, day__gte=start, day__lte=end).values_list(
            "day", flat=True
        )
    )
    removed = have - wanted
    Availability.objects.filter(worker=worker, day__in=removed).delete()
    Availability.objects.bulk_create(
        [Availability(worker=worker, day=d) for d in sorted(wanted - have)]
    )
    worker.max_travel_miles = max_travel_miles
    worker.max_days_per_week = max_days_per_week
    worker.full_clean()
    worker.save(update_fields=["max_travel_miles", "max_days_per_week"])
    return len(wanted - have), len(removed)


@transaction.atomic
def rate_card_save(
    *, region: Region, actor: Actor, card: RateCard | None = None, **fields: Any
) -> RateCard:
    """Create a rate card, or change one; a new rate from a later date is a new card,
    so the rates earlier requests were made under stay as they were."""
    if fields["cap_pence_per_hour"] < fields["base_pence_per_hour"]:
        raise PoolError("The cap must be at least the base rate")
    card = card or RateCard(region=region)
    for name, value in fields.items():
        setattr(card, name, value)
    clash = RateCard.objects.filter(
        region=region,
        job_role=card.job_role,
        grade=card.grade,
        effective_from=card.effective_from,
    ).exclude(pk=card.pk)
    if clash.exists():
        raise PoolError("There is already a rate for this role and grade from that date")
    card.full_clean(validate_constraints=False)
    card.save()
    return card
