"""Small factories for the report, plan and region tests: a wave, and respondents
built straight into the tables (the answering pages are tested elsewhere).

Named ``test_*`` only so it sits with the tests it serves; it holds no tests itself.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from safeworkload.healthcheck.instruments import ensure_standard_instruments
from safeworkload.healthcheck.models import Answer, Comment, Question, Response, Survey
from safeworkload.organisations.models import Organisation, Team


@dataclass
class Person:
    """One respondent: the groups they gave and their answers by question code."""

    answers: Mapping[str, int | float | str] = field(default_factory=dict)
    team: Team | None = None
    service_area: str = ""
    role: str = ""
    grade: str = ""
    experience: str = ""


def make_survey(
    organisation: Organisation, *, year: int = 2026, min_group: int = 10, title: str = ""
) -> Survey:
    instrument = ensure_standard_instruments().practitioner
    return Survey.objects.create(
        organisation=organisation,
        instrument=instrument,
        title=title or f"Health check {year}",
        year=year,
        status=Survey.Status.CLOSED,
        min_group=min_group,
    )


def answer(survey: Survey, people: Iterable[Person]) -> None:
    """Store each person's answers as an anonymous response of the wave."""
    questions = {q.code: q for q in Question.objects.filter(instrument=survey.instrument)}
    responses, answers, comments = [], [], []
    for person in people:
        response = Response(
            organisation=survey.organisation,
            survey=survey,
            submitted_on=survey.closes_on or survey.opens_on or _day(survey),
            team=person.team,
            service_area=person.service_area,
            role=person.role,
            grade=person.grade,
            experience=person.experience,
        )
        responses.append(response)
        for code, value in person.answers.items():
            if isinstance(value, str):
                comments.append(
                    Comment(
                        organisation=survey.organisation,
                        survey=survey,
                        question=questions[code],
                        text=value,
                    )
                )
            else:
                answers.append(
                    Answer(
                        organisation=survey.organisation,
                        response=response,
                        question=questions[code],
                        value=Decimal(str(value)),
                    )
                )
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    Comment.objects.bulk_create(comments)


def _day(survey: Survey):  # type: ignore[no-untyped-def]
    from datetime import date

    return date(survey.year, 6, 1)


def same(n: int, **kwargs: object) -> list[Person]:
    """``n`` people who all gave the same groups and answers."""
    return [Person(**kwargs) for _ in range(n)]  # type: ignore[arg-type]
