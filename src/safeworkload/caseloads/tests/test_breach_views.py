"""The breach register's pages as each role sees them: who sees which breaches,
recording a plan, escalating and resolving, and the CSV and PDF downloads. No
page shows case detail."""

import csv
import io
from datetime import date, timedelta

import pytest

from safeworkload.caseloads.models import Breach
from safeworkload.caseloads.tests.test_breaches import ladder, open_breach
from safeworkload.caseloads.tests.test_reports import make_case
from safeworkload.testing import require_weasyprint

pytestmark = pytest.mark.django_db

SECRET_REFERENCE = "CASE-SECRET-0042"


@pytest.fixture
def register(world):
    """A ladder; a breach in the manager's team (with a case the worker holds)
    and one in another team of A; one in organisation B."""
    ladder(world.a)
    ladder(world.b)
    make_case(world.team_a, SECRET_REFERENCE, worker=world.practitioner_person)
    mine = open_breach(world.practitioner_person, opened_on=date.today() - timedelta(days=20))
    elsewhere = open_breach(world.colleague_elsewhere, kind=Breach.Kind.DECLARATION)
    theirs = open_breach(world.person_b)
    return world, mine, elsewhere, theirs


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


def test_a_team_manager_sees_only_their_teams_breaches(client, register):
    world, _, elsewhere, theirs = register
    page = as_(client, world, "team_manager").get("/caseloads/breaches/").content.decode()
    assert world.practitioner_person.full_name in page
    assert world.colleague_elsewhere.full_name not in page
    assert world.person_b.full_name not in page
    assert client.get(f"/caseloads/breaches/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/caseloads/breaches/{theirs.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["union_rep", "service_lead", "org_admin"])
def test_leads_and_union_representatives_see_the_whole_register(client, register, role):
    world = register[0]
    page = as_(client, world, role).get("/caseloads/breaches/").content.decode()
    assert world.practitioner_person.full_name in page
    assert world.colleague_elsewhere.full_name in page
    assert world.person_b.full_name not in page
    assert "Overdue" in page  # the manager's breach is 20 days old with a 5-day rung


def test_the_register_filters_by_status_kind_and_team(client, register):
    world = register[0]
    as_(client, world, "service_lead")
    by_kind = client.get("/caseloads/breaches/?kind=declaration").content.decode()
    by_team = client.get(f"/caseloads/breaches/?team={world.team_a.pk}").content.decode()
    resolved = client.get("/caseloads/breaches/?status=resolved").content.decode()
    assert world.colleague_elsewhere.full_name in by_kind
    assert world.practitioner_person.full_name not in by_kind
    assert world.practitioner_person.full_name in by_team
    assert world.colleague_elsewhere.full_name not in by_team
    assert "No breaches match" in resolved


def test_a_union_representative_sees_every_escalation_but_no_case_detail(client, register):
    world, mine, _, _ = register
    as_(client, world, "team_manager").post(
        f"/caseloads/breaches/{mine.pk}/escalate/", {"escalate-note": "No plan yet"}
    )
    client.logout()
    as_(client, world, "union_rep")
    pages = [
        client.get("/caseloads/breaches/").content.decode(),
        client.get(f"/caseloads/breaches/{mine.pk}/").content.decode(),
        client.get("/caseloads/breaches/export.csv").content.decode(),
    ]
    detail = pages[1]
    assert "Escalated" in detail and "No plan yet" in detail and "Service lead (now)" in detail
    for page in pages:
        assert SECRET_REFERENCE not in page
    # They may look but not act.
    assert "Record the plan" not in detail and "Escalate to" not in detail
    assert client.post(f"/caseloads/breaches/{mine.pk}/plan/", {"plan": "x"}).status_code == 403


def test_a_manager_records_the_plan(client, register):
    world, mine, _, _ = register
    as_(client, world, "team_manager")
    response = client.post(
        f"/caseloads/breaches/{mine.pk}/plan/",
        {
            "plan": "Duty paused.\nTwo cases to a co-worker.",
            "actions": ["work_removed", "co_worker_added"],
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.plan, mine.work_removed, mine.co_worker_added, mine.case_reallocated) == (
        "Duty paused.\nTwo cases to a co-worker.",
        True,
        True,
        False,
    )
    page = client.get(f"/caseloads/breaches/{mine.pk}/").content.decode()
    assert "Plan recorded" in page and "A co-worker added" in page and "Revise the plan" in page


def test_an_empty_plan_shows_the_error_summary(client, register):
    world, mine, _, _ = register
    page = as_(client, world, "team_manager").post(f"/caseloads/breaches/{mine.pk}/plan/", {})
    body = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in body and "Enter the plan" in body and 'href="#plan"' in body


def test_escalating_moves_up_one_rung_and_stops_at_the_top(client, register):
    world, mine, _, _ = register
    as_(client, world, "service_lead")
    for title in ("Service lead", "Director", "Elected member"):
        response = client.post(f"/caseloads/breaches/{mine.pk}/escalate/", {})
        assert response.status_code == 302
        mine.refresh_from_db()
        assert mine.level.title == title
    page = client.get(f"/caseloads/breaches/{mine.pk}/").content.decode()
    assert "at the top of the escalation ladder" in page
    refused = client.post(f"/caseloads/breaches/{mine.pk}/escalate/", {}).content.decode()
    assert "There is a problem" in refused and "already at the top" in refused


def test_resolving_needs_a_plan_first(client, register):
    world, mine, _, _ = register
    as_(client, world, "team_manager")
    refused = client.post(f"/caseloads/breaches/{mine.pk}/resolve/", {"resolve-note": "Fine now"})
    assert "Record the plan before resolving" in refused.content.decode()
    client.post(f"/caseloads/breaches/{mine.pk}/plan/", {"plan": "Reallocate two cases"})
    assert client.post(f"/caseloads/breaches/{mine.pk}/resolve/", {}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == Breach.Status.RESOLVED
    page = client.get(f"/caseloads/breaches/{mine.pk}/").content.decode()
    assert "Mark as resolved" not in page and "Resolved" in page


def test_the_csv_export_parses_and_follows_the_filters(client, register):
    world, mine, elsewhere, _ = register
    as_(client, world, "union_rep")
    response = client.get("/caseloads/breaches/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["worker"] for r in rows} == {
        world.practitioner_person.full_name,
        world.colleague_elsewhere.full_name,
    }
    row = next(r for r in rows if r["breach_id"] == str(mine.pk))
    assert (row["kind"], row["status"], row["overdue"], row["escalation_rank"]) == (
        "In the red band",
        "Open",
        "yes",
        "1",
    )
    filtered = client.get("/caseloads/breaches/export.csv?kind=declaration").content.decode()
    assert [r["breach_id"] for r in csv.DictReader(io.StringIO(filtered))] == [str(elsewhere.pk)]


def test_the_pdf_export_is_a_pdf(client, register):
    require_weasyprint()
    world, _, _, _ = register
    response = as_(client, world, "union_rep").get("/caseloads/breaches/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="breaches-council-a-' in response["Content-Disposition"]


def test_without_pango_the_pdf_link_says_so_and_offers_the_csv(client, register, monkeypatch):
    from safeworkload.core import pdf

    def missing(html: str) -> bytes:
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "html_to_pdf", missing)
    response = as_(client, register[0], "service_lead").get("/caseloads/breaches/export.pdf")
    assert response.status_code == 503
    assert "Pango" in response.content.decode() and "CSV" in response.content.decode()
