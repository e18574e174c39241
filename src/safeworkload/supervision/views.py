"""Supervision pages: your own supervision, the manager's schedule, agreements,
a session's record, and the organisation's compliance answers."""

import csv
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.caseloads.models import Case
from safeworkload.core.forms import posted
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Person
from safeworkload.organisations.selectors import current_people, visible_people
from safeworkload.supervision import selectors, services
from safeworkload.supervision.forms import (
    AgreementForm,
    CancelForm,
    CaseDiscussionForm,
    EndForm,
    MonthForm,
    PauseForm,
    RecordForm,
    ScheduleForm,
)
from safeworkload.supervision.models import Action, Agreement, Session


def _me(request: HttpRequest) -> Person | None:
    return tenancy_of(request).person


def session_for_request(request: HttpRequest, pk: int) -> Session:
    """A session of the acting organisation that the acting person may open:
    404 for anyone else's, as if it did not exist."""
    get_object_or_404(Session.objects.filter(organisation=organisation_of(request)), pk=pk)
    return get_object_or_404(
        selectors.visible_sessions(tenancy=tenancy_of(request)).select_related(
            "supervisee__team", "supervisor", "agreement", "moved_to"
        ),
        pk=pk,
    )


def agreement_for_request(request: HttpRequest, pk: int) -> Agreement:
    get_object_or_404(Agreement.objects.filter(organisation=organisation_of(request)), pk=pk)
    if not tenancy_of(request).has("can_manage_supervision"):
        raise PermissionDenied
    return get_object_or_404(
        selectors.managed_agreements(tenancy=tenancy_of(request)).select_related(
            "supervisee__team", "supervisor"
        ),
        pk=pk,
    )


# --- your own supervision ---------------------------------------------------


@permission_required("can_view_own_record")
def mine_view(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    today = timezone.localdate()
    context: dict[str, Any] = {"title": "Your supervision", "person": person}
    if person is not None:
        sessions = Session.objects.filter(organisation=person.organisation, supervisee=person)
        context.update(
            checks=selectors.person_checks(person, today=today),
            sessions=list(sessions.select_related("supervisor")[:24]),
            to_confirm=list(sessions.filter(status=Session.Status.HELD, confirmed_on__isnull=True)),
            actions=list(selectors.open_actions(person).select_related("session")),
            supervising=list(
                Session.objects.filter(
                    organisation=person.organisation,
                    supervisor=person,
                    status=Session.Status.SCHEDULED,
                )
                .select_related("supervisee")
                .order_by("scheduled_for")
            ),
            newly_qualified=selectors.newly_qualified_agreement(person, on=today),
        )
    return render(request, "supervision/mine.html", context)


# --- the manager's schedule and agreements ----------------------------------


@permission_required("can_manage_supervision")
def schedule_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = selectors.schedule(tenancy=tenancy_of(request), today=today)
    counts = {state: sum(r.state == state for r in rows) for state in ("overdue", "not_booked")}
    return render(
        request,
        "supervision/schedule.html",
        {"title": "Supervision schedule", "rows": rows, "counts": counts, "today": today},
    )


def _agreement_form(request: HttpRequest) -> AgreementForm:
    tenancy = tenancy_of(request)
    today = timezone.localdate()
    organisation = organisation_of(request)
    in_post = current_people(on=today).filter(organisation=organisation)
    return AgreementForm(
        posted(request),
        supervisees=visible_people(tenancy=tenancy).filter(pk__in=in_post.values("pk")),
        supervisors=in_post.order_by("family_name", "given_name"),
    )


@permission_required("can_manage_supervision")
def agreement_create_view(request: HttpRequest) -> HttpResponse:
    form = _agreement_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                organisation=organisation_of(request), actor=request.user, **form.cleaned_data
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{agreement} from {agreement.starts_on:%-d %B %Y}")
            return redirect("supervision:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "supervision/agreement_form.html",
        {"title": "Agree supervision", "form": form},
    )


def _agreement_page(
    request: HttpRequest, agreement: Agreement, *, failed: forms.Form | None = None
) -> HttpResponse:
    context: dict[str, Any] = {
        "title": str(agreement),
        "agreement": agreement,
        "sessions": list(agreement.sessions.select_related("moved_to")),
        "pauses": list(agreement.pauses.all()),
        "schedule_form": failed if isinstance(failed, ScheduleForm) else ScheduleForm(),
        "pause_form": failed if isinstance(failed, PauseForm) else PauseForm(),
        "end_form": failed if isinstance(failed, EndForm) else EndForm(),
    }
    if failed is not None:
        context["form"] = failed
    return render(request, "supervision/agreement_detail.html", context)


def agreement_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _agreement_page(request, agreement_for_request(request, pk))


@require_POST
def session_schedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_request(request, pk)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.session_schedule(
                agreement=agreement,
                scheduled_for=form.cleaned_data["scheduled_for"],
                actor=request.user,
            )
        except services.SupervisionError as error:
            form.add_error("scheduled_for", str(error))
        else:
            messages.success(request, "Session booked")
            return redirect("supervision:agreement-detail", pk=agreement.pk)
    return _agreement_page(request, agreement, failed=form)


@require_POST
def pause_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_request(request, pk)
    form = PauseForm(request.POST)
    if form.is_valid():
        services.pause_add(agreement=agreement, actor=request.user, **form.cleaned_data)
        messages.success(request, "Pause recorded: the timetable's clock stops for it")
        return redirect("supervision:agreement-detail", pk=agreement.pk)
    return _agreement_page(request, agreement, failed=form)


@require_POST
def agreement_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_request(request, pk)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_end(
                agreement=agreement, ends_on=form.cleaned_data["ends_on"], actor=request.user
            )
        except services.SupervisionError as error:
            form.add_error("ends_on", str(error))
        else:
            messages.success(request, "Agreement ended; later bookings are cancelled")
            return redirect("supervision:agreement-detail", pk=agreement.pk)
    return _agreement_page(request, agreement, failed=form)


# --- a session --------------------------------------------------------------


def _case_choices(session: Session) -> list[tuple[str, str]]:
    cases = Case.objects.filter(organisation=session.organisation, worker=session.supervisee)
    return [(str(c.pk), c.reference) for c in cases.exclude(status=Case.Status.CLOSED)]


def _session_page(
    request: HttpRequest, session: Session, *, failed: forms.Form | None = None
) -> HttpResponse:
    me = _me(request)
    in_room = selectors.in_the_room(session, tenancy_of(request))
    context: dict[str, Any] = {
        "title": str(session),
        "session": session,
        "in_room": in_room,
        "is_supervisor": me is not None and me.pk == session.supervisor_id,
        "is_supervisee": me is not None and me.pk == session.supervisee_id,
        "actions": list(session.actions.select_related("owner")) if in_room else [],
        "discussions": list(session.case_discussions.select_related("case")) if in_room else [],
        "case_form": failed
        if isinstance(failed, CaseDiscussionForm)
        else CaseDiscussionForm(cases=_case_choices(session)),
    }
    if failed is not None:
        context["form"] = failed
    return render(request, "supervision/session_detail.html", context)


def session_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, session_for_request(request, pk))


def _require_supervisor(request: HttpRequest, session: Session) -> Person:
    me = _me(request)
    if me is None or me.pk != session.supervisor_id:
        raise PermissionDenied
    return me


def session_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_request(request, pk)
    _require_supervisor(request, session)
    owners = [session.supervisee, session.supervisor]
    initial = {"minutes": session.minutes, "reflective_minutes": session.reflective_minutes}
    form = RecordForm(posted(request), owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions = []
        if data["action"]:
            actions.append(
                services.ActionInput(
                    data["action"], form.owners[data["action_owner"]], data["action_due_on"]
                )
            )
        record = services.SessionRecord(
            held_on=data["held_on"],
            minutes=data["minutes"],
            interrupted=data["interrupted"],
            reflective_minutes=data["reflective_minutes"],
            reflective_notes=data["reflective_notes"],
            personal_notes=data["personal_notes"],
        )
        try:
            services.session_record(
                session=session,
                record=record,
                actions=actions,
                actor=request.user,
                today=timezone.localdate(),
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Session recorded. The person supervised is asked to confirm it."
            )
            return redirect("supervision:session-detail", pk=session.pk)
    return render(
        request,
        "supervision/session_record.html",
        {"title": "Record a supervision session", "session": session, "form": form},
    )


def session_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_request(request, pk)
    me = _me(request)
    managed = selectors.managed_sessions(tenancy=tenancy_of(request)).filter(pk=pk).exists()
    if not managed and (me is None or me.pk != session.supervisor_id):
        raise PermissionDenied
    form = CancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.session_cancel(
                session=session,
                reason=form.cleaned_data["reason"],
                move_to=form.cleaned_data["move_to"],
                actor=request.user,
                today=timezone.localdate(),
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Session moved" if moved else "Session cancelled")
            return redirect("supervision:session-detail", pk=(moved or session).pk)
    return render(
        request,
        "supervision/session_cancel.html",
        {"title": "Cancel or move a session", "session": session, "form": form},
    )


@require_POST
def session_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_request(request, pk)
    me = _me(request)
    if me is None or me.pk != session.supervisee_id:
        raise PermissionDenied
    try:
        services.session_confirm(
            session=session, person=me, actor=request.user, today=timezone.localdate()
        )
    except services.SupervisionError as error:
        form = forms.Form()
        form.add_error(None, str(error))
        return _session_page(request, session, failed=form)
    messages.success(request, "Thank you: the record is confirmed")
    return redirect("supervision:session-detail", pk=session.pk)


@require_POST
def case_discussion_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for_request(request, pk)
    _require_supervisor(request, session)
    form = CaseDiscussionForm(request.POST, cases=_case_choices(session))
    if form.is_valid():
        case = Case.objects.get(organisation=session.organisation, pk=form.cleaned_data["case"])
        try:
            services.case_discussion_add(
                session=session,
                case=case,
                decision=form.cleaned_data["decision"],
                rationale=form.cleaned_data["rationale"],
                actor=request.user,
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Discussion added to case {case.reference}")
            return redirect("supervision:session-detail", pk=session.pk)
    return _session_page(request, session, failed=form)


@require_POST
def action_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.filter(organisation=organisation_of(request)).select_related("session"),
        pk=pk,
    )
    if not selectors.in_the_room(action.session, tenancy_of(request)):
        raise Http404
    services.action_done(action=action, on=timezone.localdate(), actor=request.user)
    messages.success(request, "Action marked as done")
    return redirect("supervision:session-detail", pk=action.session_id)


# --- the organisation's answers ---------------------------------------------


def _answers(request: HttpRequest) -> tuple[MonthForm, selectors.MonthAnswers]:
    form = MonthForm(request.GET or None)
    default = selectors.previous_month(timezone.localdate())
    month = form.month_or(default)
    return form, selectors.month_answers(organisation=organisation_of(request), month=month)


@permission_required("can_view_supervision_reports")
def compliance_view(request: HttpRequest) -> HttpResponse:
    form, answers = _answers(request)
    return render(
        request,
        "supervision/compliance.html",
        {"title": "Supervision compliance", "month_form": form, "answers": answers},
    )


@permission_required("can_view_supervision_reports")
def compliance_csv_view(request: HttpRequest) -> HttpResponse:
    _, answers = _answers(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="supervision-{answers.month:%Y-%m}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["Question", "Answer"])
    writer.writerows(answers.rows())
    writer.writerow([])
    writer.writerow(["Team", "Social workers", "Had at least 1.5 hours", "Share"])
    for team in answers.teams:
        writer.writerow([team.name, team.staff, team.with_90, team.share or ""])
    return response


urlpatterns: list[URLPattern] = [
    path("mine/", mine_view, name="mine"),
    path("schedule/", schedule_view, name="schedule"),
    path("agreements/new/", agreement_create_view, name="agreement-create"),
    path("agreements/<int:pk>/", agreement_detail_view, name="agreement-detail"),
    path("agreements/<int:pk>/sessions/", session_schedule_view, name="session-schedule"),
    path("agreements/<int:pk>/pauses/", pause_add_view, name="pause-add"),
    path("agreements/<int:pk>/end/", agreement_end_view, name="agreement-end"),
    path("sessions/<int:pk>/", session_detail_view, name="session-detail"),
    path("sessions/<int:pk>/record/", session_record_view, name="session-record"),
    path("sessions/<int:pk>/cancel/", session_cancel_view, name="session-cancel"),
    path("sessions/<int:pk>/confirm/", session_confirm_view, name="session-confirm"),
    path("sessions/<int:pk>/cases/", case_discussion_add_view, name="case-discussion-add"),
    path("actions/<int:pk>/done/", action_done_view, name="action-done"),
    path("compliance/", compliance_view, name="compliance"),
    path("compliance/export.csv", compliance_csv_view, name="compliance-csv"),
]
