"""The health check survey: running waves, versions of the questions, the
self-assessment and the public answer pages.

Running the survey is for the leads (principal social worker, service lead)
and the organisation's administrator; another organisation's wave or own
version is 404. The answer pages are public: nobody signs in to answer, and a
signed-in person is treated the same as anyone else there. The link row uses
a wave of organisation B, so that the outsider's check that no page shows
them organisation A holds for a page anyone may open.
"""

from django.utils import timezone

from safeworkload.healthcheck.instruments import ensure_standard_instruments
from safeworkload.healthcheck.models import Survey
from safeworkload.healthcheck.services.instruments import instrument_version_create
from safeworkload.healthcheck.services.survey import (
    invitation_create,
    survey_create,
    survey_open,
)
from safeworkload.organisations.models import Organisation, Person
from safeworkload.testing import World
from tests.matrix import LEADS, PERSONAS, Row, obj, only

RUNNERS = LEADS


def _survey(organisation: Organisation, *, opened: bool = False) -> Survey:
    survey = survey_create(
        organisation=organisation,
        actor=None,
        year=timezone.localdate().year,
        title="Workload health check",
        instrument=ensure_standard_instruments().practitioner,
    )
    if opened:
        survey_open(survey=survey, actor=None, today=timezone.localdate())
    return survey


def _a(w: World, **kwargs: bool) -> int:
    return _survey(w.a, **kwargs).pk


def _b(w: World, **kwargs: bool) -> int:
    return _survey(w.b, **kwargs).pk


def _own_version(organisation: Organisation) -> int:
    standard = ensure_standard_instruments().practitioner
    return instrument_version_create(organisation=organisation, actor=None, based_on=standard).pk


def _link(organisation: Organisation, person: Person) -> str:
    survey = _survey(organisation, opened=True)
    token = invitation_create(survey=survey, person=person, today=timezone.localdate())
    return f"/health-check/answer/{token}/"


EVERYONE_200 = {p: 200 for p in PERSONAS}
YEAR = timezone.localdate().year

ROWS: dict[str, Row] = {
    "healthcheck:survey-list": Row(lambda w: "/health-check/", only(*RUNNERS, "outsider")),
    "healthcheck:survey-create": Row(lambda w: "/health-check/new/", only(*RUNNERS, "outsider")),
    "healthcheck:survey-detail": Row(
        lambda w: f"/health-check/{_a(w)}/",
        obj(*RUNNERS),
        url_in_b=lambda w: f"/health-check/{_b(w)}/",
    ),
    "healthcheck:survey-open": Row(
        lambda w: f"/health-check/{_a(w)}/open/",
        obj(*RUNNERS, ok=302),
        method="post",
        url_in_b=lambda w: f"/health-check/{_b(w)}/open/",
    ),
    "healthcheck:survey-close": Row(
        lambda w: f"/health-check/{_a(w, opened=True)}/close/",
        obj(*RUNNERS, ok=302),
        method="post",
        url_in_b=lambda w: f"/health-check/{_b(w, opened=True)}/close/",
    ),
    "healthcheck:survey-invite": Row(
        lambda w: f"/health-check/{_a(w)}/invite/",
        obj(*RUNNERS),
        url_in_b=lambda w: f"/health-check/{_b(w)}/invite/",
    ),
    "healthcheck:survey-code": Row(
        lambda w: f"/health-check/{_a(w)}/code/",
        obj(*RUNNERS),
        method="post",
        url_in_b=lambda w: f"/health-check/{_b(w)}/code/",
    ),
    "healthcheck:instrument-list": Row(
        lambda w: "/health-check/questions/", only(*RUNNERS, "outsider")
    ),
    "healthcheck:instrument-create": Row(
        lambda w: "/health-check/questions/new/",
        only(*RUNNERS, "outsider", ok=302),
        method="post",
    ),
    "healthcheck:instrument-detail": Row(
        lambda w: f"/health-check/questions/{_own_version(w.a)}/",
        obj(*RUNNERS),
        url_in_b=lambda w: f"/health-check/questions/{_own_version(w.b)}/",
    ),
    "healthcheck:assessment-list": Row(
        lambda w: "/health-check/self-assessment/", only(*RUNNERS, "outsider")
    ),
    "healthcheck:assessment-edit": Row(
        lambda w: f"/health-check/self-assessment/{YEAR}/", only(*RUNNERS, "outsider")
    ),
    # Public: anyone may answer, signed in or not.
    "healthcheck:answer-code": Row(lambda w: "/health-check/answer/", EVERYONE_200, public=True),
    "healthcheck:answer-open": Row(
        lambda w: "/health-check/answer/open/", {p: 302 for p in PERSONAS}, public=True
    ),
    "healthcheck:answer-done": Row(
        lambda w: "/health-check/answer/thank-you/", EVERYONE_200, public=True
    ),
    "healthcheck:answer-link": Row(lambda w: _link(w.b, w.person_b), EVERYONE_200, public=True),
}
