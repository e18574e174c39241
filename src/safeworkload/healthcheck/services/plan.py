"""The joint action plan: findings, and actions the employer proposes, the union
representative co-signs (which makes them agreed), and someone marks done with evidence.

An agreed action past its due date escalates once: ``escalated_on`` is set and the
organisation's leads get an email with a link to the plan. The email carries no
finding or action text: email is copied and forwarded where this service cannot
follow it, and the plan page is where the detail belongs.

Every change is audited in the same transaction as the change.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.core.addresses import site_address
from safeworkload.healthcheck.models import Finding, PlanAction, Question, Survey
from safeworkload.organisations.models import Membership, Organisation
from safeworkload.organisations.roles import ROLE_PERMISSIONS

LEAD_PERMISSION = "can_run_health_check"
Status = PlanAction.Status


class PlanError(Exception):
    """A change the action's status does not allow; the message is for the page."""


def _audit(action: str, target: Finding | PlanAction, actor: Actor, **data: Any) -> None:
    audit_record(
        organisation=target.organisation, actor=actor, action=action, target=target, data=data
    )


@transaction.atomic
def finding_add(*, survey: Survey, actor: Actor, area: str, text: str) -> Finding:
    """A finding of the year's health check, written by a lead or adopted from the report."""
    if area not in Question.Area.values:
        raise PlanError("Choose the area the finding is about")
    finding = Finding.objects.create(
        organisation=survey.organisation, survey=survey, area=area, text=text.strip()
    )
    _audit("health_check.finding_added", finding, actor, survey=survey.pk, area=area)
    return finding


@transaction.atomic
def action_propose(
    *, finding: Finding, actor: Actor, description: str, owner: str, due_on: date
) -> PlanAction:
    action = PlanAction.objects.create(
        organisation=finding.organisation,
        finding=finding,
        description=description.strip(),
        owner=owner.strip(),
        due_on=due_on,
        proposed_by=signed_in_user(actor),
    )
    _audit(
        "health_check.action_proposed",
        action,
        actor,
        finding=finding.pk,
        owner=action.owner,
        due_on=due_on.isoformat(),
    )
    return action


def _locked(action: PlanAction) -> PlanAction:
    return PlanAction.objects.select_for_update().select_related("organisation").get(pk=action.pk)


@transaction.atomic
def action_cosign(*, action: PlanAction, actor: Actor, today: date) -> PlanAction:
    """The union representative's co-signature, which makes a proposed action agreed."""
    action = _locked(action)
    if action.status != Status.PROPOSED:
        raise PlanError("Only a proposed action can be co-signed")
    action.status = Status.AGREED
    action.cosigned_by = signed_in_user(actor)
    action.cosigned_on = today
    action.save(update_fields=["status", "cosigned_by", "cosigned_on"])
    _audit("health_check.action_cosigned", action, actor, cosigned_on=today.isoformat())
    return action


@transaction.atomic
def action_done(*, action: PlanAction, actor: Actor, evidence: str, today: date) -> PlanAction:
    """Mark an agreed action done, with the evidence that it was."""
    action = _locked(action)
    if action.status != Status.AGREED:
        raise PlanError("Only an agreed action can be marked as done")
    if not evidence.strip():
        raise PlanError("Enter the evidence that the action was done")
    action.status = Status.DONE
    action.evidence = evidence.strip()
    action.done_on = today
    action.save(update_fields=["status", "evidence", "done_on"])
    _audit("health_check.action_done", action, actor, done_on=today.isoformat())
    return action


@transaction.atomic
def action_drop(*, action: PlanAction, actor: Actor, reason: str) -> PlanAction:
    """Drop an action not yet done; the reason is kept as its evidence."""
    action = _locked(action)
    if action.status not in (Status.PROPOSED, Status.AGREED):
        raise PlanError("Only a proposed or agreed action can be dropped")
    if not reason.strip():
        raise PlanError("Enter why the action is being dropped")
    action.status = Status.DROPPED
    action.evidence = reason.strip()
    action.save(update_fields=["status", "evidence"])
    _audit("health_check.action_dropped", action, actor)
    return action


# ---------------------------------------------------------------------------
# Escalation of overdue agreed actions


@dataclass
class EscalationRun:
    escalated: list[PlanAction] = field(default_factory=list)
    emails: int = 0


def actions_mark_overdue(*, organisation_id: int, today: date) -> list[PlanAction]:
    """Mark each agreed action past its due date as escalated, once. Due today is not
    overdue. Each in its own transaction, so one failure leaves the others marked."""
    overdue = PlanAction.objects.filter(
        organisation_id=organisation_id,
        status=Status.AGREED,
        due_on__lt=today,
        escalated_on__isnull=True,
    ).select_related("organisation")
    marked = []
    for action in overdue:
        with transaction.atomic():
            updated = PlanAction.objects.filter(pk=action.pk, escalated_on__isnull=True).update(
                escalated_on=today
            )
            if not updated:  # another run got there first
                continue
            action.escalated_on = today
            _audit(
                "health_check.action_escalated",
                action,
                None,
                due_on=action.due_on.isoformat(),
                escalated_on=today.isoformat(),
            )
        marked.append(action)
    return marked


def lead_emails(*, organisation: Organisation) -> list[str]:
    """The addresses of everyone whose role runs the health check."""
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if LEAD_PERMISSION in granted]
    emails = (
        Membership.objects.filter(organisation=organisation, role__in=roles, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def escalation_text(*, organisation: Organisation, actions: list[PlanAction]) -> tuple[str, str]:
    n = len(actions)
    noun = "action is" if n == 1 else "actions are"
    subject = f"{n} agreed health check {noun} past the due date"
    base = site_address()
    surveys = sorted({a.finding.survey_id for a in actions})
    links = "\n".join(f"{base}{reverse('healthcheck:plan', args=[pk])}" for pk in surveys)
    body = (
        f"{n} health check {noun} past the date agreed with the union at "
        f"{organisation.name}.\n\n"
        "Sign in to record what has been done, with evidence, or to agree a new date:\n\n"
        f"{links}\n\n"
        "This email leaves out what each action is, on purpose.\n"
    )
    return subject, body


def actions_escalate(*, organisation: Organisation, today: date) -> EscalationRun:
    """Mark the organisation's newly overdue agreed actions and email each lead once."""
    marked = actions_mark_overdue(organisation_id=organisation.pk, today=today)
    run = EscalationRun(escalated=marked)
    if not marked:
        return run
    for action in marked:
        action.finding = Finding.objects.get(pk=action.finding_id)
    subject, body = escalation_text(organisation=organisation, actions=marked)
    # One message for each person, so nobody sees the others' addresses.
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        for email in lead_emails(organisation=organisation)
    ]
    run.emails = send_mass_mail(messages, fail_silently=False) if messages else 0
    return run
