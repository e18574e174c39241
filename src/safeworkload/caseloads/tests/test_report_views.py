"""The caseload report pages as each role sees them, and their CSV downloads."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from safeworkload.calc.standards import METRIC_LABELS
from safeworkload.caseloads.selectors.reports import DEFINITIONS
from safeworkload.caseloads.services.snapshots import monday_of
from safeworkload.caseloads.tests.test_breaches import snapshot
from safeworkload.caseloads.tests.test_reports import make_case
from safeworkload.testing import PersonFactory

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def caseloads(world, today):
    """AVG-1 in team A (20 and 10 cases full-time, 12 half-time), two weeks of
    snapshots, an unallocated case waiting 40 days and a case quiet for 90."""
    full = world.practitioner_person
    other = PersonFactory(organisation=world.a, team=world.team_a)
    half = PersonFactory(organisation=world.a, team=world.team_a, contracted_hours=Decimal("18.5"))
    for person, n, prefix in ((full, 20, "F"), (other, 10, "O"), (half, 12, "H")):
        for i in range(n):
            make_case(world.team_a, f"{prefix}-{i}", worker=person, last_contact_on=today)
    week = monday_of(today)
    for person, percent in ((full, "125.0"), (other, "70.0"), (half, "112.0")):
        snapshot(person, week, percent)
        snapshot(person, week - timedelta(weeks=1), "100.0")
    make_case(world.team_a, "WAITING-1", opened_on=today - timedelta(days=40))
    make_case(
        world.team_a,
        "QUIET-1",
        worker=other,
        opened_on=today - timedelta(days=200),
        last_contact_on=today - timedelta(days=90),
    )
    return world


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


def test_the_dashboard_shows_both_averages_each_with_its_definition(client, caseloads):
    page = as_(client, caseloads, "service_lead").get("/caseloads/reports/").content.decode()
    # 43 open cases held (QUIET-1 included) over 2.5 FTE = 17.2; the median holder has 12.
    assert "17.2 cases per FTE" in page and "12.0 cases" in page
    for label in METRIC_LABELS.values():
        assert label.replace("'", "&#39;") in page
    assert "Average caseload (DfE definition)" in page
    assert "Median caseload per person" in page


def test_the_dashboard_draws_charts_with_their_figures_beside_them(client, caseloads):
    page = as_(client, caseloads, "union_rep").get("/caseloads/reports/").content.decode()
    assert page.count("<svg") == 3
    assert 'role="img"' in page and "<title" in page
    assert "The histogram&#39;s figures as a table" in page or "histogram's figures" in page
    assert "110–119.9%" in page  # the bin table
    assert "Each week, latest first" in page
    assert DEFINITIONS["queue"] in page
    assert "<script" not in page.split("</main>")[0].split("<main")[1]


def test_no_case_reference_reaches_a_union_representative(client, caseloads):
    as_(client, caseloads, "union_rep")
    pages = [
        client.get("/caseloads/reports/").content.decode(),
        client.get(f"/caseloads/reports/team/{caseloads.team_a.pk}/").content.decode(),
        client.get("/caseloads/reports/export.csv").content.decode(),
    ]
    for page in pages:
        assert "WAITING-1" not in page and "QUIET-1" not in page and "F-0" not in page
    assert "List the unallocated cases" not in pages[0]
    assert client.get("/caseloads/reports/queue/").status_code == 403
    assert client.get("/caseloads/reports/dormant/").status_code == 403


def test_the_queue_and_dormant_lists_show_cases_with_their_ages(client, caseloads, today):
    as_(client, caseloads, "service_lead")
    queue = client.get("/caseloads/reports/queue/").content.decode()
    dormant = client.get("/caseloads/reports/dormant/").content.decode()
    assert "WAITING-1" in queue and ">40<" in queue
    assert "QUIET-1" in dormant and ">90<" in dormant
    assert "F-0" not in dormant
    # The threshold is a parameter: at 100 days nothing is dormant.
    assert (
        "QUIET-1" not in client.get("/caseloads/reports/dormant/?dormant_days=100").content.decode()
    )
    queue_rows = rows_of(client.get("/caseloads/reports/queue/export.csv"))
    assert [(r["reference"], r["days_waiting"]) for r in queue_rows] == [("WAITING-1", "40")]
    dormant_rows = rows_of(client.get("/caseloads/reports/dormant/export.csv"))
    assert [(r["reference"], r["days_since"]) for r in dormant_rows] == [("QUIET-1", "90")]


def test_a_team_manager_lists_only_their_teams_cases(client, caseloads, today):
    make_case(caseloads.other_team_a, "ELSEWHERE-1", opened_on=today - timedelta(days=5))
    as_(client, caseloads, "team_manager")
    queue = client.get("/caseloads/reports/queue/").content.decode()
    assert "WAITING-1" in queue and "ELSEWHERE-1" not in queue
    forced = client.get(f"/caseloads/reports/queue/?team={caseloads.other_team_a.pk}")
    assert "ELSEWHERE-1" not in forced.content.decode()


def test_a_team_manager_sees_their_own_teams_report_only(client, caseloads):
    as_(client, caseloads, "team_manager")
    assert client.get(f"/caseloads/reports/team/{caseloads.team_a.pk}/").status_code == 200
    assert client.get(f"/caseloads/reports/team/{caseloads.other_team_a.pk}/").status_code == 404
    assert client.get("/caseloads/reports/").status_code == 403


def test_the_organisation_csv_exports_parse(client, caseloads, today):
    as_(client, caseloads, "service_lead")
    measures = rows_of(client.get("/caseloads/reports/export.csv"))
    whole = measures[0]
    assert whole["scope"] == "Council A"
    assert (whole["workers_with_a_snapshot"], whole["capacity_median_percent"]) == ("3", "112.0")
    assert whole["average_caseload_dfe_cases_per_case_holding_fte"] == "17.2"
    assert whole["median_caseload_per_case_holder"] == "12.0"
    assert (whole["unallocated_cases"], whole["unallocated_oldest_days"]) == ("1", "40")
    assert (whole["dormant_cases"], whole["dormant_after_days"]) == ("1", "60")
    assert {r["scope"] for r in measures[1:]} == {"Team: Adults long-term", "Team: Children duty"}

    trend = rows_of(client.get("/caseloads/reports/export.csv?table=trend"))
    assert [(r["median_percent"], r["workers_over_110"]) for r in trend] == [
        ("100.0", "0"),
        ("112.0", "2"),
    ]
    histogram = rows_of(client.get("/caseloads/reports/export.csv?table=histogram"))
    assert sum(int(r["workers"]) for r in histogram) == 3
    assert {"from_percent": "110", "to_percent_below": "120", "workers": "1"} in histogram


def test_the_team_csv_export_parses(client, caseloads):
    as_(client, caseloads, "team_manager")
    rows = rows_of(client.get(f"/caseloads/reports/team/{caseloads.team_a.pk}/export.csv"))
    assert [r["scope"] for r in rows] == ["Adults long-term"]
    assert rows[0]["case_holders"] == "3"


def test_an_inspector_compares_the_regions_organisations(client, caseloads):
    as_(client, caseloads, "inspector")
    page = client.get("/caseloads/reports/region/").content.decode()
    assert "Council A" in page and "17.2" in page
    assert "Council B" not in page  # B is in another region
    rows = rows_of(client.get("/caseloads/reports/region/export.csv"))
    assert [(r["organisation"], r["breaches_open"]) for r in rows] == [("Council A", "0")]
    assert rows[0]["average_caseload_dfe_cases_per_case_holding_fte"] == "17.2"


def test_the_navigation_links_to_the_reports_and_the_register(client, caseloads):
    page = as_(client, caseloads, "union_rep").get("/").content.decode()
    assert 'href="/caseloads/reports/"' in page and 'href="/caseloads/breaches/"' in page
    page = as_(client, caseloads, "practitioner").get("/").content.decode()
    assert 'href="/caseloads/reports/"' not in page and 'href="/caseloads/breaches/"' not in page


def test_bad_parameters_fall_back_to_the_defaults(client, caseloads):
    as_(client, caseloads, "service_lead")
    page = client.get("/caseloads/reports/?weeks=7&dormant_days=-3").content.decode()
    assert 'value="60"' in page
    assert "Last 26 weeks" in page
