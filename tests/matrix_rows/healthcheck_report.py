"""The health check's reports and action plan: leads and union representatives see
the reports and the plan; leads add findings, propose actions and mark them done; only
the union representative co-signs; the regional comparison is for the regional roles.
A wave, finding or action of organisation B is 404."""

from datetime import date

from safeworkload.healthcheck.instruments import ensure_standard_instruments
from safeworkload.healthcheck.models import Finding, PlanAction, Survey
from safeworkload.organisations.models import Organisation
from safeworkload.testing import World
from tests.matrix import LEADS, REGION_READERS, Row, obj, only

READERS = ("union_rep", *LEADS)


def _survey(organisation: Organisation) -> Survey:
    return Survey.objects.create(
        organisation=organisation,
        instrument=ensure_standard_instruments().practitioner,
        title="Health check 2026",
        year=2026,
        status=Survey.Status.CLOSED,
        min_group=10,
    )


def _finding(organisation: Organisation) -> Finding:
    return Finding.objects.create(
        organisation=organisation,
        survey=_survey(organisation),
        area="supervision",
        text="Supervision is hard to get.",
    )


def _action(organisation: Organisation, status: str) -> int:
    action = PlanAction.objects.create(
        organisation=organisation,
        finding=_finding(organisation),
        description="Book every session",
        owner="Principal social worker",
        due_on=date(2099, 1, 1),
        status=status,
    )
    return action.pk


def _s(w: World) -> int:
    return _survey(w.a).pk


def _s_b(w: World) -> int:
    return _survey(w.b).pk


ROWS: dict[str, Row] = {
    "healthcheck:report-list": Row(lambda w: "/health-check/reports/", only(*READERS, "outsider")),
    "healthcheck:report": Row(
        lambda w: f"/health-check/reports/{_s(w)}/",
        obj(*READERS),
        url_in_b=lambda w: f"/health-check/reports/{_s_b(w)}/",
    ),
    "healthcheck:report-export-csv": Row(
        lambda w: f"/health-check/reports/{_s(w)}/export.csv",
        obj(*READERS),
        url_in_b=lambda w: f"/health-check/reports/{_s_b(w)}/export.csv",
    ),
    "healthcheck:report-export-pdf": Row(
        lambda w: f"/health-check/reports/{_s(w)}/report.pdf",
        obj(*READERS),
        url_in_b=lambda w: f"/health-check/reports/{_s_b(w)}/report.pdf",
    ),
    "healthcheck:region": Row(lambda w: "/health-check/region/", only(*REGION_READERS)),
    "healthcheck:region-export-csv": Row(
        lambda w: "/health-check/region/export.csv", only(*REGION_READERS)
    ),
    "healthcheck:plan": Row(
        lambda w: f"/health-check/reports/{_s(w)}/plan/",
        obj(*READERS),
        url_in_b=lambda w: f"/health-check/reports/{_s_b(w)}/plan/",
    ),
    "healthcheck:plan-finding-add": Row(
        lambda w: f"/health-check/reports/{_s(w)}/plan/findings/",
        obj(*LEADS, ok=302),
        method="post",
        data={"area": "supervision", "text": "Supervision is hard to get."},
        url_in_b=lambda w: f"/health-check/reports/{_s_b(w)}/plan/findings/",
    ),
    # Without data the form comes back with its errors (200): the access is what is tested.
    "healthcheck:plan-action-propose": Row(
        lambda w: f"/health-check/plan/findings/{_finding(w.a).pk}/actions/",
        obj(*LEADS),
        method="post",
        url_in_b=lambda w: f"/health-check/plan/findings/{_finding(w.b).pk}/actions/",
    ),
    "healthcheck:plan-action-cosign": Row(
        lambda w: f"/health-check/plan/actions/{_action(w.a, 'proposed')}/cosign/",
        obj("union_rep", ok=302),
        method="post",
        url_in_b=lambda w: f"/health-check/plan/actions/{_action(w.b, 'proposed')}/cosign/",
    ),
    "healthcheck:plan-action-done": Row(
        lambda w: f"/health-check/plan/actions/{_action(w.a, 'agreed')}/done/",
        obj(*LEADS),
        method="post",
        url_in_b=lambda w: f"/health-check/plan/actions/{_action(w.b, 'agreed')}/done/",
    ),
}
