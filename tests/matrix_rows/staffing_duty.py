"""Duty sizing from a contact log: service leads and administrators (and the
outsider, B's administrator, in their own organisation); everyone else 403.

The result page and its CSV show the result kept in the user's session; with
none kept, as for a matrix request, they send the user back to the upload page."""

from tests.matrix import LEADS, Row, only

ROWS: dict[str, Row] = {
    "staffing:duty": Row(lambda w: "/staffing/duty/", only(*LEADS, "outsider")),
    "staffing:duty-template": Row(
        lambda w: "/staffing/duty/template.csv", only(*LEADS, "outsider")
    ),
    "staffing:duty-result": Row(
        lambda w: "/staffing/duty/result/", only(*LEADS, "outsider", ok=302)
    ),
    "staffing:duty-csv": Row(
        lambda w: "/staffing/duty/result.csv", only(*LEADS, "outsider", ok=302)
    ),
}
