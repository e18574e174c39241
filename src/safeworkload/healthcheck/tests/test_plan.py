"""The joint action plan: propose, co-sign, done with evidence, and escalation once."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from safeworkload.audit.models import AuditEntry
from safeworkload.healthcheck.models import Finding, PlanAction, Question
from safeworkload.healthcheck.services.plan import (
    PlanError,
    action_cosign,
    action_done,
    action_drop,
    action_propose,
    actions_escalate,
    finding_add,
)
from safeworkload.healthcheck.tests.test_report_factories import answer, make_survey, same

Area = Question.Area


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


@pytest.fixture
def finding(world):
    survey = make_survey(world.a)
    return finding_add(
        survey=survey, actor=None, area=Area.SUPERVISION, text="Too little supervision"
    )


def _action(finding, due_on=date(2026, 9, 30)):
    return action_propose(
        finding=finding, actor=None, description="Book every session", owner="PSW", due_on=due_on
    )


def _audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def test_co_signing_makes_a_proposed_action_agreed_and_is_audited(world, finding):
    action = action_cosign(
        action=_action(finding), actor=world.users["union_rep"], today=date(2026, 7, 1)
    )
    assert action.status == PlanAction.Status.AGREED
    assert action.cosigned_by == world.users["union_rep"]
    assert action.cosigned_on == date(2026, 7, 1)
    assert _audited("health_check.action_proposed") == 1
    assert _audited("health_check.action_cosigned") == 1


def test_an_action_cannot_be_co_signed_twice(world, finding):
    action = action_cosign(action=_action(finding), actor=None, today=date(2026, 7, 1))
    with pytest.raises(PlanError, match="Only a proposed action can be co-signed"):
        action_cosign(action=action, actor=None, today=date(2026, 7, 2))


def test_only_an_agreed_action_can_be_done_and_only_with_evidence(world, finding):
    action = _action(finding)
    with pytest.raises(PlanError, match="Only an agreed action"):
        action_done(action=action, actor=None, evidence="Done", today=date(2026, 8, 1))
    action_cosign(action=action, actor=None, today=date(2026, 7, 1))
    with pytest.raises(PlanError, match="Enter the evidence"):
        action_done(action=action, actor=None, evidence="  ", today=date(2026, 8, 1))
    done = action_done(action=action, actor=None, evidence="All booked", today=date(2026, 8, 1))
    assert (done.status, done.evidence, done.done_on) == ("done", "All booked", date(2026, 8, 1))
    assert _audited("health_check.action_done") == 1


def test_a_dropped_action_keeps_the_reason(world, finding):
    dropped = action_drop(action=_action(finding), actor=None, reason="Replaced by a new rota")
    assert (dropped.status, dropped.evidence) == ("dropped", "Replaced by a new rota")


@pytest.mark.parametrize(
    ("status", "due_on", "escalates"),
    [
        ("agreed", date(2026, 9, 29), True),
        ("agreed", date(2026, 9, 30), False),  # due today is not overdue yet
        ("proposed", date(2026, 9, 1), False),
        ("done", date(2026, 9, 1), False),
    ],
)
def test_only_an_agreed_action_past_its_due_date_escalates(
    world, finding, status, due_on, escalates
):
    action = _action(finding, due_on=due_on)
    PlanAction.objects.filter(pk=action.pk).update(status=status)
    run = actions_escalate(organisation=world.a, today=date(2026, 9, 30))
    assert [a.pk for a in run.escalated] == ([action.pk] if escalates else [])


def test_an_overdue_action_escalates_once_and_emails_each_lead_a_link(world, finding):
    action = action_cosign(action=_action(finding), actor=None, today=date(2026, 7, 1))
    first = actions_escalate(organisation=world.a, today=date(2026, 10, 1))
    second = actions_escalate(organisation=world.a, today=date(2026, 10, 2))
    action.refresh_from_db()
    assert action.escalated_on == date(2026, 10, 1)
    assert len(first.escalated) == 1 and second.escalated == []
    # The service lead and the organisation administrator, one message each.
    assert sorted(m.to[0] for m in mail.outbox) == ["org_admin@a.example", "service_lead@a.example"]
    body = mail.outbox[0].body
    assert f"/health-check/reports/{finding.survey_id}/plan/" in body
    assert "Book every session" not in body and "Too little supervision" not in body
    assert _audited("health_check.action_escalated") == 1


def test_the_command_escalates_for_every_organisation(world, finding):
    action_cosign(action=_action(finding), actor=None, today=date(2026, 7, 1))
    out = StringIO()
    call_command("escalate_health_check_actions", today="2026-10-01", stdout=out)
    assert "council-a: 1 newly overdue, 2 emails sent" in out.getvalue()
    assert "council-b: 0 newly overdue, 0 emails sent" in out.getvalue()
    call_command("escalate_health_check_actions", today="2026-10-02", stdout=out)
    assert len(mail.outbox) == 2


def test_the_lead_proposes_the_union_co_signs_and_the_lead_marks_it_done(client, world):
    survey = make_survey(world.a)
    answer(survey, same(10, answers={"supervision_could_not_get": 2}))
    lead = as_(client, world, "service_lead")
    plan = f"/health-check/reports/{survey.pk}/plan/"
    page = lead.get(plan).content.decode()
    assert "Findings the figures suggest" in page
    assert "All who answered could not get supervision when they needed it last month." in page
    response = lead.post(
        f"{plan}findings/",
        {"area": "supervision", "text": "Nobody could get supervision when they needed it."},
    )
    assert response.status_code == 302
    finding = Finding.objects.get(survey=survey)
    response = lead.post(
        f"/health-check/plan/findings/{finding.pk}/actions/",
        {
            f"finding-{finding.pk}-description": "A duty supervisor each day",
            f"finding-{finding.pk}-owner": "Principal social worker",
            f"finding-{finding.pk}-due_on_day": "1",
            f"finding-{finding.pk}-due_on_month": "1",
            f"finding-{finding.pk}-due_on_year": "2099",
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get(finding=finding)
    assert action.status == "proposed" and action.proposed_by == world.users["service_lead"]
    # The lead cannot co-sign their own proposal; the union representative can.
    assert lead.post(f"/health-check/plan/actions/{action.pk}/cosign/").status_code == 403
    union = as_(client, world, "union_rep")
    assert "Co-sign and agree" in union.get(plan).content.decode()
    assert union.post(f"/health-check/plan/actions/{action.pk}/cosign/").status_code == 302
    action.refresh_from_db()
    assert action.status == "agreed" and action.cosigned_by == world.users["union_rep"]
    lead = as_(client, world, "service_lead")
    response = lead.post(
        f"/health-check/plan/actions/{action.pk}/done/",
        {f"action-{action.pk}-evidence": "Rota published on the intranet."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_a_proposal_without_a_date_shows_the_error(client, world, finding):
    response = as_(client, world, "service_lead").post(
        f"/health-check/plan/findings/{finding.pk}/actions/",
        {f"finding-{finding.pk}-description": "Something", f"finding-{finding.pk}-owner": "PSW"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter date it is due" in page
    assert not PlanAction.objects.exists()


def test_the_union_representative_cannot_propose_or_mark_done(client, world, finding):
    union = as_(client, world, "union_rep")
    assert union.post(f"/health-check/plan/findings/{finding.pk}/actions/").status_code == 403
    action = action_cosign(action=_action(finding), actor=None, today=date(2026, 7, 1))
    assert union.post(f"/health-check/plan/actions/{action.pk}/done/").status_code == 403
