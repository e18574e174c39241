"""The joint action plan for a wave: findings, proposed actions, the union
representative's co-signature, and actions done with evidence.

Leads (``can_run_health_check``) add or adopt findings, propose actions and mark
them done; the union representative (``can_cosign_health_check``) co-signs, which
makes an action agreed. Everyone who may see the report sees the plan.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.core.govuk import GovukDateField
from safeworkload.healthcheck.models import Finding, PlanAction, Question
from safeworkload.healthcheck.selectors.report import survey_report
from safeworkload.healthcheck.selectors.report_findings import generate_findings
from safeworkload.healthcheck.services.plan import (
    PlanError,
    action_cosign,
    action_done,
    action_propose,
    finding_add,
)
from safeworkload.healthcheck.views.report import survey_for_request
from safeworkload.organisations.access import organisation_of, tenancy_of

NO_NAMES = (
    "The plan is published with the report. Do not name anyone who answered the survey "
    "or write anything that could identify them."
)
AREA_CHOICES = [
    (value, label) for value, label in Question.Area.choices if value != Question.Area.ABOUT_YOU
]


class FindingForm(forms.Form):
    area = forms.ChoiceField(
        label="Area",
        choices=[("", "Choose an area"), *AREA_CHOICES],
        error_messages={"required": "Choose the area the finding is about"},
    )
    text = forms.CharField(
        label="Finding",
        max_length=500,
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the finding",
            "max_length": "The finding must be 500 characters or fewer",
        },
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What will be done",
        max_length=500,
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what will be done",
            "max_length": "What will be done must be 500 characters or fewer",
        },
    )
    owner = forms.CharField(
        label="Who owns it",
        max_length=120,
        help_text="A role or a name, as agreed.",
        error_messages={
            "required": "Enter who owns the action",
            "max_length": "Who owns it must be 120 characters or fewer",
        },
    )
    due_on = GovukDateField(label="Date it is due", help_text="For example, 31 3 2027")

    def clean_due_on(self) -> Any:
        due = self.cleaned_data.get("due_on")
        if due is not None and due < timezone.localdate():
            raise forms.ValidationError("Date it is due must be today or in the future")
        return due


class EvidenceForm(forms.Form):
    evidence = forms.CharField(
        label="Evidence that it was done",
        max_length=4000,
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the evidence that the action was done",
            "max_length": "The evidence must be 4,000 characters or fewer",
        },
    )


def _finding_for_request(request: HttpRequest, pk: int) -> Finding:
    finding = get_object_or_404(
        Finding.objects.filter(organisation=organisation_of(request)).select_related("survey"),
        pk=pk,
    )
    if not tenancy_of(request).has("can_run_health_check"):
        raise PermissionDenied
    return finding


def _action_for_request(request: HttpRequest, pk: int, permission: str) -> PlanAction:
    action = get_object_or_404(
        PlanAction.objects.filter(organisation=organisation_of(request)).select_related(
            "finding__survey", "organisation"
        ),
        pk=pk,
    )
    if not tenancy_of(request).has(permission):
        raise PermissionDenied
    return action


def _page(
    request: HttpRequest, pk: int, *, failed: forms.Form | None = None, failed_for: int = 0
) -> HttpResponse:
    survey = survey_for_request(request, pk)
    report = survey_report(survey=survey)
    adopted = {f.text for f in report.findings}
    context: dict[str, Any] = {
        "title": f"Action plan: health check {survey.year}",
        "survey": survey,
        "report": report,
        "suggested": [g for g in generate_findings(report) if g.text not in adopted],
        "finding_form": failed if isinstance(failed, FindingForm) else FindingForm(),
        "action_forms": {
            f.pk: failed
            if isinstance(failed, ActionForm) and failed_for == f.pk
            else ActionForm(prefix=f"finding-{f.pk}")
            for f in report.findings
        },
        "evidence_forms": {
            a.pk: failed
            if isinstance(failed, EvidenceForm) and failed_for == a.pk
            else EvidenceForm(prefix=f"action-{a.pk}")
            for f in report.findings
            for a in f.actions.all()
            if a.status == PlanAction.Status.AGREED
        },
        "today": timezone.localdate(),
    }
    if failed is not None:
        context["form"] = failed  # the base template's error summary
    return render(request, "healthcheck/plan_detail.html", context)


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, pk)


@require_POST
def plan_finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for_request(request, pk, permission="can_run_health_check")
    form = FindingForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, failed=form)
    finding_add(survey=survey, actor=request.user, **form.cleaned_data)
    messages.success(request, "Finding added")
    return redirect("healthcheck:plan", pk=survey.pk)


@require_POST
def plan_action_propose(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding_for_request(request, pk)
    form = ActionForm(request.POST, prefix=f"finding-{finding.pk}")
    if not form.is_valid():
        return _page(request, finding.survey_id, failed=form, failed_for=finding.pk)
    action_propose(finding=finding, actor=request.user, **form.cleaned_data)
    messages.success(request, "Action proposed. The union representative co-signs it to agree it.")
    return redirect("healthcheck:plan", pk=finding.survey_id)


@require_POST
def plan_action_cosign(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_for_request(request, pk, "can_cosign_health_check")
    try:
        action_cosign(action=action, actor=request.user, today=timezone.localdate())
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Action co-signed and agreed")
    return redirect("healthcheck:plan", pk=action.finding.survey_id)


@require_POST
def plan_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_for_request(request, pk, "can_run_health_check")
    form = EvidenceForm(request.POST, prefix=f"action-{action.pk}")
    if not form.is_valid():
        return _page(request, action.finding.survey_id, failed=form, failed_for=action.pk)
    try:
        action_done(
            action=action,
            actor=request.user,
            evidence=form.cleaned_data["evidence"],
            today=timezone.localdate(),
        )
    except PlanError as error:
        form.add_error(None, str(error))
        return _page(request, action.finding.survey_id, failed=form, failed_for=action.pk)
    messages.success(request, "Action marked as done")
    return redirect("healthcheck:plan", pk=action.finding.survey_id)


urlpatterns: list[URLPattern] = [
    path("reports/<int:pk>/plan/", plan_detail, name="plan"),
    path("reports/<int:pk>/plan/findings/", plan_finding_add, name="plan-finding-add"),
    path("plan/findings/<int:pk>/actions/", plan_action_propose, name="plan-action-propose"),
    path("plan/actions/<int:pk>/cosign/", plan_action_cosign, name="plan-action-cosign"),
    path("plan/actions/<int:pk>/done/", plan_action_done, name="plan-action-done"),
]
