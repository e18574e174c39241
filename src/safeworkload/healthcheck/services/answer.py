"""Submitting one set of answers: the only write on the anonymous path.

What this module must never do (reference/06, SUR-01; docs/health-check.md):

- log, audit or return anything of the answers, or the response's key;
- store the time, the token, the session, the address or the browser;
- store a comment with a link to its response.

The invitation is marked used and the response written in one transaction,
so a link either answers once or not at all. The two rows share nothing but
the survey.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from safeworkload.healthcheck.models import (
    Answer,
    Comment,
    Invitation,
    Response,
    Scale,
    Survey,
)
from safeworkload.organisations.models import Team


class AnswerError(Exception):
    """The answers cannot be taken; the message is for the respondent."""


class InvitationUsed(AnswerError):
    def __init__(self) -> None:
        super().__init__("This link has already been used")


@dataclass(frozen=True)
class AboutYou:
    """The groups the respondent chose to be counted in; empty for "Prefer not to say"."""

    team: Team | None = None
    service_area: str = ""
    role: str = ""
    grade: str = ""
    experience: str = ""


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    values: Mapping[str, Decimal | int | str | None],
    about: AboutYou,
    today: date,
    invitation: Invitation | None = None,
) -> None:
    """Write the response, its answers and any comments; mark the invitation used.

    Returns nothing on purpose: no caller needs the response, and none should have it.
    """
    if survey.status != Survey.Status.OPEN:
        raise AnswerError("This survey is closed")
    if about.team is not None and about.team.organisation_id != survey.organisation_id:
        raise AnswerError("Select a team from the list")
    if invitation is not None:
        # A conditional update: two submits of one link cannot both pass.
        taken = Invitation.objects.filter(pk=invitation.pk, survey=survey, completed=False).update(
            completed=True
        )
        if not taken:
            raise InvitationUsed
    response = Response.objects.create(
        organisation_id=survey.organisation_id,
        survey=survey,
        submitted_on=today,
        team=about.team,
        service_area=about.team.service_area if about.team else about.service_area,
        role=about.role,
        grade=about.grade,
        experience=about.experience,
    )
    answers, comments = [], []
    for question in survey.instrument.questions.select_related("scale"):
        value = values.get(question.code)
        if value is None or value == "":
            continue
        if question.scale.kind == Scale.Kind.TEXT:
            text = str(value).strip()
            if text:
                comments.append(
                    Comment(
                        organisation_id=survey.organisation_id,
                        survey=survey,
                        question=question,
                        text=text,
                    )
                )
        else:
            answers.append(
                Answer(
                    organisation_id=survey.organisation_id,
                    response=response,
                    question=question,
                    value=Decimal(value),
                )
            )
    Answer.objects.bulk_create(answers)
    Comment.objects.bulk_create(comments)
