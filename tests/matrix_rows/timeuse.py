"""Time use. Your own page is for every member of an organisation (it explains
itself to those without a staff record); recording needs a staff record, which
in the world only the practitioner and the team manager have. An individual's
samples are seen by the person and the manager of their team, and by nobody
else: a lead or a union representative gets the same 404 as a stranger. The
dashboards are aggregates, for everyone with ``can_view_time_use``."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from safeworkload.organisations.models import Person
from safeworkload.timeuse.services import time_sample_record
from tests.matrix import LEADS, ORG_ROLES, Row, obj, only

VIEWERS = ("team_manager", "union_rep", *LEADS)
WITH_A_STAFF_RECORD = ("practitioner", "team_manager")
NO_INDIVIDUALS = {"service_lead": 404, "union_rep": 404, "org_admin": 404}


def _sample(person: Person) -> int:
    today = timezone.localdate()
    recorded = time_sample_record(
        person=person,
        week_starting=today - timedelta(days=today.weekday(), weeks=1),
        hours={"face_to_face": Decimal(8), "recording": Decimal(20)},
        actor=None,
        today=today,
    )
    return recorded.sample.pk


ROWS: dict[str, Row] = {
    "timeuse:mine": Row(lambda w: "/time-use/mine/", only(*ORG_ROLES, "outsider")),
    "timeuse:record": Row(lambda w: "/time-use/mine/record/", only(*WITH_A_STAFF_RECORD)),
    "timeuse:person": Row(
        lambda w: f"/time-use/people/{w.practitioner_person.pk}/",
        {**obj(*WITH_A_STAFF_RECORD), **NO_INDIVIDUALS},
        url_in_b=lambda w: f"/time-use/people/{w.person_b.pk}/",
    ),
    "timeuse:sample-detail": Row(
        lambda w: f"/time-use/samples/{_sample(w.practitioner_person)}/",
        {**obj(*WITH_A_STAFF_RECORD), **NO_INDIVIDUALS},
        url_in_b=lambda w: f"/time-use/samples/{_sample(w.person_b)}/",
    ),
    "timeuse:dashboard": Row(lambda w: "/time-use/dashboard/", only(*VIEWERS, "outsider")),
    "timeuse:dashboard-export": Row(
        lambda w: "/time-use/dashboard/export.csv", only(*VIEWERS, "outsider")
    ),
    "timeuse:dashboard-service": Row(
        lambda w: "/time-use/dashboard/service/adults/", only(*VIEWERS, "outsider")
    ),
    "timeuse:dashboard-team": Row(
        lambda w: f"/time-use/dashboard/team/{w.team_a.pk}/",
        obj(*VIEWERS),
        url_in_b=lambda w: f"/time-use/dashboard/team/{w.team_b.pk}/",
    ),
}
