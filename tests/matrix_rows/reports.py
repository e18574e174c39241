"""Caseload reports: leads and union representatives see every aggregate report,
a team manager their own team's; case lists (unallocated, dormant) are for those
who may see cases, never union representatives; the regional comparison is for
the regional roles."""

from tests.matrix import LEADS, REGION_READERS, Row, obj, only

REPORT_READERS = ("union_rep", *LEADS)
CASE_READERS = ("team_manager", *LEADS)

ROWS: dict[str, Row] = {
    "caseloads:report-organisation": Row(
        lambda w: "/caseloads/reports/", only(*REPORT_READERS, "outsider")
    ),
    "caseloads:report-export": Row(
        lambda w: "/caseloads/reports/export.csv", only(*REPORT_READERS, "outsider")
    ),
    "caseloads:report-team": Row(
        lambda w: f"/caseloads/reports/team/{w.team_a.pk}/",
        obj("team_manager", *REPORT_READERS),
        url_in_b=lambda w: f"/caseloads/reports/team/{w.team_b.pk}/",
    ),
    "caseloads:report-team-export": Row(
        lambda w: f"/caseloads/reports/team/{w.team_a.pk}/export.csv",
        obj("team_manager", *REPORT_READERS),
        url_in_b=lambda w: f"/caseloads/reports/team/{w.team_b.pk}/export.csv",
    ),
    "caseloads:report-queue": Row(
        lambda w: "/caseloads/reports/queue/", only(*CASE_READERS, "outsider")
    ),
    "caseloads:report-queue-export": Row(
        lambda w: "/caseloads/reports/queue/export.csv", only(*CASE_READERS, "outsider")
    ),
    "caseloads:report-dormant": Row(
        lambda w: "/caseloads/reports/dormant/", only(*CASE_READERS, "outsider")
    ),
    "caseloads:report-dormant-export": Row(
        lambda w: "/caseloads/reports/dormant/export.csv", only(*CASE_READERS, "outsider")
    ),
    "caseloads:report-region": Row(lambda w: "/caseloads/reports/region/", only(*REGION_READERS)),
    "caseloads:report-region-export": Row(
        lambda w: "/caseloads/reports/region/export.csv", only(*REGION_READERS)
    ),
}
