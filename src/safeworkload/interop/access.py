"""The one way a view reaches a staff import by its identifier.

As in organisations.access: an import of another organisation gets 404, the
same answer as one that does not exist; a role of this organisation that may
not import gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from safeworkload.interop.models import StaffImport
from safeworkload.organisations.access import organisation_of, tenancy_of


def staff_import_for_request(request: HttpRequest, pk: int) -> StaffImport:
    imports = StaffImport.objects.filter(organisation=organisation_of(request))
    staff_import: StaffImport = get_object_or_404(imports, pk=pk)
    if not tenancy_of(request).has("can_import_staff"):
        raise PermissionDenied
    return staff_import
