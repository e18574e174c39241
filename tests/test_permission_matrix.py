"""Every URL, for every persona: the access rules as one table.

The table is the specification. A URL added to the project without a row
here fails ``test_every_url_has_a_row_in_the_matrix``. Personas: each role of
organisation A, the two regional roles, a signed-in user with no role, the
admin of organisation B (the outsider) and nobody signed in.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from safeworkload.interop.services import staff_import_check
from safeworkload.interop.staff_csv import template_csv
from safeworkload.organisations.services import api_token_create
from safeworkload.testing import World
from tests import matrix_rows
from tests.matrix import (
    ADMIN,
    EVERYONE,
    LEADS,
    ORG_ROLES,
    PERSONAS,
    REGION_READERS,
    SIGNED_IN,
    Row,
    obj,
    only,
)


def _token(world: World) -> int:
    token, _ = api_token_create(organisation=world.a, actor=None, name="matrix", access="read")
    return token.pk


def _token_b(world: World) -> int:
    token, _ = api_token_create(organisation=world.b, actor=None, name="b", access="read")
    return token.pk


def _membership(world: World) -> int:
    return world.users["union_rep"].memberships.get().pk


def _membership_b(world: World) -> int:
    return world.users["outsider"].memberships.get().pk


def _staff_import(world: World, organisation) -> int:
    # The template's example row, without its team, checks cleanly in any organisation.
    text = template_csv().replace("Hospital social work", "")
    return staff_import_check(organisation=organisation, actor=None, text=text).pk


CORE_ROWS: dict[str, Row] = {
    "core:home": Row(lambda w: "/", EVERYONE),
    "core:sign-in": Row(lambda w: "/sign-in/", {p: 200 for p in PERSONAS}, public=True),
    "core:sign-out": Row(lambda w: "/sign-out/", {p: 302 for p in SIGNED_IN}, method="post"),
    "core:switch": Row(lambda w: "/switch/", {p: 302 for p in SIGNED_IN}, method="post"),
    "core:healthz": Row(lambda w: "/healthz", {p: 200 for p in PERSONAS}, public=True),
    "organisations:region": Row(lambda w: "/region/", only(*REGION_READERS)),
    "organisations:team-list": Row(
        lambda w: "/teams/", only("team_manager", "union_rep", *LEADS, "outsider")
    ),
    "organisations:team-create": Row(lambda w: "/teams/new/", only(*ADMIN, "outsider")),
    "organisations:team-detail": Row(
        lambda w: f"/teams/{w.team_a.pk}/",
        obj("team_manager", "union_rep", *LEADS),
        url_in_b=lambda w: f"/teams/{w.team_b.pk}/",
    ),
    "organisations:team-edit": Row(
        lambda w: f"/teams/{w.team_a.pk}/edit/",
        obj(*ADMIN),
        url_in_b=lambda w: f"/teams/{w.team_b.pk}/edit/",
    ),
    "organisations:person-list": Row(
        lambda w: "/people/", only("team_manager", *LEADS, "outsider")
    ),
    "organisations:person-create": Row(lambda w: "/people/new/", only(*ADMIN, "outsider")),
    # The practitioner's own record: they, their manager and the leads may open it;
    # a union representative sees aggregates only, so gets the same 404 as a stranger.
    "organisations:person-detail": Row(
        lambda w: f"/people/{w.practitioner_person.pk}/",
        {**obj("practitioner", "team_manager", *LEADS), "union_rep": 404},
        url_in_b=lambda w: f"/people/{w.person_b.pk}/",
    ),
    "organisations:person-edit": Row(
        lambda w: f"/people/{w.practitioner_person.pk}/edit/",
        {**obj(*ADMIN), "union_rep": 404},
        url_in_b=lambda w: f"/people/{w.person_b.pk}/edit/",
    ),
    "organisations:membership-list": Row(lambda w: "/admin/sign-ins/", only(*ADMIN, "outsider")),
    "organisations:membership-create": Row(
        lambda w: "/admin/sign-ins/new/", only(*ADMIN, "outsider")
    ),
    "organisations:membership-remove": Row(
        lambda w: f"/admin/sign-ins/{_membership(w)}/remove/",
        obj(*ADMIN),
        url_in_b=lambda w: f"/admin/sign-ins/{_membership_b(w)}/remove/",
    ),
    "organisations:api-token-list": Row(lambda w: "/admin/api-tokens/", only(*ADMIN, "outsider")),
    "organisations:api-token-create": Row(
        lambda w: "/admin/api-tokens/new/", only(*ADMIN, "outsider")
    ),
    "organisations:api-token-revoke": Row(
        lambda w: f"/admin/api-tokens/{_token(w)}/revoke/",
        obj(*ADMIN, ok=302),
        method="post",
        url_in_b=lambda w: f"/admin/api-tokens/{_token_b(w)}/revoke/",
    ),
    "workforce:vacancy-list": Row(lambda w: "/vacancies/", only("union_rep", *LEADS, "outsider")),
    "interop:staff-import": Row(lambda w: "/import/staff/", only(*ADMIN, "outsider")),
    "interop:staff-import-template": Row(
        lambda w: "/import/staff/template.csv", only(*ADMIN, "outsider")
    ),
    "interop:staff-import-check": Row(
        lambda w: f"/import/staff/{_staff_import(w, w.a)}/",
        obj(*ADMIN),
        url_in_b=lambda w: f"/import/staff/{_staff_import(w, w.b)}/",
    ),
    # An import not yet applied sends its done page back to the check page.
    "interop:staff-import-done": Row(
        lambda w: f"/import/staff/{_staff_import(w, w.a)}/done/",
        obj(*ADMIN, ok=302),
        url_in_b=lambda w: f"/import/staff/{_staff_import(w, w.b)}/done/",
    ),
    "audit:entry-list": Row(lambda w: "/audit/", only(*LEADS, "outsider")),
    "audit:entry-export": Row(lambda w: "/audit/export.csv", only(*LEADS, "outsider")),
}


def _area_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for module in pkgutil.iter_modules(matrix_rows.__path__):
        rows.update(importlib.import_module(f"tests.matrix_rows.{module.name}").ROWS)
    return rows


MATRIX: dict[str, Row] = {**CORE_ROWS, **_area_rows()}


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.extend(_names(pattern.url_patterns, inner))
        elif pattern.name:
            names.append(f"{namespace}{pattern.name}")
        else:
            names.append(f"{namespace}<unnamed {pattern.pattern}>")
    return names


def site_url_names() -> set[str]:
    return {name for name in _names(get_resolver().url_patterns) if not name.startswith("api-v1:")}


def test_every_url_has_a_row_in_the_matrix():
    assert site_url_names() - set(MATRIX) == set(), "add a row to MATRIX for each new URL"
    assert set(MATRIX) - site_url_names() == set(), "remove rows for URLs that no longer exist"


def _client_for(client, world: World, persona: str):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


CASES = [(name, persona) for name in MATRIX for persona in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_each_persona_gets_the_answer_the_matrix_gives(client, world, name, persona):
    row = MATRIX[name]
    url = row.url(world)
    response = getattr(_client_for(client, world, persona), row.method)(url, row.data)
    if persona == "anonymous" and not row.public:
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")
        return
    assert response.status_code == row.expect[persona], f"{persona} {row.method} {url}"


OBJECT_ROWS = [name for name, row in MATRIX.items() if row.url_in_b]
A_PERSONAS = [*ORG_ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize("name", OBJECT_ROWS)
@pytest.mark.parametrize("persona", A_PERSONAS)
def test_a_user_of_organisation_a_gets_404_for_every_object_of_organisation_b(
    client, world, name, persona
):
    row = MATRIX[name]
    url = row.url_in_b(world)
    response = getattr(_client_for(client, world, persona), row.method)(url)
    assert response.status_code == 404, f"{persona} {url}"


LIST_ROWS = [name for name, row in MATRIX.items() if not row.url_in_b and row.method == "get"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LIST_ROWS)
def test_no_page_shows_the_outsider_anything_of_organisation_a(client, world, name):
    response = _client_for(client, world, "outsider").get(MATRIX[name].url(world))
    body = response.content.decode(errors="replace")  # some exports are PDF
    for marker in (world.a.name, world.team_a.name, world.practitioner_person.family_name):
        assert marker not in body, f"{name} shows {marker!r} to organisation B"
