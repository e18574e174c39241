"""Supervision pages and API: who reads the notes, what forms say, what the API leaves out.

Who may open which URL is in tests/matrix_rows/supervision.py.
"""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from safeworkload.organisations.services import api_token_create
from safeworkload.supervision import selectors, services
from safeworkload.supervision.models import Agreement, Session
from safeworkload.testing import World

pytestmark = pytest.mark.django_db

NOTE = "Finding the hospital discharges hard"


def _held(w: World) -> Session:
    today = timezone.localdate()
    agreement = services.agreement_create(
        organisation=w.a,
        supervisee=w.practitioner_person,
        supervisor=w.manager_person,
        kind=Agreement.Kind.LINE,
        frequency=Agreement.Frequency.MONTHLY,
        starts_on=today - timedelta(days=90),
        actor=None,
    )
    session = services.session_schedule(
        agreement=agreement, scheduled_for=today - timedelta(days=2), actor=None
    )
    record = services.SessionRecord(
        held_on=today - timedelta(days=2),
        minutes=90,
        interrupted=False,
        reflective_minutes=40,
        personal_notes=NOTE,
    )
    return services.session_record(
        session=session, record=record, actions=[], actor=None, today=today
    )


@pytest.mark.parametrize(
    ("role", "sees_notes"),
    [("practitioner", True), ("team_manager", True), ("service_lead", False), ("org_admin", False)],
)
def test_only_the_two_people_in_the_room_read_the_personal_notes(client, world, role, sees_notes):
    session = _held(world)
    client.force_login(world.users[role])
    page = client.get(f"/supervision/sessions/{session.pk}/").content.decode()
    assert (NOTE in page) is sees_notes


def test_the_supervisee_confirms_the_record_from_the_session_page(client, world):
    session = _held(world)
    client.force_login(world.users["practitioner"])
    assert (
        "Confirm this is a fair record"
        in client.get(f"/supervision/sessions/{session.pk}/").content.decode()
    )
    response = client.post(f"/supervision/sessions/{session.pk}/confirm/")
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.confirmed_on == timezone.localdate()


def test_an_empty_record_form_says_what_to_enter(client, world):
    session = services.session_schedule(
        agreement=_held(world).agreement, scheduled_for=timezone.localdate(), actor=None
    )
    client.force_login(world.users["team_manager"])
    page = client.post(f"/supervision/sessions/{session.pk}/record/", {}).content.decode()
    assert "Enter how many minutes the session lasted" in page
    assert "Enter the minutes spent on reflection, or 0" in page


def test_reflective_time_longer_than_the_session_is_refused(client, world):
    session = services.session_schedule(
        agreement=_held(world).agreement, scheduled_for=timezone.localdate(), actor=None
    )
    today = timezone.localdate()
    client.force_login(world.users["team_manager"])
    page = client.post(
        f"/supervision/sessions/{session.pk}/record/",
        {
            "held_on_day": today.day,
            "held_on_month": today.month,
            "held_on_year": today.year,
            "minutes": "60",
            "reflective_minutes": "75",
        },
    ).content.decode()
    assert "Enter reflective minutes no more than the whole session" in page


def test_a_practitioner_sees_their_checks_and_the_record_to_confirm(client, world):
    _held(world)
    client.force_login(world.users["practitioner"])
    page = client.get("/supervision/mine/").content.decode()
    assert "waiting for you to confirm" in page
    assert "At least 90 minutes a month from a registered social worker" in page


def test_the_compliance_page_and_csv_give_the_same_answers(client, world):
    session = _held(world)
    month = session.held_on.replace(day=1)
    client.force_login(world.users["union_rep"])
    page = client.get(f"/supervision/compliance/?month={month:%Y-%m}").content.decode()
    export = client.get(f"/supervision/compliance/export.csv?month={month:%Y-%m}")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    answers = selectors.month_answers(organisation=world.a, month=month).rows()
    for question, answer in answers:
        assert question in page and answer in page
    assert [tuple(row) for row in rows[1 : len(answers) + 1]] == answers


def test_a_bad_month_on_the_compliance_page_says_how_to_write_one(client, world):
    client.force_login(world.users["service_lead"])
    page = client.get("/supervision/compliance/?month=October").content.decode()
    assert "Enter the month as year and month, like 2026-10" in page


def test_the_api_gives_sessions_without_their_notes(client, world):
    session = _held(world)
    _, key = api_token_create(organisation=world.a, actor=None, name="a", access="read")
    headers = {"Authorization": f"Bearer {key}"}
    body = client.get("/api/v1/supervision/sessions", headers=headers).json()
    held = next(s for s in body["items"] if s["id"] == session.pk)
    assert (held["minutes"], held["reflective_minutes"]) == (90, 40)
    assert NOTE not in str(body)
    month = session.held_on.replace(day=1)
    answer = client.get(
        f"/api/v1/supervision/compliance?month={month:%Y-%m}", headers=headers
    ).json()
    assert answer["held"] == selectors.month_answers(organisation=world.a, month=month).held


def test_the_case_page_shows_decisions_made_in_supervision(client, world):
    from safeworkload.caseloads.models import Case, CaseType

    case_type = CaseType.objects.create(organisation=world.a, code="review", name="Review")
    case = Case.objects.create(
        organisation=world.a,
        team=world.team_a,
        reference="C-9",
        case_type=case_type,
        opened_on=date(2026, 1, 5),
        worker=world.practitioner_person,
    )
    services.case_discussion_add(
        session=_held(world), case=case, decision="Book the review", rationale="", actor=None
    )
    client.force_login(world.users["practitioner"])
    assert "Book the review" in client.get(f"/caseloads/cases/{case.pk}/").content.decode()


def test_the_home_page_shows_a_practitioners_supervision_at_a_glance(client, world):
    session = _held(world)
    client.force_login(world.users["practitioner"])
    page = client.get("/").content.decode()
    assert "Your supervision" in page
    assert session.held_on.strftime("%-d %B %Y") in page
    glance = selectors.glance(world.practitioner_person, today=timezone.localdate())
    assert (glance.last_held, glance.to_confirm) == (session.held_on, 1)
