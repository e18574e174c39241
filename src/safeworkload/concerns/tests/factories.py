"""Concerns for tests, raised through the service as a person would."""

from datetime import date

from safeworkload.concerns.models import Concern, Level
from safeworkload.concerns.services import concern_answer, concern_raise
from safeworkload.organisations.models import Person

SUBJECT = "Unsafe duty cover on Fridays"
DETAIL = "One worker covers duty for two teams on Fridays."
ANSWER = "A second worker joins the Friday rota from next month."


def raise_concern(
    person: Person,
    *,
    on: date,
    level: int = Level.SERVICE_LEAD,
    answered: bool = False,
    subject: str = SUBJECT,
) -> Concern:
    concern = concern_raise(
        person=person, actor=None, subject=subject, detail=DETAIL, level=level, today=on
    )
    if answered:
        concern_answer(concern=concern, actor=None, answer=ANSWER, today=on)
    return concern
