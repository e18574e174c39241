from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.core.forms import posted
from safeworkload.core.selectors import home_summary
from safeworkload.organisations import services
from safeworkload.organisations.access import (
    api_token_for_request,
    membership_for_request,
    organisation_of,
    person_for_request,
    team_for_request,
    tenancy_of,
)
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.forms import ApiTokenForm, MembershipForm, PersonForm, TeamForm
from safeworkload.organisations.models import ApiToken, Person, Team
from safeworkload.organisations.selectors import membership_list, person_list, team_list

PAGE_SIZE = 50


@permission_required("can_view_region")
def region(request: HttpRequest) -> HttpResponse:
    summary = home_summary(tenancy=tenancy_of(request), on=timezone.localdate())
    return render(
        request, "organisations/region.html", {"title": "Region", "rows": summary.organisation_rows}
    )


@permission_required("can_view_teams")
def team_list_view(request: HttpRequest) -> HttpResponse:
    teams = team_list(organisation=organisation_of(request), on=timezone.localdate())
    return render(request, "organisations/team_list.html", {"title": "Teams", "teams": teams})


def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_request(request, pk)
    tenancy = tenancy_of(request)
    members = (
        person_list(tenancy=tenancy, team_id=team.pk) if tenancy.has("can_view_people") else None
    )
    return render(
        request,
        "organisations/team_detail.html",
        {"title": team.name, "team": team, "members": members},
    )


def _team_fields(form: TeamForm) -> dict[str, Any]:
    return {k: form.cleaned_data[k] for k in ("name", "service_area", "team_type", "manager")}


@permission_required("can_manage_teams")
def team_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = TeamForm(posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        team = services.team_create(
            organisation=organisation, actor=request.user, **_team_fields(form)
        )
        messages.success(request, f"Team {team.name} added")
        return redirect("organisations:team-detail", pk=team.pk)
    return render(request, "organisations/team_form.html", {"title": "Add a team", "form": form})


def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_request(request, pk, write=True)
    initial = {
        "name": team.name,
        "service_area": team.service_area,
        "team_type": team.team_type,
        "manager": team.manager_id,
    }
    form = TeamForm(posted(request), initial=initial, organisation=team.organisation, team=team)
    if request.method == "POST" and form.is_valid():
        services.team_update(team=team, actor=request.user, **_team_fields(form))
        messages.success(request, "Team details saved")
        return redirect("organisations:team-detail", pk=team.pk)
    return render(
        request,
        "organisations/team_form.html",
        {"title": f"Change {team.name}", "form": form, "team": team},
    )


@permission_required("can_view_people")
def person_list_view(request: HttpRequest) -> HttpResponse:
    tenancy = tenancy_of(request)
    search = request.GET.get("q", "").strip()
    team_id = request.GET.get("team", "")
    people = person_list(
        tenancy=tenancy, search=search, team_id=int(team_id) if team_id.isdigit() else None
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    teams = Team.objects.filter(organisation=organisation_of(request)).only("pk", "name")
    return render(
        request,
        "organisations/person_list.html",
        {"title": "People", "page": page, "search": search, "team_id": team_id, "teams": teams},
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_request(request, pk)
    return render(
        request,
        "organisations/person_detail.html",
        {"title": person.full_name, "person": person, "today": timezone.localdate()},
    )


PERSON_FIELDS = [name for name in PersonForm.base_fields]


def _person_initial(person: Person) -> dict[str, Any]:
    initial = {name: getattr(person, name) for name in PERSON_FIELDS if name != "team"}
    return {**initial, "team": person.team_id, "pk": person.pk}


@permission_required("can_manage_people")
def person_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = PersonForm(posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        person = services.person_create(
            organisation=organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(request, f"{person.full_name} added")
        return redirect("organisations:person-detail", pk=person.pk)
    return render(
        request, "organisations/person_form.html", {"title": "Add a person", "form": form}
    )


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_request(request, pk, write=True)
    form = PersonForm(
        posted(request), initial=_person_initial(person), organisation=person.organisation
    )
    if request.method == "POST" and form.is_valid():
        services.person_update(person=person, actor=request.user, **form.cleaned_data)
        messages.success(request, "Staff record saved")
        return redirect("organisations:person-detail", pk=person.pk)
    return render(
        request,
        "organisations/person_form.html",
        {"title": f"Change {person.full_name}", "form": form, "person": person},
    )


@permission_required("can_manage_memberships")
def membership_list_view(request: HttpRequest) -> HttpResponse:
    memberships = membership_list(organisation=organisation_of(request))
    return render(
        request,
        "organisations/membership_list.html",
        {"title": "Sign-ins and roles", "memberships": memberships},
    )


@permission_required("can_manage_memberships")
def membership_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = MembershipForm(posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.membership_create(
            organisation=organisation, actor=request.user, **form.cleaned_data
        )
        messages.success(request, f"{form.cleaned_data['email']} can now sign in with that role")
        return redirect("organisations:membership-list")
    return render(
        request,
        "organisations/membership_form.html",
        {"title": "Give someone a sign-in", "form": form},
    )


def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for_request(request, pk)
    if request.method == "POST":
        services.membership_remove(membership=membership, actor=request.user)
        messages.success(request, "Role removed")
        return redirect("organisations:membership-list")
    return render(
        request,
        "organisations/membership_remove.html",
        {"title": "Remove this role", "membership": membership},
    )


@permission_required("can_manage_api_tokens")
def api_token_list(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(organisation=organisation_of(request))
    return render(
        request, "organisations/api_token_list.html", {"title": "API tokens", "tokens": tokens}
    )


@permission_required("can_manage_api_tokens")
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        token, key = services.api_token_create(
            organisation=organisation_of(request), actor=request.user, **form.cleaned_data
        )
        return render(
            request,
            "organisations/api_token_created.html",
            {"title": "Token created", "token": token, "key": key},
        )
    return render(
        request, "organisations/api_token_form.html", {"title": "Create an API token", "form": form}
    )


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_for_request(request, pk)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, f"Token {token.name} revoked: it no longer works")
    return redirect("organisations:api-token-list")
