from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeworkload.organisations.decorators import permission_required


@permission_required("can_import_staff")
def staff_import_upload(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"title": "Import staff", "message": ""})
