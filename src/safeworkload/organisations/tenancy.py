"""Who the request is acting for, resolved once per request.

A signed-in user acts either for one organisation (through its memberships
there) or for a region (through a regional membership); the choice is kept in
the session and changed with the switcher. An API request acts for the
organisation its token belongs to. Everything a request may see follows from
the ``Tenancy`` built here, and the database scope is set from it.
"""

import hashlib
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import timezone
from django_scopes import scopes_disabled

from safeworkload.organisations.models import (
    ApiToken,
    Membership,
    Organisation,
    Person,
    Region,
    RegionalMembership,
)
from safeworkload.organisations.roles import permissions_for

SESSION_KEY = "acting_for"


@dataclass(frozen=True)
class Context:
    """Something a user can act for: ``org:<id>`` or ``region:<id>``."""

    key: str
    label: str


@dataclass(frozen=True)
class Tenancy:
    organisation: Organisation | None = None
    region: Region | None = None
    region_organisation_ids: tuple[int, ...] = ()
    roles: frozenset[str] = frozenset()
    permissions: frozenset[str] = frozenset()
    person: Person | None = None
    api_token: ApiToken | None = None
    contexts: tuple[Context, ...] = field(default_factory=tuple)
    current_key: str = ""

    @property
    def scope(self) -> int | list[int]:
        """The value for django-scopes: one organisation, a region's, or none at all."""
        if self.organisation is not None:
            return self.organisation.pk
        return list(self.region_organisation_ids)

    def has(self, permission: str) -> bool:
        return permission in self.permissions

    def context_items(self) -> list[dict[str, object]]:
        """The switcher's choices, as govukSelect items."""
        return [
            {"value": c.key, "text": c.label, "selected": c.key == self.current_key}
            for c in self.contexts
        ]


NO_TENANCY = Tenancy()


class TenantRequest(HttpRequest):
    """A request after TenancyMiddleware: what views receive."""

    tenancy: Tenancy


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def tenancy_for_api_key(key: str) -> Tenancy:
    with scopes_disabled():
        token = (
            ApiToken.objects.select_related("organisation")
            .filter(key_hash=hash_api_key(key), revoked_at__isnull=True)
            .first()
        )
        if token is None:
            return NO_TENANCY
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return Tenancy(organisation=token.organisation, api_token=token)


def tenancy_for_user(request: HttpRequest) -> Tenancy:
    user = request.user
    if not user.is_authenticated:
        return NO_TENANCY
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(user=user).select_related("organisation", "person")
        )
        regional = list(RegionalMembership.objects.filter(user=user).select_related("region"))
    contexts = _contexts(memberships, regional)
    if not contexts:
        return NO_TENANCY
    wanted = request.session.get(SESSION_KEY)
    current = next((c for c in contexts if c.key == wanted), contexts[0])
    kind, _, raw_id = current.key.partition(":")
    if kind == "org":
        return _organisation_tenancy(int(raw_id), memberships, contexts, current.key)
    return _region_tenancy(int(raw_id), regional, contexts, current.key)


def _contexts(
    memberships: list[Membership], regional: list[RegionalMembership]
) -> tuple[Context, ...]:
    seen: dict[str, Context] = {}
    for m in sorted(memberships, key=lambda m: m.organisation.name):
        seen.setdefault(
            f"org:{m.organisation_id}", Context(f"org:{m.organisation_id}", m.organisation.name)
        )
    for r in regional:
        seen.setdefault(
            f"region:{r.region_id}", Context(f"region:{r.region_id}", f"{r.region.name} (region)")
        )
    return tuple(seen.values())


def _organisation_tenancy(
    organisation_id: int, memberships: list[Membership], contexts: tuple[Context, ...], key: str
) -> Tenancy:
    mine = [m for m in memberships if m.organisation_id == organisation_id]
    roles = frozenset(m.role for m in mine)
    person = next((m.person for m in mine if m.person is not None), None)
    return Tenancy(
        organisation=mine[0].organisation,
        roles=roles,
        permissions=permissions_for(set(roles)),
        person=person,
        contexts=contexts,
        current_key=key,
    )


def _region_tenancy(
    region_id: int, regional: list[RegionalMembership], contexts: tuple[Context, ...], key: str
) -> Tenancy:
    mine = [r for r in regional if r.region_id == region_id]
    roles = frozenset(r.role for r in mine)
    organisation_ids = tuple(
        Organisation.objects.filter(region_id=region_id).values_list("pk", flat=True)
    )
    return Tenancy(
        region=mine[0].region,
        region_organisation_ids=organisation_ids,
        roles=roles,
        permissions=permissions_for(set(roles)),
        contexts=contexts,
        current_key=key,
    )
