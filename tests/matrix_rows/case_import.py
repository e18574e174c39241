"""The case import's pages: organisation administrators only (``can_import_cases``);
another organisation's import is 404."""

from safeworkload.caseloads.models import CaseType
from safeworkload.interop.case_csv import COLUMNS
from safeworkload.interop.case_services import case_import_check
from safeworkload.organisations.models import Organisation, Team
from tests.matrix import ADMIN, Row, obj, only


def _case_import(organisation: Organisation) -> int:
    """A checked import of one unallocated case, in the organisation's first team."""
    team = Team.objects.filter(organisation=organisation).order_by("pk").first()
    assert team is not None
    CaseType.objects.get_or_create(
        organisation=organisation,
        service_area=team.service_area,
        code="review",
        defaults={"name": "Review"},
    )
    row = {
        "reference": "MATRIX-1",
        "team": team.name,
        "case_type": "review",
        "tier": "2",
        "status": "active",
        "opened_on": "2025-01-06",
    }
    text = ",".join(COLUMNS) + "\n" + ",".join(row.get(name, "") for name in COLUMNS) + "\n"
    return case_import_check(organisation=organisation, actor=None, text=text).pk


ROWS: dict[str, Row] = {
    "interop:case-import": Row(lambda w: "/import/cases/", only(*ADMIN, "outsider")),
    "interop:case-import-template": Row(
        lambda w: "/import/cases/template.csv", only(*ADMIN, "outsider")
    ),
    "interop:case-import-check": Row(
        lambda w: f"/import/cases/{_case_import(w.a)}/",
        obj(*ADMIN),
        url_in_b=lambda w: f"/import/cases/{_case_import(w.b)}/",
    ),
    # An import not yet applied sends its done page back to the check page.
    "interop:case-import-done": Row(
        lambda w: f"/import/cases/{_case_import(w.a)}/done/",
        obj(*ADMIN, ok=302),
        url_in_b=lambda w: f"/import/cases/{_case_import(w.b)}/done/",
    ),
}
