"""Answering: by one-time link or the open code, signed out, on one page."""

import pytest
from django.test import Client

from safeworkload.healthcheck.instruments import ensure_standard_instruments
from safeworkload.healthcheck.models import Answer, Comment, Invitation, Response, Scale
from safeworkload.healthcheck.services.answer import AboutYou, AnswerError, response_submit
from safeworkload.healthcheck.services.instruments import (
    instrument_question_add,
    instrument_version_create,
)
from safeworkload.healthcheck.services.survey import (
    invitation_create,
    survey_close,
    survey_open_code_set,
)
from safeworkload.healthcheck.tests.survey_helpers import TODAY, answers_post, make_survey

pytestmark = pytest.mark.django_db


def _link(world, **kwargs) -> tuple[str, Invitation]:
    survey = make_survey(world.a, **kwargs)
    token = invitation_create(survey=survey, person=world.practitioner_person, today=TODAY)
    return f"/health-check/answer/{token}/", Invitation.objects.get(survey=survey)


# ---------------------------------------------------------------------------
# By link


def test_a_signed_out_person_answers_through_their_link(client, world):
    url, invitation = _link(world)
    page = client.get(url)
    assert page.status_code == 200
    assert "Your answers are anonymous" in page.content.decode()
    response = client.post(url, answers_post(world.team_a, comments="Too many duty weeks."))
    assert response.status_code == 302
    assert response["Location"] == "/health-check/answer/thank-you/"
    stored = Response.objects.get()
    assert (stored.team, stored.service_area, stored.role, stored.submitted_on) == (
        world.team_a,
        "adults",
        "social_worker",
        stored.submitted_on,
    )
    values = dict(Answer.objects.values_list("question__code", "value"))
    assert (values["hours_worked"], values["supervision_could_not_get"]) == (44.5, 2)
    assert "comments" not in values
    assert Comment.objects.get().text == "Too many duty weeks."
    invitation.refresh_from_db()
    assert invitation.completed


def test_the_day_of_submitting_is_the_day_it_is_stored(world):
    survey = make_survey(world.a)
    response_submit(survey=survey, values={}, about=AboutYou(), today=TODAY)
    assert Response.objects.get().submitted_on == TODAY


def test_a_used_link_says_so_and_takes_nothing_more(client, world):
    url, _ = _link(world)
    client.post(url, answers_post())
    again = Client().post(url, answers_post())
    assert "You have already answered" in again.content.decode()
    assert Response.objects.count() == 1


def test_an_unknown_link_is_not_found(client, world):
    assert client.get("/health-check/answer/not-a-real-token-at-all/").status_code == 404


def test_a_closed_wave_refuses_politely(client, world):
    url, invitation = _link(world)
    survey_close(survey=invitation.survey, actor=None, today=TODAY)
    page = client.post(url, answers_post())
    assert page.status_code == 200
    assert "This survey is closed" in page.content.decode()
    assert not Response.objects.exists()


def test_a_wave_not_yet_open_refuses_too(client, world):
    url, _ = _link(world, opened=False)
    assert "is not taking answers yet" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("hours_contracted", "", "Enter the hours a week you are contracted to work"),
        ("hours_worked", "abc", "Enter the number of hours as a number, like 37 or 22.5"),
        ("hours_worked", "100.5", "Enter the number of hours from 0 to 100"),
        ("hours_worked", "-1", "Enter the number of hours from 0 to 100"),
        ("time_with_people_percent", "101", "Enter a percentage from 0 to 100"),
        ("workload_manageable", "", "Select how far you agree that you can manage your workload"),
        ("about_team", "", "Select your team, or Prefer not to say"),
        ("about_role", "", "Select your role, or Prefer not to say"),
    ],
)
def test_each_field_gets_its_own_error(client, world, field, value, error):
    url, _ = _link(world)
    page = client.post(url, answers_post(**{field: value})).content.decode()
    assert "There is a problem" in page
    assert error in page
    assert f'href="#{field}"' in page
    assert not Response.objects.exists()


@pytest.mark.parametrize(("value", "ok"), [("0", True), ("100", True), ("37.5", True)])
def test_hours_accept_the_whole_range(client, world, value, ok):
    url, _ = _link(world)
    assert (client.post(url, answers_post(hours_worked=value)).status_code == 302) is ok


def test_prefer_not_to_say_is_stored_as_nothing(client, world):
    url, _ = _link(world)
    client.post(
        url,
        answers_post(
            about_role="prefer-not", about_experience="prefer-not", about_service_area="prefer-not"
        ),
    )
    stored = Response.objects.get()
    assert (stored.team, stored.service_area, stored.role, stored.experience) == (None, "", "", "")


def test_a_team_of_another_organisation_cannot_be_given(world):
    survey = make_survey(world.a)
    with pytest.raises(AnswerError):
        response_submit(survey=survey, values={}, about=AboutYou(team=world.team_b), today=TODAY)


def test_an_employers_own_question_is_asked_and_answered(client, world):
    own = instrument_version_create(
        organisation=world.a, actor=None, based_on=ensure_standard_instruments().practitioner
    )
    instrument_question_add(
        instrument=own,
        actor=None,
        text="I can find a desk when I come to the office.",
        area="wellbeing",
        scale=Scale.objects.get(code="agree-5"),
    )
    url, _ = _link(world, instrument=own)
    assert "I can find a desk when I come to the office." in client.get(url).content.decode()
    client.post(url, answers_post(own_1="4"))
    assert Answer.objects.get(question__code="own_1").value == 4


# ---------------------------------------------------------------------------
# By the open code


def _code(world) -> str:
    return survey_open_code_set(survey=make_survey(world.a), actor=None)


def test_the_open_code_leads_to_the_questions(client, world):
    code = _code(world)
    response = client.post("/health-check/answer/", {"code": code})
    assert response["Location"] == "/health-check/answer/open/"
    assert "Send my answers" in client.get("/health-check/answer/open/").content.decode()


def test_the_code_may_be_typed_in_lower_case_with_a_dash(client, world):
    code = _code(world)
    typed = f"{code[:5].lower()}-{code[5:].lower()}"
    assert client.post("/health-check/answer/", {"code": typed}).status_code == 302


def test_a_wrong_code_is_an_error(client, world):
    _code(world)
    page = client.post("/health-check/answer/", {"code": "NOTIT-AAAAA"}).content.decode()
    assert "Enter the organisation code your employer gave you" in page


def test_a_browser_answers_once_by_code_and_another_browser_can_too(client, world):
    code = _code(world)
    client.post("/health-check/answer/", {"code": code})
    assert client.post("/health-check/answer/open/", answers_post()).status_code == 302
    again = client.post("/health-check/answer/open/", answers_post())
    assert "You have already answered" in again.content.decode()
    other = Client()
    other.post("/health-check/answer/", {"code": code})
    other.post("/health-check/answer/open/", answers_post())
    assert Response.objects.count() == 2


def test_without_a_code_the_questions_send_you_to_enter_one(client, world):
    response = client.get("/health-check/answer/open/")
    assert response["Location"] == "/health-check/answer/"


def test_a_signed_in_user_answers_as_anyone_else_does(client, world):
    url, _ = _link(world)
    client.force_login(world.users["service_lead"])
    assert client.post(url, answers_post()).status_code == 302
    assert Response.objects.count() == 1
