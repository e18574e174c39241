"""Shared set-up for the survey tests: a wave, a link, a complete set of answers."""

from datetime import date
from typing import Any

from safeworkload.healthcheck.instruments import ensure_standard_instruments
from safeworkload.healthcheck.models import Instrument, Survey
from safeworkload.healthcheck.services.survey import survey_create, survey_open
from safeworkload.organisations.models import Organisation, Team

TODAY = date(2026, 5, 11)


def make_survey(
    organisation: Organisation,
    *,
    opened: bool = True,
    instrument: Instrument | None = None,
    min_group: int | None = None,
) -> Survey:
    survey = survey_create(
        organisation=organisation,
        actor=None,
        year=2026,
        title="Workload health check 2026",
        instrument=instrument or ensure_standard_instruments().practitioner,
    )
    if opened:
        survey_open(survey=survey, actor=None, today=TODAY)
    if min_group is not None:
        Survey.objects.filter(pk=survey.pk).update(min_group=min_group)
        survey.refresh_from_db()
    return survey


def answers_post(team: Team | None = None, **overrides: Any) -> dict[str, str]:
    """A complete, valid answer form for the standard survey."""
    data = {
        "hours_contracted": "37",
        "hours_worked": "44.5",
        "caseload_now": "18",
        "caseload_next_month": "4",
        "workload_manageable": "2",
        "supervision_last_month": "2",
        "supervision_could_not_get": "2",
        "time_with_people_percent": "20",
        "bullying_seen": "1",
        "bullying_experienced": "3",
        "intention_to_stay": "1",
        "comments": "",
        "about_team": str(team.pk) if team else "prefer-not",
        "about_service_area": "adults",
        "about_role": "social_worker",
        "about_experience": "5-10",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data
