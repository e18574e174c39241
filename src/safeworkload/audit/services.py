from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from safeworkload.audit.models import AuditEntry
from safeworkload.calc.hashchain import GENESIS, link_hash
from safeworkload.organisations.models import Organisation

Actor = AbstractBaseUser | AnonymousUser | None


def signed_in_user(actor: Actor) -> User | None:
    """The user to store against a record: None for the system or an anonymous caller."""
    if actor is None or not actor.is_authenticated:
        return None
    return cast(User, actor)


def _actor_label(actor: Actor, fallback: str) -> str:
    if actor is None or not actor.is_authenticated:
        return fallback
    return actor.get_username()


def audit_record(
    *,
    organisation: Organisation,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    system_label: str = "system",
) -> AuditEntry:
    """Append one entry to the organisation's chain.

    The organisation row is locked for the rest of the transaction so two
    writers cannot both take the same sequence number (PostgreSQL); SQLite
    serialises writers on its own.
    """
    with transaction.atomic(), scopes_disabled():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        last = (
            AuditEntry.objects.filter(organisation=organisation)
            .order_by("-sequence")
            .values_list("sequence", "row_hash")
            .first()
        )
        sequence, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        entry = AuditEntry(
            organisation=organisation,
            sequence=sequence,
            occurred_at=timezone.now(),
            actor=signed_in_user(actor),
            actor_label=_actor_label(actor, system_label),
            action=action,
            object_type=target._meta.label_lower if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            data=data or {},
            previous_hash=previous_hash,
        )
        entry.row_hash = link_hash(previous_hash, entry.hashed_fields())
        entry.save(force_insert=True)
    return entry
