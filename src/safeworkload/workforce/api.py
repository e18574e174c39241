"""Vacancies and the DfE workforce measures at /api/v1/, read only.

Scoped to the token's organisation like every endpoint. The vacancies carry
no holder or worker names: a vacancy has no holder, and the cover is given
by its kind, hours and charge.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from safeworkload.calc.workforce import census_date
from safeworkload.organisations.access import organisation_of
from safeworkload.workforce.selectors import (
    Measures,
    establishment,
    running_covers,
    workforce_measures,
)

router = Router(tags=["workforce"])

# Spelt out, as in concerns.api, so the OpenAPI document names the set;
# workforce/tests/test_api.py checks that it matches the model.
CoverKind = Literal["agency", "bank", "overtime", "none"]
Scope = Literal["all", "social_work"]


class VacancyOut(Schema):
    post_id: int
    team_id: int
    team: str
    job_role: str
    grade: str
    funded_fte: Decimal
    vacant_since: date
    cover: CoverKind
    cover_hours_per_week: Decimal | None
    cover_pence_per_hour: int | None


class VacancyFilter(Schema):
    team_id: int | None = None
    job_role: str | None = None


class MeasuresOut(Schema):
    team_id: int | None
    team: str | None
    in_post_fte: Decimal
    in_post_headcount: int
    vacancy_fte: Decimal
    vacant_posts: int
    vacancy_rate: Decimal | None
    agency_fte: Decimal
    agency_headcount: int
    agency_rate: Decimal | None
    agency_cover_fte: Decimal
    agency_covering_vacancies: Decimal | None
    vacancies_covered_by_agency: Decimal | None
    starters_fte: Decimal
    starters_headcount: int
    leavers_fte: Decimal
    leavers_headcount: int
    turnover_rate: Decimal | None
    turnover_rate_headcount: Decimal | None


class MeasuresReportOut(Schema):
    census_date: date
    year_from: date
    scope: Scope
    organisation: MeasuresOut
    teams: list[MeasuresOut]


class MeasuresFilter(Schema):
    census_date: date | None = None
    scope: Scope = "all"


def _rate(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _fte(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _measures(m: Measures, team_id: int | None, team: str | None) -> MeasuresOut:
    return MeasuresOut(
        team_id=team_id,
        team=team,
        in_post_fte=_fte(m.in_post_fte),
        in_post_headcount=m.in_post_headcount,
        vacancy_fte=_fte(m.vacancy_fte),
        vacant_posts=m.vacant_posts,
        vacancy_rate=_rate(m.vacancy_rate),
        agency_fte=_fte(m.agency_fte),
        agency_headcount=m.agency_headcount,
        agency_rate=_rate(m.agency_rate),
        agency_cover_fte=_fte(m.agency_cover_fte),
        agency_covering_vacancies=_rate(m.agency_covering_vacancies),
        vacancies_covered_by_agency=_rate(m.vacancies_covered_by_agency),
        starters_fte=_fte(m.starters_fte),
        starters_headcount=m.starters_headcount,
        leavers_fte=_fte(m.leavers_fte),
        leavers_headcount=m.leavers_headcount,
        turnover_rate=_rate(m.turnover_rate),
        turnover_rate_headcount=_rate(m.turnover_rate_headcount),
    )


@router.get("/workforce/vacancies", response=list[VacancyOut])
@paginate(LimitOffsetPagination)
def list_workforce_vacancies(
    request: HttpRequest, filters: Query[VacancyFilter]
) -> list[VacancyOut]:
    """Every vacant post with how it is covered today, by team."""
    organisation = organisation_of(request)
    covers = running_covers(organisation=organisation, on=timezone.localdate())
    posts = establishment(
        organisation=organisation,
        team_id=filters.team_id,
        job_role=filters.job_role or "",
        status="vacant",
    )
    out = []
    for post in posts:
        cover = covers.get(post.pk)
        assert post.vacant_since is not None  # a vacant post always has one
        out.append(
            VacancyOut(
                post_id=post.pk,
                team_id=post.team_id,
                team=post.team.name,
                job_role=post.job_role,
                grade=post.grade,
                funded_fte=post.funded_fte,
                vacant_since=post.vacant_since,
                cover=post.cover,  # type: ignore[arg-type]
                cover_hours_per_week=cover.hours_per_week if cover else None,
                cover_pence_per_hour=cover.pence_per_hour if cover else None,
            )
        )
    return out


@router.get("/workforce/measures", response=MeasuresReportOut)
def get_workforce_measures(
    request: HttpRequest, filters: Query[MeasuresFilter]
) -> MeasuresReportOut:
    """DfE's workforce measures at a census date (default: the last 30 September),
    for the organisation and each team. Rates are percentages; null means there
    is nothing to divide by."""
    census = filters.census_date or census_date(timezone.localdate())
    report = workforce_measures(
        organisation=organisation_of(request),
        census=census,
        social_work_only=filters.scope == "social_work",
    )
    return MeasuresReportOut(
        census_date=report.census,
        year_from=report.year_start,
        scope=filters.scope,
        organisation=_measures(report.organisation, None, None),
        teams=[_measures(m, team.pk, team.name) for team, m in report.teams],
    )
