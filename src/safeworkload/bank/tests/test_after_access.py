"""Who reaches the offers, timesheets, statements and fill rates beyond the
permission matrix: a worker never sees another's offer; a team manager
decides only their own teams' timesheets; an inspector sees fill rates by
employer and priority, with no teams."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from safeworkload.bank.models import CoverRequest, Offer, Timesheet
from safeworkload.bank.tests.conftest import Bank
from safeworkload.bank.tests.test_matching_adapter import accept, make_request
from safeworkload.core import pdf
from safeworkload.testing import require_weasyprint

pytestmark = pytest.mark.django_db


def _timesheet(bank: Bank, team) -> Timesheet:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    request = make_request(bank, day=monday, status=CoverRequest.Status.FILLED)
    CoverRequest.objects.filter(pk=request.pk).update(team=team)
    offer = accept(bank, request, bank.ready)
    return Timesheet.objects.create(
        organisation=offer.organisation, offer=offer, week_starting=monday, hours=Decimal("7.5")
    )


@pytest.mark.parametrize(
    ("persona", "own_team", "expected"),
    [
        ("team_manager", True, 302),
        ("team_manager", False, 404),
        ("service_lead", False, 302),
        ("practitioner", True, 403),
    ],
)
def test_only_the_requesting_team_approves_a_timesheet(
    client, bank: Bank, persona, own_team, expected
):
    world = bank.world
    timesheet = _timesheet(bank, world.team_a if own_team else world.other_team_a)
    client.force_login(world.users[persona])
    response = client.post(f"/bank/timesheets/{timesheet.pk}/approve/")
    assert response.status_code == expected
    timesheet.refresh_from_db()
    approved = timesheet.status == Timesheet.Status.APPROVED
    assert approved is (expected == 302)


def test_a_worker_gets_not_found_for_another_worker_s_offer(client, bank: Bank):
    request = make_request(bank, day=timezone.localdate() + timedelta(days=3))
    theirs = Offer.objects.create(
        organisation=request.organisation,
        request=request,
        worker=bank.expiring,
        rate_pence_per_hour=3800,
        cost_pence=28500,
        reason="Test",
    )
    client.force_login(bank.world.users["bank_worker"])
    assert client.get(f"/bank/offers/mine/{theirs.pk}/").status_code == 404
    assert client.post(f"/bank/offers/mine/{theirs.pk}/accept/").status_code == 404


def test_the_worker_sees_the_handover_note_only_once_they_accept(client, bank: Bank):
    request = make_request(bank, day=timezone.localdate() + timedelta(days=3))
    CoverRequest.objects.filter(pk=request.pk).update(handover_note="Ring the duty desk first")
    offer = Offer.objects.create(
        organisation=request.organisation,
        request=request,
        worker=bank.ready,
        rate_pence_per_hour=3800,
        cost_pence=28500,
        reason="Test",
    )
    client.force_login(bank.world.users["bank_worker"])
    assert "Ring the duty desk first" not in client.get(f"/bank/offers/mine/{offer.pk}/").text
    response = client.post(f"/bank/offers/mine/{offer.pk}/accept/", follow=True)
    assert "Ring the duty desk first" in response.text


def test_the_inspector_sees_fill_rates_by_employer_and_priority_without_teams(client, bank: Bank):
    make_request(bank, day=timezone.localdate())
    client.force_login(bank.world.users["inspector"])
    response = client.get("/bank/fill-rates/")
    assert response.status_code == 200
    assert "By employer" in response.text
    assert "By priority" in response.text
    assert "By team" not in response.text
    assert bank.world.team_a.name not in response.text
    export = client.get("/bank/fill-rates/export.csv").content.decode()
    assert bank.world.team_a.name not in export
    assert "Council A" in export


def test_the_coordinator_sees_every_employer_s_statement_and_an_employer_its_own(
    client, bank: Bank
):
    world = bank.world
    client.force_login(world.users["bank_coordinator"])
    assert "Council A" in client.get("/bank/statements/").text
    client.force_login(world.users["outsider"])
    response = client.get("/bank/statements/")
    assert "Council B" in response.text
    assert "Council A" not in response.text


def test_the_statement_pdf_is_a_pdf_named_for_its_month(client, bank: Bank):
    require_weasyprint()
    timesheet = _timesheet(bank, bank.world.team_a)
    Timesheet.objects.filter(pk=timesheet.pk).update(status=Timesheet.Status.APPROVED)
    client.force_login(bank.world.users["bank_coordinator"])
    month = timesheet.week_starting.strftime("%Y-%m")
    response = client.get(f"/bank/statements/export.pdf?month={month}")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert f'filename="bank-recharges-{month}.pdf"' in response["Content-Disposition"]


def test_without_pango_the_statement_pdf_says_so_and_offers_the_csv(
    client, bank: Bank, monkeypatch
):
    def missing(html: str) -> bytes:
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "html_to_pdf", missing)
    client.force_login(bank.world.users["bank_coordinator"])
    response = client.get("/bank/statements/export.pdf")
    assert response.status_code == 503
    assert "the statement as CSV" in response.content.decode()
