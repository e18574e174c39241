"""The one way a view reaches a tenant-owned object by its identifier.

Each helper looks the object up inside the acting organisation and within
what the acting roles may see, and answers 404 otherwise: the same answer as
for an object that does not exist, so nothing leaks about other
organisations. The ``write`` variants answer 403 to a role that may look but
not change.
"""

from typing import TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from safeworkload.organisations.models import ApiToken, Membership, Organisation, Person, Team
from safeworkload.organisations.selectors import visible_people
from safeworkload.organisations.tenancy import Tenancy, TenantRequest

M = TypeVar("M", bound=Model)


def tenancy_of(request: HttpRequest) -> Tenancy:
    return cast(TenantRequest, request).tenancy


def organisation_of(request: HttpRequest) -> Organisation:
    """The organisation acted for; views behind an organisation permission always have one."""
    organisation = tenancy_of(request).organisation
    if organisation is None:
        raise Http404
    return organisation


def _in_organisation(request: HttpRequest, queryset: QuerySet[M], pk: int) -> M:
    return get_object_or_404(queryset.filter(organisation=organisation_of(request)), pk=pk)


def require_permission(request: HttpRequest, permission: str) -> None:
    """403 unless the acting roles grant ``permission``: for a view that checks it
    after finding the object, so that another organisation's object is 404 first."""
    if not tenancy_of(request).has(permission):
        raise PermissionDenied


def team_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Team:
    team = _in_organisation(request, Team.objects.all(), pk)
    require_permission(request, "can_manage_teams" if write else "can_view_teams")
    return team


def person_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Person:
    tenancy = tenancy_of(request)
    person = _in_organisation(request, visible_people(tenancy=tenancy), pk)
    if write:
        require_permission(request, "can_manage_people")
    return person


def membership_for_request(request: HttpRequest, pk: int) -> Membership:
    membership = _in_organisation(request, Membership.objects.all(), pk)
    require_permission(request, "can_manage_memberships")
    return membership


def api_token_for_request(request: HttpRequest, pk: int) -> ApiToken:
    token = _in_organisation(request, ApiToken.objects.all(), pk)
    require_permission(request, "can_manage_api_tokens")
    return token
