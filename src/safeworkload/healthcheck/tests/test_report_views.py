"""The report pages: the wave list, the report, its CSV and PDF."""

import csv
import io

import pytest

from safeworkload.healthcheck.tests.test_report_factories import Person, answer, make_survey, same
from safeworkload.testing import TeamFactory, require_weasyprint


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


@pytest.fixture
def wave(world):
    survey = make_survey(world.a, min_group=10)
    small = TeamFactory(organisation=world.a, name="Tiny team")
    answer(
        survey,
        [
            *same(
                12,
                team=world.team_a,
                answers={
                    "workload_manageable": 2,
                    "supervision_could_not_get": 2,
                    "hours_contracted": 37,
                    "hours_worked": 42,
                    "intention_to_stay": 1,
                },
            ),
            *same(11, team=world.other_team_a, answers={"workload_manageable": 4}),
            *[Person(team=small, answers={"workload_manageable": 5}) for _ in range(3)],
            Person(answers={"comments": "Caseloads keep rising."}),
        ],
    )
    return survey


def test_the_wave_list_shows_respondents_only_above_the_minimum(client, world, wave):
    make_survey(world.a, year=2027, title="Small wave")
    page = as_(client, world, "union_rep").get("/health-check/reports/").content.decode()
    assert "Health check 2026" in page and "27" in page
    assert "Fewer than 10" in page


def test_the_report_page_hides_small_teams_and_says_so(client, world, wave):
    page = (
        as_(client, world, "service_lead").get(f"/health-check/reports/{wave.pk}/").content.decode()
    )
    assert "Too few to show" in page
    assert "app-table-wrapper" in page
    assert 'role="img"' in page  # the charts, with their text alternative
    assert "Caseloads keep rising." in page
    assert "could not get supervision" in page


def test_the_csv_carries_only_what_the_page_shows(client, world, wave):
    response = as_(client, world, "org_admin").get(f"/health-check/reports/{wave.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "group", "measure", "value"]
    tiny = [r for r in rows if r[1] == "Tiny team"]
    assert tiny == [["By team", "Tiny team", "Respondents", "Too few to show"]]
    assert "Caseloads keep rising." not in response.content.decode()


def test_the_annual_report_is_a_pdf(client, world, wave):
    require_weasyprint()
    response = as_(client, world, "union_rep").get(f"/health-check/reports/{wave.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="health-check-council-a-2026.pdf"' in response["Content-Disposition"]


def test_without_pango_the_pdf_says_so_and_offers_the_csv(client, world, wave, monkeypatch):
    from safeworkload.core import pdf

    def missing(html: str) -> bytes:
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "html_to_pdf", missing)
    response = as_(client, world, "service_lead").get(f"/health-check/reports/{wave.pk}/report.pdf")
    assert response.status_code == 503
    assert "CSV" in response.content.decode()


def test_another_organisations_wave_is_not_found(client, world, wave):
    other = make_survey(world.b)
    response = as_(client, world, "service_lead").get(f"/health-check/reports/{other.pk}/")
    assert response.status_code == 404


def test_a_practitioner_cannot_see_the_report(client, world, wave):
    response = as_(client, world, "practitioner").get(f"/health-check/reports/{wave.pk}/")
    assert response.status_code == 403
