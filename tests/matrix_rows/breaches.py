"""The breach register: team managers see their own teams' breaches, leads and
union representatives all of them; only managers and leads change one. A
breach of organisation B, or of a team the manager does not manage, is 404."""

from datetime import date

from safeworkload.caseloads.models import Breach, EscalationLevel
from safeworkload.caseloads.services.breaches import breach_open
from safeworkload.organisations.models import Organisation, Person
from safeworkload.testing import World
from tests.matrix import LEADS, Row, obj, only

VIEWERS = ("team_manager", "union_rep", *LEADS)
MANAGERS = ("team_manager", *LEADS)


def _breach(organisation: Organisation, person: Person, *, plan: str = "") -> int:
    for rank, title in ((1, "Team manager"), (2, "Service lead")):
        EscalationLevel.objects.get_or_create(
            organisation=organisation, rank=rank, defaults={"title": title}
        )
    breach = breach_open(
        organisation=organisation, person=person, kind=Breach.Kind.RED_BAND, opened_on=date.today()
    ) or Breach.objects.get(person=person, kind=Breach.Kind.RED_BAND, status="open")
    if plan:
        Breach.objects.filter(pk=breach.pk).update(plan=plan)
    return breach.pk


def _a(w: World, **kwargs: str) -> int:
    return _breach(w.a, w.practitioner_person, **kwargs)


def _b(w: World, **kwargs: str) -> int:
    return _breach(w.b, w.person_b, **kwargs)


ROWS: dict[str, Row] = {
    "caseloads:breach-list": Row(lambda w: "/caseloads/breaches/", only(*VIEWERS, "outsider")),
    "caseloads:breach-export-csv": Row(
        lambda w: "/caseloads/breaches/export.csv", only(*VIEWERS, "outsider")
    ),
    "caseloads:breach-export-pdf": Row(
        lambda w: "/caseloads/breaches/export.pdf", only(*VIEWERS, "outsider")
    ),
    "caseloads:breach-detail": Row(
        lambda w: f"/caseloads/breaches/{_a(w)}/",
        obj(*VIEWERS),
        url_in_b=lambda w: f"/caseloads/breaches/{_b(w)}/",
    ),
    "caseloads:breach-plan": Row(
        lambda w: f"/caseloads/breaches/{_a(w)}/plan/",
        {**obj(*MANAGERS, ok=302), "union_rep": 403},
        method="post",
        data={"plan": "Two cases move to a co-worker this week.", "actions": "co_worker_added"},
        url_in_b=lambda w: f"/caseloads/breaches/{_b(w)}/plan/",
    ),
    "caseloads:breach-escalate": Row(
        lambda w: f"/caseloads/breaches/{_a(w)}/escalate/",
        {**obj(*MANAGERS, ok=302), "union_rep": 403},
        method="post",
        data={"escalate-note": "No plan after ten days."},
        url_in_b=lambda w: f"/caseloads/breaches/{_b(w)}/escalate/",
    ),
    "caseloads:breach-resolve": Row(
        lambda w: f"/caseloads/breaches/{_a(w, plan='Work moved to a co-worker.')}/resolve/",
        {**obj(*MANAGERS, ok=302), "union_rep": 403},
        method="post",
        data={"resolve-note": "Back under 100%."},
        url_in_b=lambda w: f"/caseloads/breaches/{_b(w, plan='Done.')}/resolve/",
    ),
}
