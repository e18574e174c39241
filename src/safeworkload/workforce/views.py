"""The establishment, vacancies, their cover and costs, the plans to fill them, and
the DfE measures.

Leads and union representatives read (``can_view_org_measures``); leads and
administrators change (``can_manage_vacancies``). Who holds a post is shown
by name only to those who may see staff records (``can_view_people``): a
union representative sees that a post is filled, not by whom.
"""

import csv
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.calc import workforce as wf
from safeworkload.core.forms import posted
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.workforce import services
from safeworkload.workforce.forms import (
    CoverEndForm,
    CoverForm,
    EstablishmentFilterForm,
    FillForm,
    MeasuresForm,
    PlanFilterForm,
    PlanForm,
    PostForm,
    StepForm,
    VacateForm,
    pounds_to_pence,
)
from safeworkload.workforce.models import ActionPlan, ActionStep, Post, VacancyCover
from safeworkload.workforce.selectors import (
    Measures,
    MeasuresReport,
    action_plans,
    bank_rate_cards,
    cover_cost,
    cover_costs,
    establishment,
    plan_steps,
    plans_for_post,
    post_covers,
    running_covers,
    vacancy_figures,
    vacancy_list,
    workforce_measures,
)

READ = "can_view_org_measures"
WRITE = "can_manage_vacancies"


def _require(request: HttpRequest, permission: str) -> None:
    if not tenancy_of(request).has(permission):
        raise PermissionDenied


def post_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Post:
    """One of the acting organisation's posts: 404 for another's, 403 for a role
    that may not read (or, with ``write``, change) the establishment."""
    posts = Post.objects.filter(organisation=organisation_of(request))
    post = get_object_or_404(posts.select_related("team", "holder", "organisation"), pk=pk)
    _require(request, WRITE if write else READ)
    return post


def plan_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> ActionPlan:
    plans = ActionPlan.objects.filter(organisation=organisation_of(request))
    plan = get_object_or_404(plans.select_related("owner", "organisation"), pk=pk)
    _require(request, WRITE if write else READ)
    return plan


def _today() -> date:
    return timezone.localdate()


def _shows_names(request: HttpRequest) -> bool:
    return tenancy_of(request).has("can_view_people")


def _pounds(pence: int | None) -> str:
    if pence is None:
        return "–"
    return f"£{Decimal(pence) / 100:,.2f}"


def _failed(form: Form, error: services.WorkforceError) -> None:
    form.add_error(None, str(error))


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "can_manage": tenancy_of(request).has(WRITE),
        "shows_names": _shows_names(request),
        "pounds": _pounds,
        "today": _today(),
        **extra,
    }


# ---------------------------------------------------------------------------
# Vacancies (the navigation's page) and the establishment register


@permission_required(READ)
def vacancy_list_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    figures = vacancy_figures(organisations=[organisation])[organisation.pk]
    return render(
        request,
        "workforce/vacancy_list.html",
        _context(
            request,
            title="Vacancies",
            posts=vacancy_list(organisation=organisation),
            figures=figures,
            covers=running_covers(organisation=organisation, on=_today()),
        ),
    )


def _register(request: HttpRequest) -> tuple[EstablishmentFilterForm, list[Post]]:
    organisation = organisation_of(request)
    filters = EstablishmentFilterForm(request.GET or None, organisation=organisation)
    posts = list(establishment(organisation=organisation, **filters.chosen()))
    return filters, posts


@permission_required(READ)
def post_list_view(request: HttpRequest) -> HttpResponse:
    filters, posts = _register(request)
    organisation = organisation_of(request)
    return render(
        request,
        "workforce/post_list.html",
        _context(
            request,
            title="Establishment",
            filters=filters,
            posts=posts,
            funded=sum((p.funded_fte for p in posts), Decimal(0)),
            vacant=sum((p.funded_fte for p in posts if p.is_vacant), Decimal(0)),
            query=request.GET.urlencode(),
            covers=running_covers(organisation=organisation, on=_today()),
        ),
    )


REGISTER_HEADER = [
    "post_id",
    "team",
    "job_role",
    "grade",
    "funded_fte",
    "status",
    "holder",
    "vacant_since",
    "cover",
    "cover_hours_per_week",
    "cover_pence_per_hour",
    "cover_weekly_pence",
    "bank_base_pence_per_hour",
]


@permission_required(READ)
def post_csv_view(request: HttpRequest) -> HttpResponse:
    _, posts = _register(request)
    organisation = organisation_of(request)
    today = _today()
    covers = running_covers(organisation=organisation, on=today)
    cards = bank_rate_cards(organisation=organisation, on=today)
    names = _shows_names(request)
    response = _csv_response(f"establishment-{organisation.code}-{today:%Y-%m-%d}.csv")
    writer = csv.writer(response)
    writer.writerow(REGISTER_HEADER)
    for post in posts:
        cover = covers.get(post.pk)
        cost = cover_cost(cover, cards) if cover else None
        holder = ""
        if post.holder is not None:
            holder = post.holder.full_name if names else "filled"
        writer.writerow(
            [
                post.pk,
                post.team.name,
                post.job_role,
                post.grade,
                post.funded_fte,
                "vacant" if post.is_vacant else "filled",
                holder,
                post.vacant_since.isoformat() if post.vacant_since else "",
                post.cover if post.is_vacant else "",
                cover.hours_per_week if cover else "",
                cover.pence_per_hour if cover else "",
                cost.weekly_pence if cost else "",
                cost.bank_card.base_pence_per_hour if cost and cost.bank_card else "",
            ]
        )
    return response


def _csv_response(filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required(WRITE)
def post_create_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = PostForm(
        posted(request),
        organisation=organisation,
        new=True,
        initial={"vacant_since": _today(), "funded_fte": Decimal("1.00")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except services.WorkforceError as error:
            _failed(form, error)
        else:
            messages.success(request, "Post added. It is vacant until you fill it")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/post_form.html",
        _context(request, title="Add a post", form=form, post=None),
    )


def post_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_for_request(request, pk)
    today = _today()
    cards = bank_rate_cards(organisation=post.organisation, on=today)
    covers = [cover_cost(cover, cards) for cover in post_covers(post=post)]
    return render(
        request,
        "workforce/post_detail.html",
        _context(
            request,
            title=str(post),
            post=post,
            covers=covers,
            plans=plans_for_post(post=post),
        ),
    )


def post_change_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_for_request(request, pk, write=True)
    form = PostForm(
        posted(request),
        organisation=post.organisation,
        new=False,
        initial={
            "team": post.team_id,
            "job_role": post.job_role,
            "grade": post.grade,
            "funded_fte": post.funded_fte,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_change(post=post, actor=request.user, **form.cleaned_data)
        except services.WorkforceError as error:
            _failed(form, error)
        else:
            messages.success(request, "Post changed")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/post_form.html",
        _context(request, title="Change the post", form=form, post=post),
    )


def post_vacate_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_for_request(request, pk, write=True)
    form = VacateForm(posted(request), initial={"on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_vacate(
                post=post,
                actor=request.user,
                on=form.cleaned_data["on"],
                leaving=form.cleaned_data["leaving"],
            )
        except services.WorkforceError as error:
            _failed(form, error)
        else:
            messages.success(request, "The post is vacant. Record how it is covered")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/post_vacate.html",
        _context(request, title="The post falls vacant", form=form, post=post),
    )


def post_fill_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_for_request(request, pk, write=True)
    form = FillForm(
        posted(request), organisation=post.organisation, today=_today(), initial={"on": _today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_fill(
                post=post,
                actor=request.user,
                person=form.cleaned_data["person"],
                on=form.cleaned_data["on"],
            )
        except services.WorkforceError as error:
            _failed(form, error)
        else:
            messages.success(request, "Post filled")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/post_fill.html",
        _context(request, title="Fill the post", form=form, post=post),
    )


def cover_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_for_request(request, pk, write=True)
    today = _today()
    form = CoverForm(
        posted(request), organisation=post.organisation, today=today, initial={"starts_on": today}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cover_add(
                post=post,
                actor=request.user,
                kind=data["kind"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                hours_per_week=data["hours_per_week"] or Decimal(0),
                pence_per_hour=pounds_to_pence(data["pounds_per_hour"] or Decimal(0)),
                worker=data["worker"],
                note=data["note"],
            )
        except services.WorkforceError as error:
            _failed(form, error)
        else:
            messages.success(request, "Cover recorded")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/cover_form.html",
        _context(request, title="Record how the post is covered", form=form, post=post),
    )


def cover_end_view(request: HttpRequest, pk: int, cover_pk: int) -> HttpResponse:
    post = post_for_request(request, pk, write=True)
    cover: VacancyCover = get_object_or_404(post.covers.all(), pk=cover_pk)
    form = CoverEndForm(posted(request), initial={"ends_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.cover_end(cover=cover, actor=request.user, on=form.cleaned_data["ends_on"])
        except services.WorkforceError as error:
            _failed(form, error)
        else:
            messages.success(request, "Cover ended")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/cover_end.html",
        _context(request, title="End this cover", form=form, post=post, cover=cover),
    )


# ---------------------------------------------------------------------------
# Action plans


@permission_required(READ)
def plan_list_view(request: HttpRequest) -> HttpResponse:
    filters = PlanFilterForm(request.GET or None)
    return render(
        request,
        "workforce/plan_list.html",
        _context(
            request,
            title="Plans to fill vacancies",
            filters=filters,
            rows=action_plans(
                organisation=organisation_of(request), today=_today(), status=filters.chosen()
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
        today=_today(),
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
            _failed(form, error)
        else:
            messages.success(request, "Plan started. Add its steps")
            return redirect("workforce:plan-detail", pk=plan.pk)
    return render(
        request,
        "workforce/plan_form.html",
        _context(request, title="Start a plan to fill vacancies", form=form, plan=None),
    )


def plan_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_request(request, pk)
    return render(
        request,
        "workforce/plan_detail.html",
        _context(
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
        today=_today(),
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
            _failed(form, error)
        else:
            messages.success(request, "Plan changed")
            return redirect("workforce:plan-detail", pk=plan.pk)
    return render(
        request,
        "workforce/plan_form.html",
        _context(request, title="Change the plan", form=form, plan=plan),
    )


def _step_page(
    request: HttpRequest, plan: ActionPlan, step: ActionStep | None, form: StepForm
) -> HttpResponse:
    return render(
        request,
        "workforce/step_form.html",
        _context(
            request,
            title="Change the step" if step else "Add a step",
            form=form,
            plan=plan,
            step=step,
        ),
    )


def step_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_request(request, pk, write=True)
    form = StepForm(posted(request), organisation=plan.organisation, today=_today())
    if request.method == "POST" and form.is_valid():
        try:
            services.step_add(plan=plan, actor=request.user, **form.cleaned_data)
        except services.WorkforceError as error:
            _failed(form, error)
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
        today=_today(),
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
            _failed(form, error)
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
            done_on=_today(),
            note=step.note,
        )
    except services.WorkforceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{step.get_kind_display()}: marked done today")
    return redirect("workforce:plan-detail", pk=plan.pk)


# ---------------------------------------------------------------------------
# The measures and what cover costs


def _measures(request: HttpRequest) -> tuple[MeasuresForm, MeasuresReport]:
    form = MeasuresForm(request.GET or None)
    census, social_work_only = wf.census_date(_today()), False
    if form.is_bound and form.is_valid():
        census = form.cleaned_data["census"] or census
        social_work_only = form.cleaned_data["scope"] == "social_work"
    report = workforce_measures(
        organisation=organisation_of(request), census=census, social_work_only=social_work_only
    )
    return form, report


@permission_required(READ)
def measures_view(request: HttpRequest) -> HttpResponse:
    form, report = _measures(request)
    organisation = organisation_of(request)
    # The base template's error summary reads ``form``.
    with_errors: dict[str, Any] = {"form": form} if form.is_bound and form.errors else {}
    return render(
        request,
        "workforce/measures.html",
        _context(
            request,
            title="Workforce measures",
            report=report,
            filters=form,
            costs=cover_costs(organisation=organisation, on=_today()),
            query=request.GET.urlencode(),
            **with_errors,
        ),
    )


MEASURES_HEADER = [
    "census_date",
    "year_from",
    "scope",
    "team",
    "in_post_fte",
    "in_post_headcount",
    "vacancy_fte",
    "vacant_posts",
    "vacancy_rate_percent",
    "agency_fte",
    "agency_headcount",
    "agency_rate_percent",
    "agency_cover_fte",
    "agency_covering_vacancies_percent",
    "vacancies_covered_by_agency_percent",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte_percent",
    "turnover_rate_headcount_percent",
]


def _rate(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _fte(value: Decimal) -> str:
    return f"{value:.2f}"


def _measure_cells(m: Measures) -> list[object]:
    return [
        _fte(m.in_post_fte),
        m.in_post_headcount,
        _fte(m.vacancy_fte),
        m.vacant_posts,
        _rate(m.vacancy_rate),
        _fte(m.agency_fte),
        m.agency_headcount,
        _rate(m.agency_rate),
        _fte(m.agency_cover_fte),
        _rate(m.agency_covering_vacancies),
        _rate(m.vacancies_covered_by_agency),
        _fte(m.starters_fte),
        m.starters_headcount,
        _fte(m.leavers_fte),
        m.leavers_headcount,
        _rate(m.turnover_rate),
        _rate(m.turnover_rate_headcount),
    ]


@permission_required(READ)
def measures_csv_view(request: HttpRequest) -> HttpResponse:
    _, report = _measures(request)
    organisation = organisation_of(request)
    response = _csv_response(f"workforce-measures-{organisation.code}-{report.census}.csv")
    writer = csv.writer(response)
    writer.writerow(MEASURES_HEADER)
    scope = "social_work" if report.social_work_only else "all"
    lead = [report.census.isoformat(), report.year_start.isoformat(), scope]
    writer.writerow([*lead, "", *_measure_cells(report.organisation)])
    for team, measures in report.teams:
        writer.writerow([*lead, team.name, *_measure_cells(measures)])
    return response


COSTS_HEADER = [
    "post_id",
    "team",
    "job_role",
    "grade",
    "cover",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "pence_per_hour",
    "weekly_pence",
    "annual_pence",
    "bank_base_pence_per_hour",
    "bank_annual_pence",
    "annual_above_bank_pence",
]


@permission_required(READ)
def costs_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    return render(
        request,
        "workforce/costs.html",
        _context(
            request,
            title="What cover costs",
            costs=cover_costs(organisation=organisation, on=_today()),
        ),
    )


@permission_required(READ)
def costs_csv_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    today = _today()
    costs = cover_costs(organisation=organisation, on=today)
    response = _csv_response(f"cover-costs-{organisation.code}-{today:%Y-%m-%d}.csv")
    writer = csv.writer(response)
    writer.writerow(COSTS_HEADER)
    for row in costs.rows:
        cover, post = row.cover, row.cover.post
        writer.writerow(
            [
                post.pk,
                post.team.name,
                post.job_role,
                post.grade,
                cover.kind,
                cover.starts_on.isoformat(),
                cover.ends_on.isoformat() if cover.ends_on else "",
                cover.hours_per_week,
                cover.pence_per_hour,
                row.weekly_pence,
                row.annual_pence,
                row.bank_card.base_pence_per_hour if row.bank_card else "",
                "" if row.bank_annual_pence is None else row.bank_annual_pence,
                "" if row.over_bank_annual_pence is None else row.over_bank_annual_pence,
            ]
        )
    return response


urlpatterns: list[URLPattern] = [
    path("vacancies/", vacancy_list_view, name="vacancy-list"),
    path("vacancies/posts/", post_list_view, name="post-list"),
    path("vacancies/posts/export.csv", post_csv_view, name="post-csv"),
    path("vacancies/posts/new/", post_create_view, name="post-create"),
    path("vacancies/posts/<int:pk>/", post_detail_view, name="post-detail"),
    path("vacancies/posts/<int:pk>/change/", post_change_view, name="post-change"),
    path("vacancies/posts/<int:pk>/vacate/", post_vacate_view, name="post-vacate"),
    path("vacancies/posts/<int:pk>/fill/", post_fill_view, name="post-fill"),
    path("vacancies/posts/<int:pk>/cover/", cover_add_view, name="cover-add"),
    path("vacancies/posts/<int:pk>/cover/<int:cover_pk>/end/", cover_end_view, name="cover-end"),
    path("vacancies/plans/", plan_list_view, name="plan-list"),
    path("vacancies/plans/new/", plan_create_view, name="plan-create"),
    path("vacancies/plans/<int:pk>/", plan_detail_view, name="plan-detail"),
    path("vacancies/plans/<int:pk>/change/", plan_change_view, name="plan-change"),
    path("vacancies/plans/<int:pk>/steps/new/", step_add_view, name="step-add"),
    path("vacancies/plans/<int:pk>/steps/<int:step_pk>/", step_change_view, name="step-change"),
    path("vacancies/plans/<int:pk>/steps/<int:step_pk>/done/", step_done_view, name="step-done"),
    path("vacancies/measures/", measures_view, name="measures"),
    path("vacancies/measures/export.csv", measures_csv_view, name="measures-csv"),
    path("vacancies/costs/", costs_view, name="costs"),
    path("vacancies/costs/export.csv", costs_csv_view, name="costs-csv"),
]
