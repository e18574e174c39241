from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.models import Case
from safeworkload.organisations.models import Person
from safeworkload.supervision import selectors, services
from safeworkload.supervision.models import Agreement, Session
from safeworkload.testing import PersonFactory, World

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
OCTOBER = date(2026, 10, 1)


def agreement(
    w: World,
    supervisee: Person | None = None,
    *,
    frequency: str = Agreement.Frequency.MONTHLY,
    starts_on: date = date(2026, 1, 5),
) -> Agreement:
    return services.agreement_create(
        organisation=w.a,
        supervisee=supervisee or w.practitioner_person,
        supervisor=w.manager_person,
        kind=Agreement.Kind.LINE,
        frequency=frequency,
        starts_on=starts_on,
        actor=None,
    )


def held(
    a: Agreement,
    on: date,
    minutes: int = 90,
    *,
    reflective: int = 30,
    interrupted: bool = False,
    notes: str = "",
) -> Session:
    session = services.session_schedule(agreement=a, scheduled_for=on, actor=None)
    record = services.SessionRecord(
        held_on=on,
        minutes=minutes,
        interrupted=interrupted,
        reflective_minutes=reflective,
        personal_notes=notes,
    )
    return services.session_record(
        session=session, record=record, actions=[], actor=None, today=TODAY
    )


def test_a_person_cannot_supervise_themselves(world):
    with pytest.raises(services.SupervisionError, match="not the supervisee"):
        services.agreement_create(
            organisation=world.a,
            supervisee=world.practitioner_person,
            supervisor=world.practitioner_person,
            kind=Agreement.Kind.LINE,
            frequency=Agreement.Frequency.MONTHLY,
            starts_on=TODAY,
            actor=None,
        )


def test_professional_supervision_must_come_from_a_registered_social_worker(world):
    unregistered = PersonFactory(organisation=world.a, registered=False)
    with pytest.raises(services.SupervisionError, match="registered social worker"):
        services.agreement_create(
            organisation=world.a,
            supervisee=world.practitioner_person,
            supervisor=unregistered,
            kind=Agreement.Kind.PROFESSIONAL,
            frequency=Agreement.Frequency.MONTHLY,
            starts_on=TODAY,
            actor=None,
        )


def test_recording_a_session_books_the_next_one_a_month_later(world):
    session = held(agreement(world), date(2026, 10, 31))
    following = Session.objects.get(agreement=session.agreement, status="scheduled")
    assert following.scheduled_for == date(2026, 11, 30)


def test_recording_notes_the_supervisors_registration_on_the_day(world):
    world.manager_person.registered = False
    world.manager_person.save()
    assert held(agreement(world), date(2026, 10, 5)).registered_supervisor is False


def test_personal_notes_never_reach_the_audit_log(world):
    held(agreement(world), date(2026, 10, 5), notes="Struggling since the bereavement")
    logged = " ".join(str(e.data) for e in AuditEntry.objects.filter(organisation=world.a))
    assert "bereavement" not in logged
    assert "supervision.session_recorded" in set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_a_session_cannot_be_recorded_as_held_in_the_future(world):
    session = services.session_schedule(agreement=agreement(world), scheduled_for=TODAY, actor=None)
    record = services.SessionRecord(
        held_on=TODAY + timedelta(days=1), minutes=90, interrupted=False, reflective_minutes=0
    )
    with pytest.raises(services.SupervisionError, match="today or in the past"):
        services.session_record(session=session, record=record, actions=[], actor=None, today=TODAY)


def test_moving_a_session_books_a_new_one_and_keeps_the_reason(world):
    session = services.session_schedule(agreement=agreement(world), scheduled_for=TODAY, actor=None)
    moved = services.session_cancel(
        session=session,
        reason="Called to a safeguarding visit",
        move_to=TODAY + timedelta(days=2),
        actor=None,
        today=TODAY,
    )
    session.refresh_from_db()
    assert (session.status, session.moved_to, session.change_reason) == (
        "moved",
        moved,
        "Called to a safeguarding visit",
    )


def test_only_the_supervisee_confirms_a_record(world):
    session = held(agreement(world), date(2026, 10, 5))
    with pytest.raises(services.SupervisionError, match="Only the person supervised"):
        services.session_confirm(
            session=session, person=world.manager_person, actor=None, today=TODAY
        )
    services.session_confirm(
        session=session, person=world.practitioner_person, actor=None, today=TODAY
    )
    assert session.confirmed_on == TODAY


def test_a_case_discussion_stays_with_the_case(world):
    from safeworkload.caseloads.models import CaseType

    case_type = CaseType.objects.create(organisation=world.a, code="review", name="Review")
    case = Case.objects.create(
        organisation=world.a,
        team=world.team_a,
        reference="C-1",
        case_type=case_type,
        opened_on=date(2026, 1, 5),
        worker=world.practitioner_person,
    )
    session = held(agreement(world), date(2026, 10, 5))
    services.case_discussion_add(
        session=session,
        case=case,
        decision="Carer's assessment this month",
        rationale="",
        actor=None,
    )
    assert list(case.supervision_discussions.values_list("decision", flat=True)) == [
        "Carer's assessment this month"
    ]


# --- reminders -------------------------------------------------------------------------


def test_reminders_go_once_to_the_supervisor_and_to_the_supervisee_to_confirm(world):
    world.manager_person.email = "manager@a.example"
    world.manager_person.save()
    world.practitioner_person.email = "worker@a.example"
    world.practitioner_person.save()
    a = agreement(world)
    services.session_schedule(agreement=a, scheduled_for=TODAY + timedelta(days=1), actor=None)
    held(a, TODAY - timedelta(days=5), notes="Private")
    assert services.reminders_send(organisation=world.a, today=TODAY) == 2
    assert services.reminders_send(organisation=world.a, today=TODAY) == 0
    assert {m.to[0] for m in mail.outbox} == {"manager@a.example", "worker@a.example"}
    assert not any("Private" in m.body for m in mail.outbox)


# --- the schedule -----------------------------------------------------------------------


def test_the_schedule_puts_overdue_sessions_first(world):
    on_time = agreement(world)
    services.session_schedule(
        agreement=on_time, scheduled_for=TODAY + timedelta(days=20), actor=None
    )
    colleague = PersonFactory(organisation=world.a, team=world.team_a)
    late = agreement(world, colleague)
    services.session_schedule(agreement=late, scheduled_for=TODAY - timedelta(days=3), actor=None)
    from safeworkload.organisations.roles import permissions_for
    from safeworkload.organisations.tenancy import Tenancy

    tenancy = Tenancy(
        organisation=world.a,
        person=world.manager_person,
        permissions=permissions_for({"team_manager"}),
    )
    rows = selectors.schedule(tenancy=tenancy, today=TODAY)
    assert [(r.agreement.supervisee, r.state) for r in rows] == [
        (colleague, "overdue"),
        (world.practitioner_person, "booked"),
    ]


# --- the organisation's answers ---------------------------------------------------------


def test_the_month_answers_count_staff_with_ninety_minutes_from_a_registered_supervisor(world):
    a = agreement(world)
    held(a, date(2026, 10, 6), 45, reflective=15)
    held(a, date(2026, 10, 20), 45, reflective=15)
    other = agreement(world, world.colleague_elsewhere)
    held(other, date(2026, 10, 8), 60, reflective=0, interrupted=True)
    cancelled = services.session_schedule(
        agreement=other, scheduled_for=date(2026, 10, 22), actor=None
    )
    services.session_cancel(
        session=cancelled, reason="Sick", move_to=None, actor=None, today=OCTOBER
    )
    answers = selectors.month_answers(organisation=world.a, month=OCTOBER)
    # The team manager is not a social-work role: two practitioners are counted.
    assert (answers.staff, answers.with_90, answers.share_with_90) == (2, 1, 50)
    assert (answers.held, answers.full_length, answers.reflective_share) == (3, 0, 20)
    assert (answers.cancelled, answers.not_held_share) == (1, 25)


def test_someone_who_joined_during_the_month_is_not_counted(world):
    PersonFactory(organisation=world.a, team=world.team_a, start_date=date(2026, 10, 2))
    assert selectors.month_answers(organisation=world.a, month=OCTOBER).staff == 2


def test_a_newly_qualified_worker_behind_their_timetable_is_counted_as_behind(world):
    newly = PersonFactory(
        organisation=world.a, team=world.team_a, job_role=Person.JobRole.NEWLY_QUALIFIED
    )
    a = agreement(
        world, newly, frequency=Agreement.Frequency.NEWLY_QUALIFIED, starts_on=date(2026, 9, 7)
    )
    held(a, date(2026, 9, 8))
    answers = selectors.month_answers(organisation=world.a, month=OCTOBER)
    assert (answers.newly_qualified, answers.newly_qualified_on_track) == (1, 0)


def test_the_report_command_gives_the_dashboards_answers(world):
    a = agreement(world)
    held(a, date(2026, 10, 6), 95)
    out = StringIO()
    call_command(
        "report_supervision", "--month", "2026-10", "--organisation", world.a.code, stdout=out
    )
    answers = selectors.month_answers(organisation=world.a, month=OCTOBER)
    for question, answer in answers.rows():
        assert f"{question}: {answer}" in out.getvalue()


def test_the_report_command_explains_a_bad_month(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="like 2026-10"):
        call_command("report_supervision", "--month", "October")


def test_a_persons_checks_show_each_rule_separately(world):
    a = agreement(world)
    held(a, date(2026, 8, 10), 60)
    held(a, date(2026, 9, 10), 90)
    held(a, date(2026, 10, 10), 90)
    checks = {
        c.rule: c.met for c in selectors.person_checks(world.practitioner_person, today=TODAY)
    }
    assert checks == {"session_length": False, "monthly_total": False}
