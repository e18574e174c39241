"""The register of professional concerns at /api/v1/, read only.

The same columns as the register page and nothing more: no subject, detail,
answer, person or team. Scoped to the token's organisation like every
endpoint.
"""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from safeworkload.concerns.selectors import RegisterRow, concern_register
from safeworkload.organisations.access import organisation_of

router = Router(tags=["concerns"])

# Spelt out, as in caseloads.api, so the OpenAPI document names the set;
# concerns/tests/test_api.py checks that it matches the model.
ConcernStatus = Literal["raised", "acknowledged", "answered", "closed"]


class ConcernRegisterOut(Schema):
    id: int
    level: int
    level_name: str
    raised_month: str
    answer_due_on: date
    status: ConcernStatus
    overdue: bool
    days_overdue: int
    times_taken_higher: int


class ConcernRegisterFilter(Schema):
    status: ConcernStatus | None = None
    overdue: bool | None = None


def _out(row: RegisterRow) -> ConcernRegisterOut:
    return ConcernRegisterOut(
        id=row.id,
        level=row.level,
        level_name=row.level_title,
        raised_month=f"{row.raised_month:%Y-%m}",
        answer_due_on=row.answer_due_on,
        status=row.status,  # type: ignore[arg-type]
        overdue=row.overdue,
        days_overdue=row.days_overdue,
        times_taken_higher=row.escalations,
    )


@router.get("/concerns", response=list[ConcernRegisterOut])
@paginate(LimitOffsetPagination)
def list_concern_register(
    request: HttpRequest, filters: Query[ConcernRegisterFilter]
) -> list[ConcernRegisterOut]:
    """Every professional concern's level, month raised, deadline and status, newest first."""
    rows = concern_register(
        organisation=organisation_of(request),
        today=timezone.localdate(),
        status=filters.status or "",
    )
    if filters.overdue is not None:
        rows = [row for row in rows if row.overdue == filters.overdue]
    return [_out(row) for row in rows]
