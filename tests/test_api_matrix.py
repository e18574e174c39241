"""The API's access rules: every endpoint, for each kind of caller.

Callers: no token, a read-only token of organisation A, A's revoked token,
and a token of organisation B (the outsider). As with the pages, an API URL
added without a row here fails the first test.
"""

from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from safeworkload.organisations.services import api_token_create, api_token_revoke
from safeworkload.testing import World

CALLERS = ["none", "token_a", "revoked_a", "token_b"]
PROTECTED = {"none": 401, "revoked_a": 401, "token_a": 200, "token_b": 200}
OWN_OBJECT = {**PROTECTED, "token_b": 404}
PUBLIC = {caller: 200 for caller in CALLERS}

API_MATRIX: dict[str, tuple[Callable[[World], str], dict[str, int]]] = {
    "api-root": (lambda w: "/api/v1/", {caller: 404 for caller in CALLERS}),
    "openapi-json": (lambda w: "/api/v1/openapi.json", PUBLIC),
    "openapi-view": (lambda w: "/api/v1/docs", PUBLIC),
    "list_teams": (lambda w: "/api/v1/teams", PROTECTED),
    "get_team": (lambda w: f"/api/v1/teams/{w.team_a.pk}", OWN_OBJECT),
    "list_staff": (lambda w: "/api/v1/staff", PROTECTED),
    "get_person": (lambda w: f"/api/v1/staff/{w.practitioner_person.pk}", OWN_OBJECT),
    "list_cases": (lambda w: "/api/v1/cases", PROTECTED),
    "get_case": (lambda w: f"/api/v1/cases/{_case(w.a, w.team_a).pk}", OWN_OBJECT),
    "list_case_allocations": (
        lambda w: f"/api/v1/cases/{_case(w.a, w.team_a).pk}/allocations",
        OWN_OBJECT,
    ),
    "list_snapshots": (lambda w: "/api/v1/snapshots", PROTECTED),
    "list_breaches": (lambda w: "/api/v1/breaches", PROTECTED),
    "get_breach": (
        lambda w: f"/api/v1/breaches/{_breach(w.a, w.practitioner_person).pk}",
        OWN_OBJECT,
    ),
    "list_hour_balances": (lambda w: "/api/v1/hours/balances", PROTECTED),
    "list_extra_hours": (lambda w: "/api/v1/hours/extra", PROTECTED),
    "list_concern_register": (lambda w: "/api/v1/concerns", PROTECTED),
    "list_supervision_sessions": (lambda w: "/api/v1/supervision/sessions", PROTECTED),
    "get_supervision_session": (
        lambda w: f"/api/v1/supervision/sessions/{_session(w.a, w.practitioner_person)}",
        OWN_OBJECT,
    ),
    "get_supervision_compliance": (lambda w: "/api/v1/supervision/compliance", PROTECTED),
    "list_team_time_use": (lambda w: "/api/v1/time-use/teams", PROTECTED),
    "list_workforce_vacancies": (lambda w: "/api/v1/workforce/vacancies", PROTECTED),
    "get_workforce_measures": (lambda w: "/api/v1/workforce/measures", PROTECTED),
}


def _api_names(patterns: list[URLPattern | URLResolver], inside: bool = False) -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _api_names(pattern.url_patterns, inside or pattern.namespace == "api-v1")
        elif inside:
            names.add(str(pattern.name))
    return names


def test_every_api_url_has_a_row_in_the_matrix():
    assert _api_names(get_resolver().url_patterns) == set(API_MATRIX)


@pytest.fixture
def keys(world: World) -> dict[str, str]:
    _, key_a = api_token_create(organisation=world.a, actor=None, name="a", access="read")
    revoked, revoked_key = api_token_create(
        organisation=world.a, actor=None, name="old", access="read"
    )
    api_token_revoke(token=revoked, actor=None)
    _, key_b = api_token_create(organisation=world.b, actor=None, name="b", access="read")
    return {"token_a": key_a, "revoked_a": revoked_key, "token_b": key_b}


def _get(client, url: str, caller: str, keys: dict[str, str]):
    headers = {} if caller == "none" else {"Authorization": f"Bearer {keys[caller]}"}
    return client.get(url, headers=headers)


CASES = [(name, caller) for name in API_MATRIX for caller in CALLERS]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "caller"), CASES, ids=[f"{n}-{c}" for n, c in CASES])
def test_each_caller_gets_the_answer_the_api_matrix_gives(client, world, keys, name, caller):
    url_for, expected = API_MATRIX[name]
    response = _get(client, url_for(world), caller, keys)
    assert response.status_code == expected[caller]
    if response.status_code in (401, 403) or (response.status_code == 404 and name != "api-root"):
        assert set(response.json()) == {"message", "extra"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "related"), [("/api/v1/teams", "teams"), ("/api/v1/staff", "people")]
)
def test_a_list_answers_only_with_the_tokens_own_organisation(client, world, keys, url, related):
    for caller, organisation in [("token_a", world.a), ("token_b", world.b)]:
        ids = [row["id"] for row in _get(client, url, caller, keys).json()["items"]]
        expected = getattr(organisation, related).order_by("pk").values_list("pk", flat=True)
        assert ids == list(expected)


@pytest.mark.django_db
def test_a_signed_in_browser_session_is_not_an_api_token(client, world):
    client.force_login(world.users["org_admin"])
    assert client.get("/api/v1/teams").status_code == 401


@pytest.mark.django_db
def test_an_api_answer_is_never_cached(client, world, keys):
    response = _get(client, "/api/v1/teams", "token_a", keys)
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_using_a_token_records_when_it_was_last_used(client, world, keys):
    _get(client, "/api/v1/staff", "token_a", keys)
    token = world.a.api_tokens.get(name="a")
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_the_staff_list_filters_by_team(client, world, keys):
    url = f"/api/v1/staff?team_id={world.other_team_a.pk}"
    items = _get(client, url, "token_a", keys).json()["items"]
    assert [row["id"] for row in items] == [world.colleague_elsewhere.pk]


@pytest.mark.django_db
def test_a_bad_query_value_gets_the_one_error_shape(client, world, keys):
    response = _get(client, "/api/v1/staff?team_id=abc", "token_a", keys)
    assert response.status_code == 422
    assert response.json()["message"] == "The request is not valid."
    assert response.json()["extra"]["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("access", "method", "allowed"),
    [
        ("read", "GET", True),
        ("read", "POST", False),
        ("read", "DELETE", False),
        ("read_write", "GET", True),
        ("read_write", "POST", True),
    ],
)
def test_a_read_only_token_may_only_read(rf, world, access, method, allowed):
    from django.core.exceptions import PermissionDenied

    from safeworkload.config.api import TokenAuth
    from safeworkload.organisations.tenancy import Tenancy

    token, _ = api_token_create(organisation=world.a, actor=None, name="t", access=access)
    request = rf.generic(method, "/api/v1/teams")
    request.tenancy = Tenancy(organisation=world.a, api_token=token)
    if allowed:
        assert TokenAuth().authenticate(request, "key") == token
    else:
        with pytest.raises(PermissionDenied):
            TokenAuth().authenticate(request, "key")


# Records for the caseloads rows, made when a row's URL is built.


def _session(organisation, person):
    from datetime import date

    from safeworkload.supervision.models import Agreement, Session
    from safeworkload.testing import PersonFactory

    agreement = Agreement.objects.create(
        organisation=organisation,
        supervisee=person,
        supervisor=PersonFactory(organisation=organisation),
        starts_on=date(2026, 1, 5),
    )
    return Session.objects.create(
        organisation=organisation,
        agreement=agreement,
        supervisee=person,
        supervisor=agreement.supervisor,
        scheduled_for=date(2026, 2, 2),
    ).pk


def _case(organisation, team):
    from datetime import date

    from safeworkload.caseloads.models import Allocation, Case, CaseType

    case_type, _ = CaseType.objects.get_or_create(
        organisation=organisation,
        service_area=team.service_area,
        code="review",
        defaults={"name": "Review"},
    )
    worker = organisation.people.order_by("pk").first()
    case, created = Case.objects.get_or_create(
        organisation=organisation,
        reference=f"API-{team.pk}",
        defaults={
            "team": team,
            "case_type": case_type,
            "opened_on": date(2026, 1, 5),
            "worker": worker,
        },
    )
    if created:
        Allocation.objects.create(
            organisation=organisation,
            case=case,
            worker=worker,
            starts_on=date(2026, 1, 5),
            reason="Matrix",
        )
    return case


def _breach(organisation, person):
    from datetime import date
    from decimal import Decimal

    from safeworkload.caseloads.models import Breach, CapacitySnapshot

    CapacitySnapshot.objects.get_or_create(
        organisation=organisation,
        person=person,
        week_start=date(2026, 1, 5),
        defaults={
            "cases": 3,
            "points": Decimal("120"),
            "available_points": 100,
            "percent": Decimal("120.0"),
            "band": "red",
        },
    )
    breach, _ = Breach.objects.get_or_create(
        organisation=organisation,
        person=person,
        kind=Breach.Kind.RED_BAND,
        defaults={"team": person.team, "opened_on": date(2026, 1, 5), "due_on": date(2026, 1, 19)},
    )
    return breach


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "related"),
    [
        ("/api/v1/cases", "cases"),
        ("/api/v1/snapshots", "capacity_snapshots"),
        ("/api/v1/breaches", "breaches"),
    ],
)
def test_a_caseloads_list_answers_only_with_the_tokens_own_organisation(
    client, world, keys, url, related
):
    for organisation, team, person in [
        (world.a, world.team_a, world.practitioner_person),
        (world.a, world.other_team_a, world.colleague_elsewhere),
        (world.b, world.team_b, world.person_b),
    ]:
        _case(organisation, team)
        _breach(organisation, person)
    for caller, organisation in [("token_a", world.a), ("token_b", world.b)]:
        ids = [row["id"] for row in _get(client, url, caller, keys).json()["items"]]
        expected = getattr(organisation, related).values_list("pk", flat=True)
        assert sorted(ids) == sorted(expected)
        assert ids


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["case", "allocations", "breach"])
def test_another_organisations_caseload_record_is_not_found(client, world, keys, kind):
    case_b = _case(world.b, world.team_b)
    url = {
        "case": f"/api/v1/cases/{case_b.pk}",
        "allocations": f"/api/v1/cases/{case_b.pk}/allocations",
        "breach": f"/api/v1/breaches/{_breach(world.b, world.person_b).pk}",
    }[kind]
    assert _get(client, url, "token_b", keys).status_code == 200
    response = _get(client, url, "token_a", keys)
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "extra": {}}
