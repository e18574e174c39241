"""The one way a view reaches a staff or case import by its identifier.

As in organisations.access: an import of another organisation gets 404, the
same answer as one that does not exist; a role of this organisation that may
not import gets 403.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from safeworkload.interop.models import CaseImport, CheckedImport, StaffImport
from safeworkload.organisations.access import organisation_of, tenancy_of

ImportT = TypeVar("ImportT", bound=CheckedImport)


def import_for_request(
    request: HttpRequest, model: type[ImportT], pk: int, *, permission: str
) -> ImportT:
    imports = model._default_manager.filter(organisation=organisation_of(request))
    checked: ImportT = get_object_or_404(imports, pk=pk)
    if not tenancy_of(request).has(permission):
        raise PermissionDenied
    return checked


def staff_import_for_request(request: HttpRequest, pk: int) -> StaffImport:
    return import_for_request(request, StaffImport, pk, permission="can_import_staff")


def case_import_for_request(request: HttpRequest, pk: int) -> CaseImport:
    return import_for_request(request, CaseImport, pk, permission="can_import_cases")
