"""Vacancies (the navigation's page), the establishment register, posts and their cover."""

import csv
from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path

from safeworkload.core.forms import posted
from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.workforce import services
from safeworkload.workforce.forms import (
    CoverEndForm,
    CoverForm,
    EstablishmentFilterForm,
    FillForm,
    PostForm,
    VacateForm,
    pounds_to_pence,
)
from safeworkload.workforce.models import Post, VacancyCover
from safeworkload.workforce.selectors import (
    bank_rate_cards,
    cover_cost,
    establishment,
    plans_for_post,
    post_covers,
    running_covers,
    vacancy_figures,
    vacancy_list,
)
from safeworkload.workforce.views.common import (
    READ,
    WRITE,
    context,
    csv_response,
    failed,
    local_today,
    post_for_request,
    shows_names,
)

# ---------------------------------------------------------------------------
# Vacancies (the navigation's page) and the establishment register


@permission_required(READ)
def vacancy_list_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    figures = vacancy_figures(organisations=[organisation])[organisation.pk]
    return render(
        request,
        "workforce/vacancy_list.html",
        context(
            request,
            title="Vacancies",
            posts=vacancy_list(organisation=organisation),
            figures=figures,
            covers=running_covers(organisation=organisation, on=local_today()),
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
        context(
            request,
            title="Establishment",
            filters=filters,
            posts=posts,
            funded=sum((p.funded_fte for p in posts), Decimal(0)),
            vacant=sum((p.funded_fte for p in posts if p.is_vacant), Decimal(0)),
            query=request.GET.urlencode(),
            covers=running_covers(organisation=organisation, on=local_today()),
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
    today = local_today()
    covers = running_covers(organisation=organisation, on=today)
    cards = bank_rate_cards(organisation=organisation, on=today)
    names = shows_names(request)
    response = csv_response(f"establishment-{organisation.code}-{today:%Y-%m-%d}.csv")
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


@permission_required(WRITE)
def post_create_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = PostForm(
        posted(request),
        organisation=organisation,
        new=True,
        initial={"vacant_since": local_today(), "funded_fte": Decimal("1.00")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except services.WorkforceError as error:
            failed(form, error)
        else:
            messages.success(request, "Post added. It is vacant until you fill it")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/post_form.html",
        context(request, title="Add a post", form=form, post=None),
    )


def post_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_for_request(request, pk)
    today = local_today()
    cards = bank_rate_cards(organisation=post.organisation, on=today)
    covers = [cover_cost(cover, cards) for cover in post_covers(post=post)]
    return render(
        request,
        "workforce/post_detail.html",
        context(
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
            failed(form, error)
        else:
            messages.success(request, "Post changed")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/post_form.html",
        context(request, title="Change the post", form=form, post=post),
    )


def post_vacate_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_for_request(request, pk, write=True)
    form = VacateForm(posted(request), initial={"on": local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_vacate(
                post=post,
                actor=request.user,
                on=form.cleaned_data["on"],
                leaving=form.cleaned_data["leaving"],
            )
        except services.WorkforceError as error:
            failed(form, error)
        else:
            messages.success(request, "The post is vacant. Record how it is covered")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/post_vacate.html",
        context(request, title="The post falls vacant", form=form, post=post),
    )


def post_fill_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_for_request(request, pk, write=True)
    form = FillForm(
        posted(request),
        organisation=post.organisation,
        today=local_today(),
        initial={"on": local_today()},
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
            failed(form, error)
        else:
            messages.success(request, "Post filled")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/post_fill.html",
        context(request, title="Fill the post", form=form, post=post),
    )


def cover_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_for_request(request, pk, write=True)
    today = local_today()
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
            failed(form, error)
        else:
            messages.success(request, "Cover recorded")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/cover_form.html",
        context(request, title="Record how the post is covered", form=form, post=post),
    )


def cover_end_view(request: HttpRequest, pk: int, cover_pk: int) -> HttpResponse:
    post = post_for_request(request, pk, write=True)
    cover: VacancyCover = get_object_or_404(post.covers.all(), pk=cover_pk)
    form = CoverEndForm(posted(request), initial={"ends_on": local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.cover_end(cover=cover, actor=request.user, on=form.cleaned_data["ends_on"])
        except services.WorkforceError as error:
            failed(form, error)
        else:
            messages.success(request, "Cover ended")
            return redirect("workforce:post-detail", pk=post.pk)
    return render(
        request,
        "workforce/cover_end.html",
        context(request, title="End this cover", form=form, post=post, cover=cover),
    )


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
]
