"""Every change to organisations, teams, people, memberships and API tokens.

Each service validates with ``full_clean`` and writes one audit entry in the
same transaction, so a change and its record stand or fall together.
"""

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.organisations.models import ApiToken, Membership, Organisation, Person, Team
from safeworkload.organisations.tenancy import hash_api_key

User = get_user_model()


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[str]]:
    return {
        name: [str(before.get(name)), str(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _save(instance: Any, *, actor: Actor, action: str) -> dict[str, Any]:
    before = model_to_dict(type(instance).objects.get(pk=instance.pk)) if instance.pk else {}
    instance.full_clean()
    instance.save()
    changes = _changes(before, model_to_dict(instance))
    changes.pop("id", None)
    if changes:
        audit_record(
            organisation=instance.organisation,
            actor=actor,
            action=action,
            target=instance,
            data={"changed": sorted(changes)},
        )
    return changes


@transaction.atomic
def team_create(*, organisation: Organisation, actor: Actor, **fields: Any) -> Team:
    team = Team(organisation=organisation, **fields)
    _save(team, actor=actor, action="team.created")
    return team


@transaction.atomic
def team_update(*, team: Team, actor: Actor, **fields: Any) -> Team:
    for name, value in fields.items():
        setattr(team, name, value)
    _save(team, actor=actor, action="team.updated")
    return team


@transaction.atomic
def person_create(*, organisation: Organisation, actor: Actor, **fields: Any) -> Person:
    person = Person(organisation=organisation, **fields)
    _save(person, actor=actor, action="person.created")
    return person


@transaction.atomic
def person_update(*, person: Person, actor: Actor, **fields: Any) -> dict[str, Any]:
    """Apply the fields that differ; return what changed (empty when nothing did)."""
    for name, value in fields.items():
        setattr(person, name, value)
    return _save(person, actor=actor, action="person.updated")


@transaction.atomic
def membership_create(
    *,
    organisation: Organisation,
    actor: Actor,
    email: str,
    role: str,
    person: Person | None = None,
    password: str | None = None,
) -> Membership:
    """Give a user a role in the organisation, creating the user's sign-in if needed."""
    user = User.objects.filter(username__iexact=email).first()
    if user is None:
        user = User(username=email.lower(), email=email.lower())
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"person": person}
    )
    if created:
        audit_record(
            organisation=organisation,
            actor=actor,
            action="membership.created",
            target=membership,
            data={"user": user.get_username(), "role": role},
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: Actor) -> None:
    audit_record(
        organisation=membership.organisation,
        actor=actor,
        action="membership.removed",
        target=membership,
        data={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def api_token_create(
    *, organisation: Organisation, actor: Actor, name: str, access: str
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is shown once and never stored."""
    key = "swl_" + secrets.token_urlsafe(32)
    token = ApiToken(
        organisation=organisation,
        name=name,
        access=access,
        prefix=key[:10],
        key_hash=hash_api_key(key),
        created_by=signed_in_user(actor),
    )
    token.full_clean()
    token.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="api_token.created",
        target=token,
        data={"name": name, "access": access},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        organisation=token.organisation,
        actor=actor,
        action="api_token.revoked",
        target=token,
        data={"name": token.name},
    )
