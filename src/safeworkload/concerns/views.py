"""Professional concerns: the practitioner's pages, the answerers' pages, the register.

Three sets of pages over the same concerns, one for each kind of reader (see
``concerns.selectors``). A practitioner's concern page is theirs alone:
anyone else, their manager and the answerers included, gets 404 there; the
answerers read it on their own pages, and the register never shows content.
"""

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.concerns import services
from safeworkload.concerns.forms import (
    ANSWER_FILTERS,
    REGISTER_FILTERS,
    ConcernAnswerForm,
    ConcernEscalateForm,
    ConcernRaiseForm,
    StatusFilterForm,
)
from safeworkload.concerns.models import Concern, Level
from safeworkload.concerns.selectors import (
    concern_register,
    concern_timeline,
    concerns_to_answer,
    my_concerns,
    register_counts,
)
from safeworkload.core.forms import posted
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required


def _in_organisation(request: HttpRequest, pk: int) -> Concern:
    concerns = Concern.objects.filter(organisation=organisation_of(request))
    return get_object_or_404(
        concerns.select_related("organisation", "raised_by", "raised_by__team"), pk=pk
    )


def own_concern_for_request(request: HttpRequest, pk: int) -> Concern:
    """A concern the acting person raised: 404 for anyone else's, as for one that
    does not exist, so a page address says nothing about whose concern it is."""
    concern = _in_organisation(request, pk)
    tenancy = tenancy_of(request)
    if not tenancy.has("can_view_own_record"):
        raise PermissionDenied
    if tenancy.person is None or concern.raised_by_id != tenancy.person.pk:
        raise Http404
    return concern


def concern_to_answer_for_request(request: HttpRequest, pk: int) -> Concern:
    concern = _in_organisation(request, pk)
    if not tenancy_of(request).has("can_answer_concerns"):
        raise PermissionDenied
    return concern


def _with_error(form: Form, error: services.ConcernError) -> Form:
    form.add_error(None, str(error))
    return form


# ---------------------------------------------------------------------------
# The practitioner's pages


@permission_required("can_view_own_record")
def my_concerns_view(request: HttpRequest) -> HttpResponse:
    tenancy = tenancy_of(request)
    person = tenancy.person
    return render(
        request,
        "concerns/mine.html",
        {
            "title": "Your professional concerns",
            "person": person,
            "concerns": list(my_concerns(person=person)) if person else [],
            "today": timezone.localdate(),
        },
    )


@permission_required("can_view_own_record")
def raise_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    person = tenancy_of(request).person
    form = ConcernRaiseForm(posted(request), organisation_kind=organisation.kind)
    if request.method == "POST" and person is not None and form.is_valid():
        try:
            concern = services.concern_raise(person=person, actor=request.user, **form.cleaned_data)
        except services.ConcernError as error:
            _with_error(form, error)
        else:
            messages.success(
                request, f"Concern raised. The answer is due by {concern.answer_due_on:%-d %B %Y}"
            )
            return redirect("concerns:detail", pk=concern.pk)
    return render(
        request,
        "concerns/raise.html",
        {
            "title": "Raise a professional concern",
            "form": form,
            "person": person,
            "due_if_raised_today": services.answer_deadline(timezone.localdate()),
        },
    )


def _detail(request: HttpRequest, concern: Concern, *, failed: Form | None = None) -> HttpResponse:
    escalate_form = (
        failed
        if isinstance(failed, ConcernEscalateForm)
        else ConcernEscalateForm(concern=concern, initial={"level": concern.level + 1})
    )
    context: dict[str, Any] = {
        "title": f"Your concern: {concern.subject}",
        "concern": concern,
        "events": concern_timeline(concern=concern),
        "escalate_form": escalate_form,
        "can_escalate": concern.status == Concern.Status.ANSWERED
        and concern.level < Level.GOVERNANCE,
        "today": timezone.localdate(),
        "localtime": timezone.localtime,
    }
    if failed is not None:
        context["form"] = failed  # the base template's error summary
    return render(request, "concerns/detail.html", context)


def concern_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, own_concern_for_request(request, pk))


@require_POST
def concern_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    concern = own_concern_for_request(request, pk)
    try:
        services.concern_close(concern=concern, actor=request.user)
    except services.ConcernError as error:
        return _detail(request, concern, failed=_with_error(Form(), error))
    messages.success(request, "Concern closed")
    return redirect("concerns:detail", pk=concern.pk)


@require_POST
def concern_escalate_view(request: HttpRequest, pk: int) -> HttpResponse:
    concern = own_concern_for_request(request, pk)
    form = ConcernEscalateForm(request.POST, concern=concern)
    if form.is_valid():
        try:
            services.concern_escalate(
                concern=concern, actor=request.user, level=form.cleaned_data["level"]
            )
        except services.ConcernError as error:
            return _detail(request, concern, failed=_with_error(form, error))
        messages.success(
            request,
            f"Concern taken to {concern.level_title.lower()}. The answer is due by "
            f"{concern.answer_due_on:%-d %B %Y}",
        )
        return redirect("concerns:detail", pk=concern.pk)
    return _detail(request, concern, failed=form)


# ---------------------------------------------------------------------------
# Answering


@permission_required("can_answer_concerns")
def answer_list_view(request: HttpRequest) -> HttpResponse:
    filters = StatusFilterForm(
        request.GET or None, choices=ANSWER_FILTERS, initial={"status": "waiting"}
    )
    status = filters.chosen(default="waiting")
    return render(
        request,
        "concerns/answer_list.html",
        {
            "title": "Concerns to answer",
            "filters": filters,
            "concerns": list(
                concerns_to_answer(organisation=organisation_of(request), status=status)
            ),
            "today": timezone.localdate(),
        },
    )


def _answer_page(
    request: HttpRequest, concern: Concern, *, failed: Form | None = None
) -> HttpResponse:
    context: dict[str, Any] = {
        "title": f"Concern {concern.pk}: {concern.subject}",
        "concern": concern,
        "events": concern_timeline(concern=concern),
        "answer_form": failed if isinstance(failed, ConcernAnswerForm) else ConcernAnswerForm(),
        "today": timezone.localdate(),
        "localtime": timezone.localtime,
    }
    if failed is not None:
        context["form"] = failed  # the base template's error summary
    return render(request, "concerns/answer_detail.html", context)


def answer_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer_page(request, concern_to_answer_for_request(request, pk))


@require_POST
def acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    concern = concern_to_answer_for_request(request, pk)
    try:
        services.concern_acknowledge(concern=concern, actor=request.user)
    except services.ConcernError as error:
        return _answer_page(request, concern, failed=_with_error(Form(), error))
    messages.success(request, "Concern acknowledged")
    return redirect("concerns:answer-detail", pk=concern.pk)


@require_POST
def answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    concern = concern_to_answer_for_request(request, pk)
    form = ConcernAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.concern_answer(
                concern=concern, actor=request.user, answer=form.cleaned_data["answer"]
            )
        except services.ConcernError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Answer recorded")
            return redirect("concerns:answer-detail", pk=concern.pk)
    return _answer_page(request, concern, failed=form)


# ---------------------------------------------------------------------------
# The register


def _register(request: HttpRequest) -> tuple[StatusFilterForm, list[Any], Any]:
    filters = StatusFilterForm(request.GET or None, choices=REGISTER_FILTERS)
    organisation = organisation_of(request)
    today = timezone.localdate()
    everything = concern_register(organisation=organisation, today=today)
    status = filters.chosen()
    rows = concern_register(organisation=organisation, today=today, status=status)
    return filters, rows, register_counts(everything)


@permission_required("can_view_concern_register")
def register_view(request: HttpRequest) -> HttpResponse:
    filters, rows, counts = _register(request)
    query = request.GET.urlencode()
    return render(
        request,
        "concerns/register.html",
        {
            "title": "Register of professional concerns",
            "filters": filters,
            "rows": rows,
            "counts": counts,
            "query": query,
        },
    )


CSV_HEADER = [
    "concern_id",
    "level",
    "level_name",
    "month_raised",
    "answer_due_on",
    "status",
    "overdue",
    "days_overdue",
    "times_taken_higher",
]


@permission_required("can_view_concern_register")
def register_csv_view(request: HttpRequest) -> HttpResponse:
    _, rows, _ = _register(request)
    organisation = organisation_of(request)
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="concerns-{organisation.code}-{today:%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                row.id,
                row.level,
                row.level_title,
                f"{row.raised_month:%Y-%m}",
                row.answer_due_on.isoformat(),
                row.status,
                "yes" if row.overdue else "no",
                row.days_overdue,
                row.escalations,
            ]
        )
    return response


urlpatterns: list[URLPattern] = [
    path("", my_concerns_view, name="mine"),
    path("new/", raise_view, name="raise"),
    path("<int:pk>/", concern_detail_view, name="detail"),
    path("<int:pk>/close/", concern_close_view, name="close"),
    path("<int:pk>/escalate/", concern_escalate_view, name="escalate"),
    path("to-answer/", answer_list_view, name="answer-list"),
    path("to-answer/<int:pk>/", answer_detail_view, name="answer-detail"),
    path("to-answer/<int:pk>/acknowledge/", acknowledge_view, name="acknowledge"),
    path("to-answer/<int:pk>/answer/", answer_view, name="answer"),
    path("register/", register_view, name="register"),
    path("register/export.csv", register_csv_view, name="register-csv"),
]
