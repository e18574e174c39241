"""Running the practitioner survey: waves, invitations, the open code, versions.

Every page needs ``can_run_health_check`` (the principal social worker or
service lead, and the organisation's administrator). A page naming another
organisation's wave or version answers 404, then 403 to a role without the
permission, as ``organisations.access`` does.

No page here shows a response; counts below the wave's minimum group are
shown as "fewer than".
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.core.forms import posted
from safeworkload.healthcheck.forms import (
    INVITE_TEAM,
    InviteForm,
    QuestionAddForm,
    SurveyCreateForm,
)
from safeworkload.healthcheck.models import Instrument, Scale, Survey
from safeworkload.healthcheck.selectors.survey import (
    people_to_invite,
    practitioner_instruments,
    survey_row,
    survey_rows,
)
from safeworkload.healthcheck.services import instruments as instrument_services
from safeworkload.healthcheck.services import survey as services
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Team

PERMISSION = "can_run_health_check"


def _survey(request: HttpRequest, pk: int) -> Survey:
    surveys = Survey.objects.filter(organisation=organisation_of(request))
    survey = get_object_or_404(surveys.select_related("organisation", "instrument"), pk=pk)
    if not tenancy_of(request).has(PERMISSION):
        raise PermissionDenied
    return survey


def _instrument(request: HttpRequest, pk: int) -> Instrument:
    """A standard version, or one of the organisation's own: 404 for another's."""
    visible = Instrument.objects.filter(
        Q(owner__isnull=True) | Q(owner=organisation_of(request)),
        kind=Instrument.Kind.PRACTITIONER,
    )
    instrument = get_object_or_404(visible, pk=pk)
    if not tenancy_of(request).has(PERMISSION):
        raise PermissionDenied
    return instrument


# ---------------------------------------------------------------------------
# Waves


@permission_required(PERMISSION)
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "healthcheck/survey_list.html",
        {
            "title": "Workload health check",
            "rows": survey_rows(organisation=organisation_of(request)),
        },
    )


@permission_required(PERMISSION)
def survey_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    today = timezone.localdate()
    instruments = list(practitioner_instruments(organisation=organisation))
    form = SurveyCreateForm(
        posted(request),
        instruments=instruments,
        initial={
            "year": today.year,
            "title": f"Workload health check {today.year}",
            "instrument": instruments[0].pk if instruments else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                organisation=organisation,
                actor=request.user,
                year=data["year"],
                title=data["title"],
                instrument=next(i for i in instruments if i.pk == data["instrument"]),
            )
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Survey created. Invite people and open it when ready.")
            return redirect("healthcheck:survey-detail", pk=survey.pk)
    return render(
        request, "healthcheck/survey_create.html", {"title": "Create a survey", "form": form}
    )


def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return render(
        request,
        "healthcheck/survey_detail.html",
        {"title": survey.title, "row": survey_row(survey=survey), "survey": survey},
    )


def _change(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    survey = _survey(request, pk)
    action = services.survey_open if change == "open" else services.survey_close
    try:
        action(survey=survey, actor=request.user, today=timezone.localdate())
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Survey {'opened' if change == 'open' else 'closed'}")
    return redirect("healthcheck:survey-detail", pk=survey.pk)


@require_POST
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, "open")


@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, "close")


def survey_invite(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    teams = list(Team.objects.filter(organisation=survey.organisation))
    form = InviteForm(posted(request), teams=teams)
    if request.method == "POST" and form.is_valid():
        team_id = form.cleaned_data["team"] if form.cleaned_data["who"] == INVITE_TEAM else None
        today = timezone.localdate()
        people = people_to_invite(
            organisation=survey.organisation,
            team=next((t for t in teams if t.pk == team_id), None),
            on=today,
        )
        try:
            invited = services.invitations_send(
                survey=survey,
                actor=request.user,
                people=people,
                today=today,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("healthcheck:answer-link", args=[token])
                ),
            )
        except services.SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _invited_message(invited))
            return redirect("healthcheck:survey-detail", pk=survey.pk)
    return render(
        request,
        "healthcheck/survey_invite.html",
        {"title": "Invite people", "form": form, "survey": survey},
    )


def _invited_message(invited: services.Invited) -> str:
    parts = [f"{invited.sent} {'person' if invited.sent == 1 else 'people'} invited"]
    if invited.already:
        parts.append(f"{invited.already} already had a link and were not sent another")
    if invited.no_email:
        parts.append(
            f"{invited.no_email} have no email address: give them the organisation code instead"
        )
    return ". ".join(parts)


@require_POST
def survey_code(request: HttpRequest, pk: int) -> HttpResponse:
    """A new organisation code, shown on this page once and never again."""
    survey = _survey(request, pk)
    try:
        code = services.survey_open_code_set(survey=survey, actor=request.user)
    except services.SurveyError as error:
        messages.error(request, str(error))
        return redirect("healthcheck:survey-detail", pk=survey.pk)
    return render(
        request,
        "healthcheck/survey_code.html",
        {
            "title": "Organisation code",
            "survey": survey,
            "code": services.display_code(code),
            "answer_url": request.build_absolute_uri(reverse("healthcheck:answer-code")),
        },
    )


# ---------------------------------------------------------------------------
# Versions of the questionnaire


@permission_required(PERMISSION)
def instrument_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "healthcheck/survey_instruments.html",
        {
            "title": "Survey questions",
            "instruments": list(practitioner_instruments(organisation=organisation_of(request))),
        },
    )


@require_POST
@permission_required(PERMISSION)
def instrument_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    latest = practitioner_instruments(organisation=organisation).first()
    if latest is None:
        messages.error(request, "There is no survey to base a version on")
        return redirect("healthcheck:instrument-list")
    instrument = instrument_services.instrument_version_create(
        organisation=organisation, actor=request.user, based_on=latest
    )
    messages.success(request, f"Version {instrument.version} created. Add your questions.")
    return redirect("healthcheck:instrument-detail", pk=instrument.pk)


def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = _instrument(request, pk)
    editable = instrument_services.is_editable(instrument)
    form = QuestionAddForm(posted(request), scales=list(Scale.objects.order_by("code")))
    if request.method == "POST" and editable and form.is_valid():
        data = form.cleaned_data
        try:
            instrument_services.instrument_question_add(
                instrument=instrument,
                actor=request.user,
                text=data["text"],
                hint=data["hint"],
                area=data["area"],
                scale=Scale.objects.get(pk=data["scale"]),
                reverse_scored=data["reverse_scored"],
            )
        except instrument_services.InstrumentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Question added")
            return redirect("healthcheck:instrument-detail", pk=instrument.pk)
    return render(
        request,
        "healthcheck/survey_instrument.html",
        {
            "title": str(instrument),
            "instrument": instrument,
            "questions": list(instrument.questions.select_related("scale")),
            "editable": editable,
            "form": form,
        },
    )


urlpatterns: list[URLPattern] = [
    path("", survey_list, name="survey-list"),
    path("new/", survey_create, name="survey-create"),
    path("<int:pk>/", survey_detail, name="survey-detail"),
    path("<int:pk>/open/", survey_open, name="survey-open"),
    path("<int:pk>/close/", survey_close, name="survey-close"),
    path("<int:pk>/invite/", survey_invite, name="survey-invite"),
    path("<int:pk>/code/", survey_code, name="survey-code"),
    path("questions/", instrument_list, name="instrument-list"),
    path("questions/new/", instrument_create, name="instrument-create"),
    path("questions/<int:pk>/", instrument_detail, name="instrument-detail"),
]
