"""Running a wave: creating it, opening and closing, inviting by link, the open
code, counts hidden below the minimum group, and employers' own versions."""

import hashlib
import re

import pytest
from django.core import mail

from safeworkload.audit.models import AuditEntry
from safeworkload.healthcheck.instruments import ensure_standard_instruments
from safeworkload.healthcheck.models import Instrument, Invitation, Scale, Survey
from safeworkload.healthcheck.services.answer import AboutYou, response_submit
from safeworkload.healthcheck.services.instruments import (
    InstrumentError,
    instrument_question_add,
    instrument_version_create,
)
from safeworkload.healthcheck.services.survey import (
    SurveyError,
    invitations_send,
    survey_close,
    survey_open,
    survey_open_code_set,
)
from safeworkload.healthcheck.tests.survey_helpers import TODAY, make_survey
from safeworkload.organisations.models import Person
from safeworkload.testing import PersonFactory

pytestmark = pytest.mark.django_db


def _lead(client, world):
    client.force_login(world.users["service_lead"])
    return client


def _respond(survey, times: int) -> None:
    for _ in range(times):
        response_submit(survey=survey, values={}, about=AboutYou(), today=TODAY)


# ---------------------------------------------------------------------------
# Creating, opening, closing


def test_a_new_wave_copies_the_minimum_group_from_the_setting(client, world, settings):
    settings.SAFEWORKLOAD_SURVEY_MIN_GROUP = 15
    standard = ensure_standard_instruments().practitioner
    response = _lead(client, world).post(
        "/health-check/new/",
        {"year": "2026", "title": "Health check 2026", "instrument": str(standard.pk)},
    )
    survey = Survey.objects.get(organisation=world.a)
    assert response.status_code == 302
    assert (survey.min_group, survey.status, survey.instrument) == (15, "draft", standard)


def test_a_wave_without_a_title_is_refused_in_the_design_systems_words(client, world):
    standard = ensure_standard_instruments().practitioner
    response = _lead(client, world).post(
        "/health-check/new/", {"year": "2026", "title": "", "instrument": str(standard.pk)}
    )
    assert response.status_code == 200
    assert "Enter a title" in response.content.decode()


def test_a_wave_opens_then_closes_and_cannot_open_again(world):
    survey = make_survey(world.a, opened=False)
    survey_open(survey=survey, actor=None, today=TODAY)
    survey_close(survey=survey, actor=None, today=TODAY)
    assert (survey.status, survey.opens_on, survey.closes_on) == ("closed", TODAY, TODAY)
    with pytest.raises(SurveyError):
        survey_open(survey=survey, actor=None, today=TODAY)


def test_opening_from_the_page_is_audited(client, world):
    survey = make_survey(world.a, opened=False)
    response = _lead(client, world).post(f"/health-check/{survey.pk}/open/")
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == "open"
    assert AuditEntry.objects.filter(action="healthcheck.survey_opened").exists()


# ---------------------------------------------------------------------------
# Invitations


def test_an_invitation_stores_only_the_hash_of_its_token(world):
    survey = make_survey(world.a)
    links: list[str] = []
    invitations_send(
        survey=survey,
        actor=None,
        people=[PersonFactory(organisation=world.a, email="sam@a.example")],
        today=TODAY,
        link_for=lambda token: links.append(token) or f"https://x.example/{token}/",
    )
    (token,) = links
    invitation = Invitation.objects.get(survey=survey)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 40
    assert token not in str(list(Invitation.objects.values()))


def test_each_invited_person_is_emailed_their_own_link(
    client, world, django_capture_on_commit_callbacks
):
    survey = make_survey(world.a)
    for n in range(3):
        PersonFactory(organisation=world.a, team=world.team_a, email=f"p{n}@a.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = _lead(client, world).post(
            f"/health-check/{survey.pk}/invite/", {"who": "team", "team": str(world.team_a.pk)}
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@a.example", "p1@a.example", "p2@a.example"]
    links = {re.search(r"/health-check/answer/([\w-]+)/", m.body).group(1) for m in mail.outbox}
    assert len(links) == 3


def test_inviting_someone_again_sends_nothing_and_makes_no_second_link(world):
    survey = make_survey(world.a)
    person = PersonFactory(organisation=world.a, email="sam@a.example")
    first = invitations_send(survey=survey, actor=None, people=[person], today=TODAY, link_for=str)
    second = invitations_send(survey=survey, actor=None, people=[person], today=TODAY, link_for=str)
    assert (first.sent, second.sent, second.already) == (1, 0, 1)
    assert Invitation.objects.filter(survey=survey, person=person).count() == 1


def test_people_without_an_email_address_are_not_invited(world):
    survey = make_survey(world.a)
    invited = invitations_send(
        survey=survey,
        actor=None,
        people=[PersonFactory(organisation=world.a, email="")],
        today=TODAY,
        link_for=str,
    )
    assert (invited.sent, invited.no_email) == (0, 1)
    assert not Invitation.objects.exists()


def test_everyone_in_post_means_people_who_have_not_left(client, world):
    survey = make_survey(world.a)
    Person.objects.filter(organisation=world.a).update(email="x@a.example")
    PersonFactory(organisation=world.a, email="gone@a.example", end_date=TODAY.replace(year=2025))
    _lead(client, world).post(f"/health-check/{survey.pk}/invite/", {"who": "everyone"})
    invited = set(Invitation.objects.values_list("person__email", flat=True))
    assert "gone@a.example" not in invited
    assert (
        Invitation.objects.count()
        == Person.objects.filter(organisation=world.a, end_date__isnull=True).count()
    )


def test_choosing_one_team_without_saying_which_is_an_error(client, world):
    survey = make_survey(world.a)
    response = _lead(client, world).post(f"/health-check/{survey.pk}/invite/", {"who": "team"})
    assert "Select the team to invite" in response.content.decode()


def test_nobody_is_invited_to_a_closed_wave(world):
    survey = make_survey(world.a)
    survey_close(survey=survey, actor=None, today=TODAY)
    with pytest.raises(SurveyError):
        invitations_send(survey=survey, actor=None, people=[], today=TODAY, link_for=str)


# ---------------------------------------------------------------------------
# The open code


def test_the_open_code_is_shown_once_and_stored_hashed(client, world):
    survey = make_survey(world.a)
    page = _lead(client, world).post(f"/health-check/{survey.pk}/code/").content.decode()
    code = re.search(r"app-code\">([A-Z0-9]{5}-[A-Z0-9]{5})<", page).group(1)
    survey.refresh_from_db()
    assert survey.open_code_hash == hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    assert code not in client.get(f"/health-check/{survey.pk}/").content.decode()


def test_a_new_code_replaces_the_old_one(world):
    survey = make_survey(world.a)
    first = survey_open_code_set(survey=survey, actor=None)
    second = survey_open_code_set(survey=survey, actor=None)
    assert first != second
    assert survey.open_code_hash == hashlib.sha256(second.encode()).hexdigest()


# ---------------------------------------------------------------------------
# Counts below the minimum group


@pytest.mark.parametrize(
    ("responses", "shown"),
    [(0, "Fewer than 10 responses so far"), (9, "Fewer than 10 responses so far"), (10, "10")],
)
def test_the_response_count_is_hidden_below_the_minimum_group(client, world, responses, shown):
    survey = make_survey(world.a, min_group=10)
    _respond(survey, responses)
    detail = _lead(client, world).get(f"/health-check/{survey.pk}/").content.decode()
    listing = client.get("/health-check/").content.decode()
    assert shown in detail
    assert shown in listing


@pytest.mark.parametrize(("completed", "hidden"), [(9, True), (10, False)])
def test_the_count_of_links_used_is_hidden_below_the_minimum_group(
    client, world, completed, hidden
):
    survey = make_survey(world.a, min_group=10)
    people = [PersonFactory(organisation=world.a, email=f"p{n}@a.example") for n in range(12)]
    invitations_send(survey=survey, actor=None, people=people, today=TODAY, link_for=str)
    Invitation.objects.filter(
        pk__in=list(Invitation.objects.values_list("pk", flat=True)[:completed])
    ).update(completed=True)
    page = _lead(client, world).get(f"/health-check/{survey.pk}/").content.decode()
    assert ("Fewer than 10 links used so far" in page) is hidden


# ---------------------------------------------------------------------------
# Employers' own versions


def test_an_own_version_copies_the_standard_questions_and_takes_the_next_number(world):
    standard = ensure_standard_instruments().practitioner
    own = instrument_version_create(organisation=world.a, actor=None, based_on=standard)
    later = instrument_version_create(organisation=world.a, actor=None, based_on=own)
    codes = list(standard.questions.values_list("code", flat=True))
    assert (own.version, later.version, own.owner, own.based_on) == (2, 3, world.a, standard)
    assert list(own.questions.values_list("code", flat=True)) == codes


def test_another_organisations_versions_do_not_take_its_numbers(world):
    standard = ensure_standard_instruments().practitioner
    instrument_version_create(organisation=world.b, actor=None, based_on=standard)
    own = instrument_version_create(organisation=world.a, actor=None, based_on=standard)
    assert own.version == 2


def test_an_employer_adds_a_question_from_the_page_and_it_is_asked(client, world):
    standard = ensure_standard_instruments().practitioner
    _lead(client, world).post("/health-check/questions/new/")
    own = Instrument.objects.get(owner=world.a)
    agree = Scale.objects.get(code="agree-5")
    response = client.post(
        f"/health-check/questions/{own.pk}/",
        {"text": "I can park near the office.", "hint": "", "area": "wellbeing", "scale": agree.pk},
    )
    assert response.status_code == 302
    added = own.questions.get(code="own_1")
    assert (added.area, added.scale, added.position) == (
        "wellbeing",
        agree,
        standard.questions.count() + 1,
    )


def test_a_version_a_wave_has_used_cannot_change_and_the_wave_keeps_its_questions(world):
    standard = ensure_standard_instruments().practitioner
    own = instrument_version_create(organisation=world.a, actor=None, based_on=standard)
    survey = make_survey(world.a, instrument=own)
    with pytest.raises(InstrumentError):
        instrument_question_add(
            instrument=own, actor=None, text="New?", area="wellbeing", scale=Scale.objects.first()
        )
    newer = instrument_version_create(organisation=world.a, actor=None, based_on=own)
    instrument_question_add(
        instrument=newer, actor=None, text="New?", area="wellbeing", scale=Scale.objects.first()
    )
    survey.refresh_from_db()
    assert survey.instrument == own
    assert not own.questions.filter(code="own_1").exists()


def test_the_standard_survey_cannot_be_changed(world):
    standard = ensure_standard_instruments().practitioner
    with pytest.raises(InstrumentError):
        instrument_question_add(
            instrument=standard,
            actor=None,
            text="New?",
            area="wellbeing",
            scale=Scale.objects.first(),
        )


@pytest.mark.parametrize(("persona", "shown"), [("service_lead", True), ("practitioner", False)])
def test_the_menu_links_the_health_check_for_those_who_run_it_only(client, world, persona, shown):
    client.force_login(world.users[persona])
    assert ('href="/health-check/"' in client.get("/").content.decode()) is shown
