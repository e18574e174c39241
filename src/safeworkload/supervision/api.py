"""Supervision sessions and the monthly compliance answers at /api/v1/, read only.

Sessions carry dates, lengths and who was in the room by staff id; never the
reflective or personal notes, actions or case discussions, which belong to the
two people in the session.
"""

from datetime import date
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from safeworkload.organisations.access import organisation_of
from safeworkload.supervision.models import Session
from safeworkload.supervision.selectors import month_answers, month_bounds, previous_month

router = Router(tags=["supervision"])

SessionStatus = Literal["scheduled", "held", "cancelled", "moved"]
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class SessionOut(Schema):
    id: int
    agreement_id: int
    supervisee_id: int
    supervisor_id: int
    scheduled_for: date
    status: SessionStatus
    held_on: date | None
    minutes: int | None
    interrupted: bool
    registered_supervisor: bool
    reflective_minutes: int
    confirmed_on: date | None


class SessionFilter(Schema):
    month: str | None = Field(None, pattern=MONTH, description="Booked in this month, YYYY-MM.")
    supervisee_id: int | None = None
    status: SessionStatus | None = None


class MonthFilter(Schema):
    month: str | None = Field(None, pattern=MONTH, description="YYYY-MM; last month if empty.")


class TeamAnswerOut(Schema):
    name: str
    staff: int
    with_90: int


class ComplianceOut(Schema):
    month: date
    staff: int
    with_90: int
    held: int
    held_minutes: int
    reflective_minutes: int
    full_length: int
    scheduled: int
    cancelled: int
    moved: int
    newly_qualified: int
    newly_qualified_on_track: int
    teams: list[TeamAnswerOut]


def _first_day(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)


@router.get("/supervision/sessions", response=list[SessionOut])
@paginate(LimitOffsetPagination)
def list_supervision_sessions(
    request: HttpRequest, filters: Query[SessionFilter]
) -> QuerySet[Session]:
    sessions = Session.objects.filter(organisation=organisation_of(request)).order_by("pk")
    if filters.month:
        sessions = sessions.filter(scheduled_for__range=month_bounds(_first_day(filters.month)))
    if filters.supervisee_id:
        sessions = sessions.filter(supervisee_id=filters.supervisee_id)
    if filters.status:
        sessions = sessions.filter(status=filters.status)
    return sessions


@router.get("/supervision/sessions/{session_id}", response=SessionOut)
def get_supervision_session(request: HttpRequest, session_id: int) -> Session:
    return get_object_or_404(
        Session.objects.filter(organisation=organisation_of(request)), pk=session_id
    )


@router.get("/supervision/compliance", response=ComplianceOut)
def get_supervision_compliance(request: HttpRequest, filters: Query[MonthFilter]) -> object:
    month = _first_day(filters.month) if filters.month else previous_month(timezone.localdate())
    return month_answers(organisation=organisation_of(request), month=month)
