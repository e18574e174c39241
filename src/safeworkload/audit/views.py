import csv

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeworkload.audit.selectors import audit_chain_first_break, audit_entry_list
from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.decorators import permission_required


@permission_required("can_view_audit")
def entry_list(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    entries = audit_entry_list(organisation=organisation).order_by("-sequence")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/entry_list.html",
        {
            "title": "Audit log",
            "page": page,
            "chain_break": audit_chain_first_break(organisation=organisation),
        },
    )


@permission_required("can_view_audit")
def entry_export(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{organisation.code}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "sequence",
            "occurred_at",
            "actor",
            "action",
            "object_type",
            "object_id",
            "data",
            "previous_hash",
            "row_hash",
        ]
    )
    for e in audit_entry_list(organisation=organisation).order_by("sequence").iterator():
        writer.writerow(
            [
                e.sequence,
                e.occurred_at.isoformat(),
                e.actor_label,
                e.action,
                e.object_type,
                e.object_id,
                e.data,
                e.previous_hash,
                e.row_hash,
            ]
        )
    return response
