"""The supervision import's pages: organisation administrators only
(``can_import_supervision``); another organisation's import is 404."""

from typing import cast

from safeworkload.interop.supervision_csv import COLUMNS
from safeworkload.interop.supervision_services import supervision_import_check
from safeworkload.organisations.models import Organisation, Person
from safeworkload.testing import PersonFactory
from tests.matrix import ADMIN, Row, obj, only


def _supervision_import(organisation: Organisation) -> int:
    """A checked import of one session booked between two of the organisation's people."""
    people = list(Person.objects.filter(organisation=organisation).order_by("pk")[:2])
    while len(people) < 2:
        people.append(cast(Person, PersonFactory(organisation=organisation)))
    row = {
        "session_ref": "MATRIX-1",
        "supervisee_staff_number": people[0].staff_number,
        "supervisor_staff_number": people[1].staff_number,
        "scheduled_for": "2025-01-06",
        "status": "scheduled",
    }
    text = ",".join(COLUMNS) + "\n" + ",".join(row.get(name, "") for name in COLUMNS) + "\n"
    return supervision_import_check(organisation=organisation, actor=None, text=text).pk


ROWS: dict[str, Row] = {
    "interop:supervision-import": Row(lambda w: "/import/supervision/", only(*ADMIN, "outsider")),
    "interop:supervision-import-template": Row(
        lambda w: "/import/supervision/template.csv", only(*ADMIN, "outsider")
    ),
    "interop:supervision-import-check": Row(
        lambda w: f"/import/supervision/{_supervision_import(w.a)}/",
        obj(*ADMIN),
        url_in_b=lambda w: f"/import/supervision/{_supervision_import(w.b)}/",
    ),
    # An import not yet applied sends its done page back to the check page.
    "interop:supervision-import-done": Row(
        lambda w: f"/import/supervision/{_supervision_import(w.a)}/done/",
        obj(*ADMIN, ok=302),
        url_in_b=lambda w: f"/import/supervision/{_supervision_import(w.b)}/done/",
    ),
}
