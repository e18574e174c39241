"""Absences: recording and ending them, and the guard giving no new work to
anyone away, from the first day of their absence to the last."""

from datetime import date, timedelta

import pytest

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.forms_cases import AbsenceForm
from safeworkload.caseloads.selectors.allocation import (
    allocatable_workers,
    allocation_check,
    allocation_options,
    leave_ends,
    suggestion_for_team,
)
from safeworkload.caseloads.services.allocation import AllocationRefused
from safeworkload.caseloads.services.cases import (
    ENDS_BEFORE_STARTS,
    AbsenceRefused,
    absence_end,
    absence_record,
)
from safeworkload.caseloads.tests.test_allocation_guard import (
    allocate,
    case_in,
    case_type_for,
    load_up,
    scheme_for,
    today,
    worker_in,
)
from safeworkload.core.govuk import format_date
from safeworkload.organisations.models import Absence, Person
from safeworkload.testing import World

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Surgery on her knee"  # must never reach the audit log


def away(person: Person, starts_on: date, ends_on: date, **fields) -> Absence:
    return Absence.objects.create(
        organisation=person.organisation,
        person=person,
        kind=fields.pop("kind", Absence.Kind.ANNUAL_LEAVE),
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )


@pytest.fixture
def team(world: World):
    """Team A with a scheme and a plain case type; the world's practitioner and a
    second worker, both free to take work."""
    scheme_for(world.a)
    plain = case_type_for(world.a, "Review", points="10")
    other = worker_in(world.team_a)
    return world, plain, world.practitioner_person, other


def why_not(case, worker, on: date) -> str:
    return allocation_check(case=case, worker=worker, on=on).why_not


# ---------------------------------------------------------------------------
# The guard


def test_a_worker_on_leave_is_not_eligible_and_the_guard_says_until_when(team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain)
    last_day = today() + timedelta(days=9)
    away(worker, today() - timedelta(days=3), last_day)

    options = {o.worker.pk: o for o in allocation_options(case=case, on=today())}

    assert not options[worker.pk].eligible
    assert options[worker.pk].why_not == f"On leave until {format_date(last_day)}"


def test_the_reason_reads_as_the_brief_gives_it(team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain)
    away(worker, date(2027, 2, 22), date(2027, 3, 3))

    assert why_not(case, worker, date(2027, 3, 1)) == "On leave until 3 March 2027"


@pytest.mark.parametrize(
    ("offset", "eligible"),
    [(-1, True), (0, False), (4, False), (5, True)],
    ids=["the day before", "the first day", "the last day", "the day after"],
)
def test_leave_counts_from_its_first_day_to_its_last_day(team, offset, eligible):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain)
    first = today() + timedelta(days=10)
    away(worker, first, first + timedelta(days=4))

    on = first + timedelta(days=offset)

    assert (why_not(case, worker, on) == "") is eligible


def test_absences_with_no_working_day_between_them_count_as_one(team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain)
    away(worker, today() - timedelta(days=1), today() + timedelta(days=2))
    away(
        worker,
        today() + timedelta(days=3),
        today() + timedelta(days=6),
        kind=Absence.Kind.TRAINING,
    )
    away(worker, today() + timedelta(days=20), today() + timedelta(days=25))

    assert leave_ends(people=[worker], on=today()) == {worker.pk: today() + timedelta(days=6)}
    assert why_not(case, worker, today()).endswith(format_date(today() + timedelta(days=6)))


def test_the_guard_refuses_to_allocate_to_a_worker_on_leave(team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain)
    away(worker, today(), today() + timedelta(days=1))

    with pytest.raises(AllocationRefused) as refused:
        allocate(case, worker, world)

    assert "on leave until" in str(refused.value)
    case.refresh_from_db()
    assert case.worker is None


def test_a_worker_back_from_leave_can_take_work_again(team):
    world, plain, worker, _ = team
    case = case_in(world.team_a, plain)
    away(worker, today() - timedelta(days=10), today() - timedelta(days=1))

    allocation = allocate(case, worker, world)

    assert allocation.worker == worker


def test_the_suggestion_never_gives_work_to_a_worker_on_leave(team):
    world, plain, worker, other = team
    load_up(other, "60")  # the worker on leave is far lighter
    for _ in range(3):
        case_in(world.team_a, plain)
    away(worker, today(), today() + timedelta(days=14))

    suggestion = suggestion_for_team(team=world.team_a, on=today(), time_limit=2)

    assert {line.worker for line in suggestion.lines} == {other}
    assert worker not in suggestion.workers  # nor can the manager choose them instead
    assert worker not in allocatable_workers(team=world.team_a, on=today())


def test_a_suggestion_says_when_everyone_who_could_take_it_is_on_leave(team):
    world, plain, worker, other = team
    case_in(world.team_a, plain)
    for person in (worker, other, world.manager_person):
        away(person, today(), today() + timedelta(days=2))

    suggestion = suggestion_for_team(team=world.team_a, on=today(), time_limit=2)

    assert suggestion.lines[0].worker is None
    assert "on leave" in suggestion.lines[0].reason


def test_the_suggestion_gives_work_to_a_worker_whose_leave_ended_yesterday(team):
    world, plain, worker, other = team
    load_up(other, "60")
    case_in(world.team_a, plain)
    away(worker, today() - timedelta(days=5), today() - timedelta(days=1))

    suggestion = suggestion_for_team(team=world.team_a, on=today(), time_limit=2)

    assert suggestion.lines[0].worker == worker


# ---------------------------------------------------------------------------
# Recording and ending absences


def test_an_absence_must_end_on_or_after_the_day_it_starts(world):
    with pytest.raises(AbsenceRefused) as refused:
        absence_record(
            person=world.practitioner_person,
            actor=world.users["team_manager"],
            kind=Absence.Kind.SICKNESS,
            starts_on=date(2027, 3, 3),
            ends_on=date(2027, 3, 2),
        )
    assert str(refused.value) == ENDS_BEFORE_STARTS
    assert not Absence.objects.exists()


def test_a_one_day_absence_is_allowed(world):
    absence = absence_record(
        person=world.practitioner_person,
        actor=world.users["team_manager"],
        kind=Absence.Kind.TRAINING,
        starts_on=date(2027, 3, 3),
        ends_on=date(2027, 3, 3),
    )
    assert absence.pk is not None


def _date(prefix: str, value: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def test_the_absence_form_says_when_the_last_day_is_before_the_first():
    form = AbsenceForm(
        {
            "kind": "annual_leave",
            **_date("starts_on", date(2027, 3, 3)),
            **_date("ends_on", date(2027, 3, 1)),
        }
    )
    assert not form.is_valid()
    assert form.errors["ends_on"] == [ENDS_BEFORE_STARTS]


def test_the_absence_form_asks_for_both_dates_and_the_kind():
    form = AbsenceForm({})
    assert not form.is_valid()
    assert set(form.errors) == {"kind", "starts_on", "ends_on"}


def test_recording_an_absence_is_audited_without_its_note_or_kind(world):
    absence = absence_record(
        person=world.practitioner_person,
        actor=world.users["team_manager"],
        kind=Absence.Kind.SICKNESS,
        starts_on=today(),
        ends_on=today() + timedelta(days=3),
        note=SECRET_NOTE,
    )
    entry = AuditEntry.objects.get(action="absence.recorded")
    assert entry.object_id == str(absence.pk)
    assert entry.data == {
        "person": world.practitioner_person.staff_number,
        "starts_on": today().isoformat(),
        "ends_on": (today() + timedelta(days=3)).isoformat(),
    }
    assert SECRET_NOTE not in str(entry.data) and "sickness" not in str(entry.data)
    assert absence.note == SECRET_NOTE


def test_ending_an_absence_under_way_makes_yesterday_its_last_day(world):
    absence = away(
        world.practitioner_person, today() - timedelta(days=3), today() + timedelta(days=3)
    )
    ended = absence_end(absence=absence, actor=world.users["team_manager"], on=today())

    assert ended is not None and ended.ends_on == today() - timedelta(days=1)
    assert leave_ends(people=[world.practitioner_person], on=today()) == {}
    entry = AuditEntry.objects.get(action="absence.ended")
    assert entry.data["cancelled"] is False
    assert entry.data["ends_on"] == (today() - timedelta(days=1)).isoformat()


def test_ending_an_absence_not_yet_started_cancels_it(world):
    absence = away(
        world.practitioner_person, today() + timedelta(days=3), today() + timedelta(days=5)
    )
    assert absence_end(absence=absence, actor=world.users["team_manager"], on=today()) is None
    assert not Absence.objects.exists()
    assert AuditEntry.objects.get(action="absence.ended").data["cancelled"] is True


def test_an_absence_already_over_cannot_be_ended(world):
    absence = away(
        world.practitioner_person, today() - timedelta(days=9), today() - timedelta(days=2)
    )
    with pytest.raises(AbsenceRefused):
        absence_end(absence=absence, actor=world.users["team_manager"], on=today())


# ---------------------------------------------------------------------------
# The absence pages


def _url(person: Person) -> str:
    return f"/caseloads/people/{person.pk}/absences/"


def _posted(starts_on: date, ends_on: date, **extra: str) -> dict[str, str]:
    return {
        "kind": "annual_leave",
        **_date("starts_on", starts_on),
        **_date("ends_on", ends_on),
        **extra,
    }


def test_a_team_manager_records_an_absence_for_someone_in_their_team(client, world):
    client.force_login(world.users["team_manager"])
    response = client.post(
        _url(world.practitioner_person),
        _posted(today(), today() + timedelta(days=4), note=SECRET_NOTE),
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert absence.person == world.practitioner_person
    assert absence.created_by == world.users["team_manager"]
    page = client.get(_url(world.practitioner_person)).content.decode()
    assert "Annual leave recorded" in page and SECRET_NOTE in page


def test_a_team_manager_gets_404_for_someone_outside_their_teams(client, world):
    client.force_login(world.users["team_manager"])
    url = _url(world.colleague_elsewhere)
    assert client.get(url).status_code == 404
    assert client.post(url, _posted(today(), today())).status_code == 404
    absence = away(world.colleague_elsewhere, today(), today())
    assert client.post(f"{url}{absence.pk}/end/").status_code == 404
    assert Absence.objects.filter(pk=absence.pk).exists()


def test_a_lead_records_absences_for_anyone_in_the_organisation(client, world):
    client.force_login(world.users["service_lead"])
    response = client.post(_url(world.colleague_elsewhere), _posted(today(), today()))
    assert response.status_code == 302
    assert Absence.objects.get().person == world.colleague_elsewhere


@pytest.mark.parametrize("persona", ["practitioner", "union_rep"])
def test_a_practitioner_or_union_representative_may_not_record_absences(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(_url(world.practitioner_person)).status_code == 403
    assert client.post(_url(world.practitioner_person), _posted(today(), today())).status_code == (
        403
    )
    assert not Absence.objects.exists()


def test_the_page_shows_the_error_when_the_last_day_is_before_the_first(client, world):
    client.force_login(world.users["team_manager"])
    response = client.post(
        _url(world.practitioner_person), _posted(today(), today() - timedelta(days=1))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and ENDS_BEFORE_STARTS in page
    assert not Absence.objects.exists()


def test_a_manager_ends_an_absence_from_the_page(client, world):
    absence = away(
        world.practitioner_person, today() - timedelta(days=2), today() + timedelta(days=2)
    )
    client.force_login(world.users["team_manager"])
    response = client.post(f"{_url(world.practitioner_person)}{absence.pk}/end/")
    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.ends_on == today() - timedelta(days=1)


def test_the_guard_page_shows_who_is_on_leave(client, world):
    scheme_for(world.a)
    plain = case_type_for(world.a, "Review")
    case = case_in(world.team_a, plain)
    back = today() + timedelta(days=8)
    away(world.practitioner_person, today(), back)
    client.force_login(world.users["team_manager"])

    page = client.get(f"/caseloads/allocate/{case.pk}/").content.decode()

    assert f"On leave until {format_date(back)}" in page
    assert "Leave is not recorded" not in page
