"""Answering the survey: public pages, reached by a one-time link or the open code.

Nobody signs in to answer, and a signed-in person answers the same way: the
pages never read who the visitor is. The tenancy middleware gives a
signed-out request a scope of no organisation at all, so once the survey is
found (``survey_by_secret``) the view runs inside the survey's own
organisation scope.

Nothing here logs, and the only write is ``response_submit``. The open-code
route allows one response per browser session: the session keeps the code
and a flag per survey answered, never anything of the answers.
"""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_scopes import scope

from safeworkload.core.forms import posted
from safeworkload.healthcheck.forms import AnswerForm, OpenCodeForm
from safeworkload.healthcheck.models import Invitation, Survey
from safeworkload.healthcheck.selectors.survey import survey_by_secret
from safeworkload.healthcheck.services.answer import (
    AboutYou,
    AnswerError,
    InvitationUsed,
    response_submit,
)
from safeworkload.organisations.models import Person, Team

CODE_KEY = "healthcheck_code"
ANSWERED_KEY = "healthcheck_answered"


def _page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    return render(request, f"healthcheck/{template}", {"title": title, **context})


def _questionnaire(
    request: HttpRequest, survey: Survey, invitation: Invitation | None
) -> HttpResponse | None:
    """The form, or None once the answers are in (the caller says what comes next)."""
    with scope(organisation=survey.organisation_id):
        teams = list(Team.objects.filter(organisation_id=survey.organisation_id))
        grades = sorted(
            set(
                Person.objects.filter(organisation_id=survey.organisation_id)
                .exclude(grade="")
                .values_list("grade", flat=True)
            )
        )
        questions = list(survey.instrument.questions.select_related("scale"))
        form = AnswerForm(posted(request), questions=questions, teams=teams, grades=grades)
        if request.method == "POST" and form.is_valid():
            team_id = form.about("team")
            about = AboutYou(
                team=next((t for t in teams if str(t.pk) == team_id), None),
                service_area=form.about("service_area"),
                role=form.about("role"),
                grade=form.about("grade"),
                experience=form.about("experience"),
            )
            try:
                response_submit(
                    survey=survey,
                    values=form.values(),
                    about=about,
                    today=timezone.localdate(),
                    invitation=invitation,
                )
            except InvitationUsed:
                return _used(request)
            except AnswerError as error:
                form.add_error(None, str(error))
            else:
                return None
        return _page(
            request,
            "answer_form.html",
            survey.title,
            form=form,
            survey=survey,
            organisation=survey.organisation,
        )


def _used(request: HttpRequest) -> HttpResponse:
    return _page(request, "answer_used.html", "You have already answered")


def _closed(request: HttpRequest, survey: Survey) -> HttpResponse:
    return _page(request, "answer_closed.html", "This survey is closed", survey=survey)


@never_cache
@login_not_required
def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    found = survey_by_secret(token=token)
    if found is None or found.invitation is None:
        raise Http404
    if found.invitation.completed:
        return _used(request)
    if found.survey.status != Survey.Status.OPEN:
        return _closed(request, found.survey)
    page = _questionnaire(request, found.survey, found.invitation)
    return page or redirect("healthcheck:answer-done")


@never_cache
@login_not_required
def answer_code(request: HttpRequest) -> HttpResponse:
    form = OpenCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        found = survey_by_secret(code=form.cleaned_data["code"])
        if found is None:
            form.add_error("code", "Enter the organisation code your employer gave you")
        elif found.survey.status != Survey.Status.OPEN:
            return _closed(request, found.survey)
        else:
            request.session[CODE_KEY] = form.cleaned_data["code"]
            return redirect("healthcheck:answer-open")
    return _page(request, "answer_code.html", "Answer the workload health check", form=form)


@never_cache
@login_not_required
def answer_open(request: HttpRequest) -> HttpResponse:
    found = survey_by_secret(code=request.session.get(CODE_KEY, ""))
    if found is None:
        return redirect("healthcheck:answer-code")
    survey = found.survey
    if survey.pk in request.session.get(ANSWERED_KEY, []):
        return _used(request)
    if survey.status != Survey.Status.OPEN:
        return _closed(request, survey)
    page = _questionnaire(request, survey, None)
    if page is not None:
        return page
    request.session[ANSWERED_KEY] = [*request.session.get(ANSWERED_KEY, []), survey.pk]
    return redirect("healthcheck:answer-done")


@login_not_required
def answer_done(request: HttpRequest) -> HttpResponse:
    return _page(request, "answer_done.html", "Thank you: your answers are in")


urlpatterns: list[URLPattern] = [
    path("answer/", answer_code, name="answer-code"),
    path("answer/open/", answer_open, name="answer-open"),
    path("answer/thank-you/", answer_done, name="answer-done"),
    path("answer/<str:token>/", answer_link, name="answer-link"),
]
