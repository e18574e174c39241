"""Plans to fill vacancies, and their steps."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from safeworkload.core.forms import posted
from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.workforce import services
from safeworkload.workforce.forms import (
    PlanFilterForm,
    PlanForm,
    StepForm,
)
from safeworkload.workforce.models import ActionPlan, ActionStep
from safeworkload.workforce.selectors import (
    action_plans,
    plan_steps,
)
from safeworkload.workforce.views.common import (
    READ,
    WRITE,
    context,
    failed,
    local_today,
    plan_for_request,
)

# ---------------------------------------------------------------------------
# Action plans


@permission_required(READ)
def plan_list_view(request: HttpRequest) -> HttpResponse:
    filters = PlanFilterForm(request.GET or None)
    return render(
        request,
        "workforce/plan_list.html",
        context(
            request,
            title="Plans to fill vacancies",
            filters=filters,
            rows=action_plans(
                organisation=organisation_of(request), today=local_today(), status=filters.chosen()
            ),
        ),
    )


def _posts_initial(request: HttpRequest) -> list[int]:
    wanted = request.GET.get("post", "")
    return [int(wanted)] if wanted.isdigit() else []


@permission_required(WRITE)
def plan_create_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = PlanForm(
        posted(request),
        organisation=organisation,
        today=local_today(),
        initial={"posts": _posts_initial(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                organisation=organisation,
                actor=request.user,
                title=form.cleaned_data["title"],
                posts=list(form.cleaned_data["posts"]),
                owner=form.cleaned_data["owner"],
            )
        except services.WorkforceError as error:
            failed(form, error)
        else:
            messages.success(request, "Plan started. Add its steps")
            return redirect("workforce:plan-detail", pk=plan.pk)
    return render(
        request,
        "workforce/plan_form.html",
        context(request, title="Start a plan to fill vacancies", form=form, plan=None),
    )


def plan_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_request(request, pk)
    return render(
        request,
        "workforce/plan_detail.html",
        context(
            request,
            title=plan.title,
            plan=plan,
            posts=plan.posts.select_related("team", "holder").order_by("team__name", "pk"),
            steps=list(plan_steps(plan=plan)),
        ),
    )


def plan_change_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_request(request, pk, write=True)
    form = PlanForm(
        posted(request),
        organisation=plan.organisation,
        today=local_today(),
        plan=plan,
        initial={
            "title": plan.title,
            "posts": list(plan.posts.values_list("pk", flat=True)),
            "owner": plan.owner_id,
            "status": plan.status,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_change(
                plan=plan,
                actor=request.user,
                title=form.cleaned_data["title"],
                posts=list(form.cleaned_data["posts"]),
                owner=form.cleaned_data["owner"],
                status=form.cleaned_data["status"],
            )
        except services.WorkforceError as error:
            failed(form, error)
        else:
            messages.success(request, "Plan changed")
            return redirect("workforce:plan-detail", pk=plan.pk)
    return render(
        request,
        "workforce/plan_form.html",
        context(request, title="Change the plan", form=form, plan=plan),
    )


def _step_page(
    request: HttpRequest, plan: ActionPlan, step: ActionStep | None, form: StepForm
) -> HttpResponse:
    return render(
        request,
        "workforce/step_form.html",
        context(
            request,
            title="Change the step" if step else "Add a step",
            form=form,
            plan=plan,
            step=step,
        ),
    )


def step_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_request(request, pk, write=True)
    form = StepForm(posted(request), organisation=plan.organisation, today=local_today())
    if request.method == "POST" and form.is_valid():
        try:
            services.step_add(plan=plan, actor=request.user, **form.cleaned_data)
        except services.WorkforceError as error:
            failed(form, error)
        else:
            messages.success(request, "Step added")
            return redirect("workforce:plan-detail", pk=plan.pk)
    return _step_page(request, plan, None, form)


def step_change_view(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    plan = plan_for_request(request, pk, write=True)
    step: ActionStep = get_object_or_404(plan.steps.all(), pk=step_pk)
    form = StepForm(
        posted(request),
        organisation=plan.organisation,
        today=local_today(),
        initial={
            "kind": step.kind,
            "owner": step.owner_id,
            "due_on": step.due_on,
            "done_on": step.done_on,
            "note": step.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.step_change(step=step, actor=request.user, **form.cleaned_data)
        except services.WorkforceError as error:
            failed(form, error)
        else:
            messages.success(request, "Step changed")
            return redirect("workforce:plan-detail", pk=plan.pk)
    return _step_page(request, plan, step, form)


@require_POST
def step_done_view(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """Mark a step done today, from the plan page."""
    plan = plan_for_request(request, pk, write=True)
    step: ActionStep = get_object_or_404(plan.steps.select_related("plan"), pk=step_pk)
    try:
        services.step_change(
            step=step,
            actor=request.user,
            kind=step.kind,
            owner=step.owner,
            due_on=step.due_on,
            done_on=local_today(),
            note=step.note,
        )
    except services.WorkforceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{step.get_kind_display()}: marked done today")
    return redirect("workforce:plan-detail", pk=plan.pk)


urlpatterns: list[URLPattern] = [
    path("vacancies/plans/", plan_list_view, name="plan-list"),
    path("vacancies/plans/new/", plan_create_view, name="plan-create"),
    path("vacancies/plans/<int:pk>/", plan_detail_view, name="plan-detail"),
    path("vacancies/plans/<int:pk>/change/", plan_change_view, name="plan-change"),
    path("vacancies/plans/<int:pk>/steps/new/", step_add_view, name="step-add"),
    path("vacancies/plans/<int:pk>/steps/<int:step_pk>/", step_change_view, name="step-change"),
    path("vacancies/plans/<int:pk>/steps/<int:step_pk>/done/", step_done_view, name="step-done"),
]
