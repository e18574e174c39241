"""Professional concerns. Every member of an organisation has the pages for their
own concerns (a member without a staff record is told why they cannot raise
one); a concern's own page is its raiser's alone, so everyone else, their
manager and the leads included, gets 404 there. Leads answer concerns;
leads and union representatives read the register, which has no content."""

from django.utils import timezone

from safeworkload.concerns.models import Level
from safeworkload.concerns.services import concern_answer, concern_raise
from safeworkload.organisations.models import Person
from safeworkload.testing import World
from tests.matrix import LEADS, ORG_ROLES, Row, obj, only

ANSWERERS = LEADS
REGISTER = ("union_rep", *LEADS)
# The raiser's page: another person's concern is 404 for every other role.
RAISER_ONLY = {
    **obj("practitioner"),
    "team_manager": 404,
    "service_lead": 404,
    "union_rep": 404,
    "org_admin": 404,
}


def _concern(person: Person, *, answered: bool = False) -> int:
    concern = concern_raise(
        person=person,
        actor=None,
        subject="Waiting lists for assessments",
        detail="People wait months for an assessment.",
        level=Level.SERVICE_LEAD,
        today=timezone.localdate(),
    )
    if answered:
        concern_answer(concern=concern, actor=None, answer="More assessors from next month.")
    return concern.pk


def _a(w: World, **kwargs: bool) -> int:
    return _concern(w.practitioner_person, **kwargs)


def _b(w: World, **kwargs: bool) -> int:
    return _concern(w.person_b, **kwargs)


ROWS: dict[str, Row] = {
    "concerns:mine": Row(lambda w: "/concerns/", only(*ORG_ROLES, "outsider")),
    "concerns:raise": Row(lambda w: "/concerns/new/", only(*ORG_ROLES, "outsider")),
    "concerns:detail": Row(
        lambda w: f"/concerns/{_a(w)}/",
        RAISER_ONLY,
        url_in_b=lambda w: f"/concerns/{_b(w)}/",
    ),
    "concerns:close": Row(
        lambda w: f"/concerns/{_a(w)}/close/",
        {**RAISER_ONLY, "practitioner": 302},
        method="post",
        url_in_b=lambda w: f"/concerns/{_b(w)}/close/",
    ),
    "concerns:escalate": Row(
        lambda w: f"/concerns/{_a(w, answered=True)}/escalate/",
        {**RAISER_ONLY, "practitioner": 302},
        method="post",
        data={"escalate-level": str(Level.DIRECTOR)},
        url_in_b=lambda w: f"/concerns/{_b(w, answered=True)}/escalate/",
    ),
    "concerns:answer-list": Row(lambda w: "/concerns/to-answer/", only(*ANSWERERS, "outsider")),
    "concerns:answer-detail": Row(
        lambda w: f"/concerns/to-answer/{_a(w)}/",
        obj(*ANSWERERS),
        url_in_b=lambda w: f"/concerns/to-answer/{_b(w)}/",
    ),
    "concerns:acknowledge": Row(
        lambda w: f"/concerns/to-answer/{_a(w)}/acknowledge/",
        obj(*ANSWERERS, ok=302),
        method="post",
        url_in_b=lambda w: f"/concerns/to-answer/{_b(w)}/acknowledge/",
    ),
    "concerns:answer": Row(
        lambda w: f"/concerns/to-answer/{_a(w)}/answer/",
        obj(*ANSWERERS, ok=302),
        method="post",
        data={"answer": "Two more assessors start next month."},
        url_in_b=lambda w: f"/concerns/to-answer/{_b(w)}/answer/",
    ),
    "concerns:register": Row(lambda w: "/concerns/register/", only(*REGISTER, "outsider")),
    "concerns:register-csv": Row(
        lambda w: "/concerns/register/export.csv", only(*REGISTER, "outsider")
    ),
}
