"""The concern's state machine, its deadlines, and what the audit log keeps."""

from datetime import date, timedelta

import pytest

from safeworkload.audit.models import AuditEntry
from safeworkload.concerns.models import Concern, ConcernEvent, Level, level_title
from safeworkload.concerns.services import (
    ConcernError,
    answer_deadline,
    concern_acknowledge,
    concern_answer,
    concern_close,
    concern_escalate,
    concern_raise,
    concerns_mark_overdue,
)
from safeworkload.concerns.tests.factories import ANSWER, DETAIL, SUBJECT, raise_concern
from safeworkload.organisations.models import Organisation

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("days", "raised_on", "due_on"),
    [
        (28, date(2026, 3, 2), date(2026, 3, 30)),
        (28, date(2026, 2, 10), date(2026, 3, 10)),  # across a short February
        (20, date(2026, 12, 20), date(2027, 1, 9)),  # across the year end
        (0, date(2026, 3, 2), date(2026, 3, 2)),
    ],
)
def test_the_answer_is_due_the_set_number_of_calendar_days_after_raising(
    settings, days, raised_on, due_on
):
    settings.SAFEWORKLOAD_CONCERN_ANSWER_DAYS = days
    assert answer_deadline(raised_on) == due_on


def test_raising_a_concern_sets_its_deadline_and_starts_its_timeline(world):
    concern = raise_concern(world.practitioner_person, on=DAY, level=Level.DIRECTOR)
    assert concern.status == Concern.Status.RAISED
    assert concern.answer_due_on == DAY + timedelta(days=28)
    assert concern.organisation == world.a
    assert list(concern.events.values_list("kind", "level")) == [("raised", Level.DIRECTOR)]


@pytest.mark.parametrize(
    ("subject", "detail", "level", "message"),
    [
        ("  ", DETAIL, Level.DIRECTOR, "Enter what your concern is about"),
        (SUBJECT, "", Level.DIRECTOR, "Enter your concern"),
        (SUBJECT, DETAIL, 0, "Select how high your concern goes"),
        (SUBJECT, DETAIL, 6, "Select how high your concern goes"),
    ],
)
def test_a_concern_needs_a_subject_the_concern_and_a_level(world, subject, detail, level, message):
    with pytest.raises(ConcernError, match=message):
        concern_raise(
            person=world.practitioner_person,
            actor=None,
            subject=subject,
            detail=detail,
            level=level,
            today=DAY,
        )
    assert not Concern.objects.exists()


def test_the_full_path_raised_acknowledged_answered_closed(world):
    concern = raise_concern(world.practitioner_person, on=DAY)
    lead = world.users["service_lead"]
    concern_acknowledge(concern=concern, actor=lead)
    concern_answer(concern=concern, actor=lead, answer=ANSWER, today=DAY)
    assert concern.answered_by == lead
    assert concern.answered_at is not None
    concern_close(concern=concern, actor=world.users["practitioner"], today=DAY)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED
    assert concern.closed_on == DAY
    kinds = list(concern.events.values_list("kind", flat=True))
    assert kinds == ["raised", "acknowledged", "answered", "closed"]


def test_a_concern_can_be_answered_without_being_acknowledged_first(world):
    concern = raise_concern(world.practitioner_person, on=DAY)
    concern_answer(concern=concern, actor=world.users["service_lead"], answer=ANSWER)
    assert concern.status == Concern.Status.ANSWERED


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Concern.Status.CLOSED, "This concern is closed: it can no longer be answered"),
        (Concern.Status.ANSWERED, "This concern has been answered already"),
    ],
)
def test_a_closed_or_answered_concern_cannot_be_answered(world, status, message):
    concern = raise_concern(world.practitioner_person, on=DAY)
    Concern.objects.filter(pk=concern.pk).update(status=status)
    concern.refresh_from_db()
    with pytest.raises(ConcernError, match=message):
        concern_answer(concern=concern, actor=world.users["service_lead"], answer=ANSWER)


def test_an_empty_answer_is_refused(world):
    concern = raise_concern(world.practitioner_person, on=DAY)
    with pytest.raises(ConcernError, match="Enter the answer"):
        concern_answer(concern=concern, actor=world.users["service_lead"], answer="   ")


@pytest.mark.parametrize("status", ["acknowledged", "answered", "closed"])
def test_only_a_newly_raised_concern_can_be_acknowledged(world, status):
    concern = raise_concern(world.practitioner_person, on=DAY)
    Concern.objects.filter(pk=concern.pk).update(status=status)
    concern.refresh_from_db()
    with pytest.raises(ConcernError):
        concern_acknowledge(concern=concern, actor=world.users["service_lead"])


def test_nobody_answers_a_concern_they_raised_themselves(world):
    concern = raise_concern(world.manager_person, on=DAY)
    with pytest.raises(ConcernError, match="someone else must answer it"):
        concern_answer(concern=concern, actor=world.users["team_manager"], answer=ANSWER)
    with pytest.raises(ConcernError, match="someone else must answer it"):
        concern_acknowledge(concern=concern, actor=world.users["team_manager"])


@pytest.mark.parametrize("status", ["raised", "acknowledged", "closed"])
def test_a_concern_is_taken_higher_only_after_an_answer(world, status):
    concern = raise_concern(world.practitioner_person, on=DAY)
    Concern.objects.filter(pk=concern.pk).update(status=status)
    concern.refresh_from_db()
    with pytest.raises(ConcernError, match="once it has been answered"):
        concern_escalate(concern=concern, actor=None, level=Level.GOVERNANCE)


@pytest.mark.parametrize(
    ("now", "wanted", "allowed"),
    [
        (Level.SERVICE_LEAD, Level.TEAM_MANAGER, False),
        (Level.SERVICE_LEAD, Level.SERVICE_LEAD, False),
        (Level.SERVICE_LEAD, Level.DIRECTOR, True),
        (Level.SERVICE_LEAD, Level.GOVERNANCE, True),
        (Level.GOVERNANCE, 6, False),
    ],
)
def test_a_concern_is_taken_only_to_a_higher_level(world, now, wanted, allowed):
    concern = raise_concern(world.practitioner_person, on=DAY, level=now, answered=True)
    if allowed:
        concern_escalate(concern=concern, actor=None, level=wanted, today=DAY)
        assert concern.level == wanted
    else:
        with pytest.raises(ConcernError):
            concern_escalate(concern=concern, actor=None, level=wanted, today=DAY)
        concern.refresh_from_db()
        assert concern.level == now


def test_taking_a_concern_higher_sets_a_new_deadline_and_waits_for_a_new_answer(world):
    concern = raise_concern(world.practitioner_person, on=DAY, answered=True)
    later = DAY + timedelta(days=10)
    concern_escalate(concern=concern, actor=None, today=later)
    concern.refresh_from_db()
    assert concern.level == Level.DIRECTOR  # one level up when none is chosen
    assert concern.status == Concern.Status.RAISED
    assert concern.answer_due_on == later + timedelta(days=28)
    assert concern.answer == ""
    # The earlier answer stays on the timeline.
    assert concern.events.get(kind=ConcernEvent.Kind.ANSWERED).answer == ANSWER


def test_at_the_top_there_is_nowhere_higher_to_go(world):
    concern = raise_concern(world.practitioner_person, on=DAY, level=Level.GOVERNANCE)
    concern_answer(concern=concern, actor=None, answer=ANSWER)
    with pytest.raises(ConcernError, match="already at the top"):
        concern_escalate(concern=concern, actor=None)


def test_a_concern_can_be_withdrawn_before_an_answer_but_not_closed_twice(world):
    concern = raise_concern(world.practitioner_person, on=DAY)
    concern_close(concern=concern, actor=None, today=DAY)
    with pytest.raises(ConcernError, match="closed already"):
        concern_close(concern=concern, actor=None, today=DAY)


@pytest.mark.parametrize(
    ("kind", "top"),
    [
        (Organisation.Kind.COUNCIL, "Elected member (councillor)"),
        (Organisation.Kind.NHS_TRUST, "Board member"),
        (Organisation.Kind.SOCIAL_WORK_PRACTICE, "Trustee or board member"),
        (Organisation.Kind.SOCIAL_ENTERPRISE, "Trustee or board member"),
    ],
)
def test_the_top_rung_is_named_for_who_governs_the_organisation(kind, top):
    assert level_title(Level.GOVERNANCE, kind) == top
    assert level_title(Level.DIRECTOR, kind) == "Director"


@pytest.mark.parametrize(
    ("today", "days"),
    [
        (date(2026, 3, 29), 0),
        (date(2026, 3, 30), 0),  # due today: the organisation has the whole day
        (date(2026, 3, 31), 1),
        (date(2026, 4, 3), 4),
    ],
)
def test_days_overdue_count_from_the_day_after_the_deadline(world, today, days):
    concern = raise_concern(world.practitioner_person, on=DAY)
    assert concern.answer_due_on == date(2026, 3, 30)
    assert concern.days_overdue(today) == days


def test_an_answered_concern_is_never_overdue(world):
    concern = raise_concern(world.practitioner_person, on=DAY, answered=True)
    assert concern.days_overdue(DAY + timedelta(days=100)) == 0


def test_an_overdue_concern_is_marked_once_for_each_deadline(world):
    concern = raise_concern(world.practitioner_person, on=DAY)
    due = concern.answer_due_on
    assert concerns_mark_overdue(organisation_id=world.a.pk, today=due) == []
    assert concerns_mark_overdue(organisation_id=world.a.pk, today=due + timedelta(days=1)) == [
        concern
    ]
    assert concerns_mark_overdue(organisation_id=world.a.pk, today=due + timedelta(days=5)) == []
    assert concern.events.filter(kind="overdue").count() == 1
    # Answered late, taken higher: the new deadline can be missed too.
    concern.refresh_from_db()
    concern_answer(concern=concern, actor=None, answer=ANSWER)
    concern_escalate(concern=concern, actor=None, today=due + timedelta(days=6))
    later = concern.answer_due_on + timedelta(days=1)
    assert concerns_mark_overdue(organisation_id=world.a.pk, today=later) == [concern]
    assert concern.events.filter(kind="overdue").count() == 2


def test_marking_overdue_leaves_other_organisations_alone(world):
    theirs = raise_concern(world.person_b, on=DAY)
    assert concerns_mark_overdue(organisation_id=world.a.pk, today=DAY + timedelta(days=60)) == []
    assert not theirs.events.filter(kind="overdue").exists()


def test_the_audit_log_records_the_fact_level_and_status_but_never_the_words(world):
    concern = raise_concern(world.practitioner_person, on=DAY, answered=True)
    concern_escalate(concern=concern, actor=world.users["practitioner"], today=DAY)
    concern_close(concern=concern, actor=world.users["practitioner"], today=DAY)
    entries = AuditEntry.objects.filter(organisation=world.a, action__startswith="concern.")
    actions = list(entries.order_by("sequence").values_list("action", flat=True))
    assert actions == ["concern.raised", "concern.answered", "concern.escalated", "concern.closed"]
    for entry in entries:
        text = repr(entry.data)
        for words in (SUBJECT, DETAIL, ANSWER, "Unsafe", "Friday"):
            assert words not in text
        assert {"level", "status"} <= set(entry.data)
        assert "person" not in entry.data
