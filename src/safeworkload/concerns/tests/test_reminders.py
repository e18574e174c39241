"""The overdue reminder: once for each deadline, to those who answer, with a link only."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from safeworkload.concerns.models import ConcernEvent
from safeworkload.concerns.reminders import answerer_emails, concerns_remind
from safeworkload.concerns.tasks import concerns_remind_overdue
from safeworkload.concerns.tests.factories import DETAIL, SUBJECT, raise_concern

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
DUE = date(2026, 3, 30)


def test_the_answerers_are_the_service_lead_and_the_organisation_admin(world):
    assert answerer_emails(organisation=world.a) == [
        "org_admin@a.example",
        "service_lead@a.example",
    ]


def test_nothing_is_sent_while_no_concern_is_overdue(world):
    raise_concern(world.practitioner_person, on=DAY)
    run = concerns_remind(organisation=world.a, today=DUE)
    assert (run.marked, run.emails) == ([], 0)
    assert mail.outbox == []


def test_each_answerer_gets_one_email_with_a_link_and_no_content(world, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://workload.example.org"]
    first = raise_concern(world.practitioner_person, on=DAY)
    second = raise_concern(world.colleague_elsewhere, on=DAY)
    run = concerns_remind(organisation=world.a, today=DUE + timedelta(days=1))
    assert run.emails == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "org_admin@a.example",
        "service_lead@a.example",
    ]
    message = mail.outbox[0]
    assert len(message.to) == 1
    assert message.subject == "2 professional concerns have passed the deadline for an answer"
    for concern in (first, second):
        assert f"https://workload.example.org/concerns/to-answer/{concern.pk}/" in message.body
    for secret in (
        SUBJECT,
        DETAIL,
        world.practitioner_person.family_name,
        world.colleague_elsewhere.family_name,
        world.team_a.name,
    ):
        assert secret not in message.body
        assert secret not in message.subject


def test_a_concern_is_reminded_about_once_for_each_deadline(world):
    concern = raise_concern(world.practitioner_person, on=DAY)
    concerns_remind(organisation=world.a, today=DUE + timedelta(days=1))
    again = concerns_remind(organisation=world.a, today=DUE + timedelta(days=2))
    assert again.marked == []
    assert len(mail.outbox) == 2  # the first run's two answerers only
    assert concern.events.filter(kind=ConcernEvent.Kind.OVERDUE).count() == 1


def test_another_organisations_overdue_concern_is_not_in_a_reminder(world):
    raise_concern(world.person_b, on=DAY)
    concerns_remind(organisation=world.a, today=DUE + timedelta(days=1))
    assert mail.outbox == []


def test_the_task_reports_what_it_marked_and_sent(world):
    raise_concern(world.practitioner_person, on=DAY)
    result = concerns_remind_overdue.call(world.a.pk, (DUE + timedelta(days=1)).isoformat())
    assert result == {"overdue": 1, "emails": 2}


def test_the_command_runs_for_one_organisation_or_every_one(world):
    raise_concern(world.practitioner_person, on=DAY)
    raise_concern(world.person_b, on=DAY)
    out = StringIO()
    call_command("remind_concerns", "--today", "2026-04-01", stdout=out)
    text = out.getvalue()
    assert "council-a: 1 newly overdue, 2 reminders sent" in text
    assert "council-b: 1 newly overdue, 1 reminder sent" in text
    assert "Marked 2 concerns overdue." in text


def test_the_command_runs_for_the_organisation_named(world):
    raise_concern(world.practitioner_person, on=DAY)
    raise_concern(world.person_b, on=DAY)
    out = StringIO()
    call_command(
        "remind_concerns", "--organisation", "council-b", "--today", "2026-04-01", stdout=out
    )
    assert "council-a" not in out.getvalue()
    assert [m.to for m in mail.outbox] == [["admin@b.example"]]


def test_the_command_refuses_a_date_it_cannot_read(world):
    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("remind_concerns", "--today", "1 April")
