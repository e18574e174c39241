"""Reading waves, invitations and instruments for the pages that run the survey.

Counts of responses and of completed invitations are a figure like any other
(SUR-02): below the wave's minimum group they are not shown, not even as a
number on the running page, because a count that moves by one as a known
person answers says who has answered.

``survey_by_secret`` is the one place a survey is found before any tenancy
scope exists: the answer pages are public, and the link or the code is all
they have.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django_scopes import scopes_disabled

from safeworkload.healthcheck.instruments import PRACTITIONER_CODE
from safeworkload.healthcheck.models import Instrument, Invitation, Survey
from safeworkload.healthcheck.services.survey import normalise_code, secret_hash
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.organisations.selectors import current_people


@dataclass(frozen=True)
class Found:
    survey: Survey
    invitation: Invitation | None


def survey_by_secret(*, token: str = "", code: str = "") -> Found | None:
    """The survey a one-time link or an open code belongs to, from any organisation.

    Only hashes are compared, and only the survey (and the link's invitation)
    is returned; the caller enters the survey's organisation scope at once.
    """
    if not (token or code):
        return None
    with scopes_disabled():
        if token:
            invitation = (
                Invitation.objects.select_related("survey", "survey__organisation")
                .filter(token_hash=secret_hash(token))
                .first()
            )
            return Found(invitation.survey, invitation) if invitation else None
        wanted = normalise_code(code)
        survey = (
            Survey.objects.select_related("organisation")
            .filter(open_code_hash=secret_hash(wanted))
            .exclude(open_code_hash="")
            .first()
        )
        return Found(survey, None) if wanted and survey else None


def shown_count(count: int, min_group: int) -> int | None:
    """The count, or None while it is below the group size that may be shown."""
    return count if count >= min_group else None


@dataclass(frozen=True)
class SurveyRow:
    survey: Survey
    invited: int
    responses: int | None
    completed: int | None


def _with_counts(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    return surveys.annotate(
        n_invited=Count("invitations", distinct=True),
        n_completed=Count("invitations", filter=Q(invitations__completed=True), distinct=True),
        n_responses=Count("responses", distinct=True),
    )


def _row(survey: Survey) -> SurveyRow:
    return SurveyRow(
        survey=survey,
        invited=survey.n_invited,  # type: ignore[attr-defined]
        responses=shown_count(survey.n_responses, survey.min_group),  # type: ignore[attr-defined]
        completed=shown_count(survey.n_completed, survey.min_group),  # type: ignore[attr-defined]
    )


def survey_rows(*, organisation: Organisation) -> list[SurveyRow]:
    surveys = Survey.objects.filter(organisation=organisation).select_related("instrument")
    return [_row(s) for s in _with_counts(surveys)]


def survey_row(*, survey: Survey) -> SurveyRow:
    return _row(_with_counts(Survey.objects.filter(pk=survey.pk)).get())


def practitioner_instruments(*, organisation: Organisation) -> QuerySet[Instrument]:
    """The versions this organisation may run: the standard ones and its own, newest first."""
    return (
        Instrument.objects.filter(Q(owner__isnull=True) | Q(owner=organisation))
        .filter(kind=Instrument.Kind.PRACTITIONER, code=PRACTITIONER_CODE)
        .select_related("owner", "based_on")
        .annotate(n_questions=Count("questions", distinct=True), n_surveys=Count("surveys"))
        .order_by("-version")
    )


def latest_self_assessment_instrument() -> Instrument:
    return Instrument.objects.filter(
        owner__isnull=True, kind=Instrument.Kind.SELF_ASSESSMENT
    ).latest("version")


def people_to_invite(*, organisation: Organisation, team: Team | None, on: date) -> list[Person]:
    """Everyone in post on the day (or in one team), as the invitation list."""
    people = current_people(on=on).filter(organisation=organisation)
    if team is not None:
        people = people.filter(team=team)
    return list(people.select_related("organisation"))


def without_email(*, survey: Survey) -> int:
    return Invitation.objects.filter(survey=survey, person__email="").count()
