"""The regional comparison for inspectors: each organisation's headline scores, each
hidden below its own wave's minimum, and no region-wide figure."""

import csv
import io

from safeworkload.healthcheck.tests.test_report_factories import answer, make_survey, same
from safeworkload.testing import OrganisationFactory


def test_an_inspector_sees_each_organisation_and_the_small_one_hidden(client, world):
    small = OrganisationFactory(region=world.region, name="Council D", code="council-d")
    answer(make_survey(world.a), same(10, answers={"workload_manageable": 4}))
    answer(make_survey(small), same(4, answers={"workload_manageable": 1}))
    client.force_login(world.users["inspector"])
    page = client.get("/health-check/region/").content.decode()
    assert "Council A" in page and "Council D" in page
    assert "75.0" in page
    assert "Too few to show" in page
    assert "Council B" not in page  # another region


def test_the_region_csv_has_the_same_figures(client, world):
    answer(make_survey(world.a), same(10, answers={"workload_manageable": 4}))
    client.force_login(world.users["inspector"])
    response = client.get("/health-check/region/export.csv?year=2026")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["organisation", "respondents", "Workload manageability (0-100)"]
    assert rows[1][:3] == ["Council A", "10", "75.0"]


def test_with_no_health_checks_the_region_page_says_so(client, world):
    client.force_login(world.users["inspector"])
    page = client.get("/health-check/region/").content.decode()
    assert "No organisation in the region has run a health check yet." in page
