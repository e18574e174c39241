"""The caseloads API: what each endpoint returns, its filters, and what it never shows.

Who may call which URL is in tests/test_api_matrix.py; this file is about content.
"""

from datetime import date
from decimal import Decimal
from typing import get_args

import pytest

from safeworkload.caseloads import api
from safeworkload.caseloads.models import Allocation, Breach, CapacitySnapshot, Case, CaseType
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.organisations.services import api_token_create
from safeworkload.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def get(client, world):
    _, key_a = api_token_create(organisation=world.a, actor=None, name="a", access="read")
    _, key_b = api_token_create(organisation=world.b, actor=None, name="b", access="read")
    keys = {"a": key_a, "b": key_b}

    def call(url: str, org: str = "a"):
        return client.get(url, headers={"Authorization": f"Bearer {keys[org]}"})

    return call


def case_type(organisation: Organisation, team: Team) -> CaseType:
    found, _ = CaseType.objects.get_or_create(
        organisation=organisation,
        service_area=team.service_area,
        code="review",
        defaults={"name": "Review"},
    )
    return found


def make_case(
    reference: str,
    team: Team,
    *,
    worker: Person | None = None,
    status: str = Case.Status.ACTIVE,
) -> Case:
    return Case.objects.create(
        organisation=team.organisation,
        team=team,
        reference=reference,
        case_type=case_type(team.organisation, team),
        tier=2,
        status=status,
        opened_on=date(2025, 1, 6),
        closed_on=date(2025, 5, 1) if status == Case.Status.CLOSED else None,
        worker=worker,
    )


def allocate(case: Case, worker: Person, starts_on: date, ends_on: date | None = None):
    return Allocation.objects.create(
        organisation=case.organisation,
        case=case,
        worker=worker,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=f"Given to {worker.full_name}",
    )


def snapshot(person: Person, week_start: date) -> CapacitySnapshot:
    return CapacitySnapshot.objects.create(
        organisation=person.organisation,
        person=person,
        week_start=week_start,
        cases=4,
        points=Decimal("82.50"),
        available_points=100,
        percent=Decimal("82.5"),
        band="green",
    )


def breach(person: Person, kind: str, status: str = Breach.Status.OPEN) -> Breach:
    return Breach.objects.create(
        organisation=person.organisation,
        person=person,
        team=person.team,
        kind=kind,
        status=status,
        opened_on=date(2025, 3, 3),
        due_on=date(2025, 3, 17),
        percent_when_opened=Decimal("121.0"),
        plan=f"Move case C-1 from {person.full_name}",
    )


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


def names_of(world: World) -> list[str]:
    people = Person.objects.filter(organisation=world.a)
    return [name for person in people for name in (person.given_name, person.family_name)]


def test_a_case_is_its_reference_team_type_tier_dates_and_worker_id(get, world):
    case = make_case("C-1", world.team_a, worker=world.practitioner_person)
    body = get(f"/api/v1/cases/{case.pk}").json()
    assert body == {
        "id": case.pk,
        "reference": "C-1",
        "team_id": world.team_a.pk,
        "case_type_id": case.case_type_id,
        "tier": 2,
        "status": "active",
        "opened_on": "2025-01-06",
        "closed_on": None,
        "last_contact_on": None,
        "worker_id": world.practitioner_person.pk,
    }


def test_cases_filter_by_team_status_and_worker(get, world):
    a1 = make_case("A1", world.team_a, worker=world.practitioner_person)
    a2 = make_case("A2", world.team_a, status=Case.Status.CLOSED)
    a3 = make_case("A3", world.other_team_a, worker=world.colleague_elsewhere)
    make_case("B1", world.team_b, worker=world.person_b)

    def ids(query: str) -> list[int]:
        return [row["id"] for row in items(get(f"/api/v1/cases{query}"))]

    assert ids("") == [a1.pk, a2.pk, a3.pk]
    assert ids(f"?team_id={world.team_a.pk}") == [a1.pk, a2.pk]
    assert ids("?status=closed") == [a2.pk]
    assert ids(f"?worker_id={world.colleague_elsewhere.pk}") == [a3.pk]
    assert ids(f"?team_id={world.team_a.pk}&status=active") == [a1.pk]
    # Another organisation's team or worker finds nothing; it is not an error.
    assert ids(f"?team_id={world.team_b.pk}") == []
    assert ids(f"?worker_id={world.person_b.pk}") == []


def test_an_unknown_status_gets_the_one_error_shape(get, world):
    response = get("/api/v1/cases?status=open")
    assert response.status_code == 422
    assert response.json()["message"] == "The request is not valid."


def test_lists_are_paged_by_limit_and_offset(get, world):
    cases = [make_case(f"C-{n}", world.team_a) for n in range(5)]
    page = get("/api/v1/cases?limit=2&offset=2").json()
    assert page["count"] == 5
    assert [row["id"] for row in page["items"]] == [case.pk for case in cases[2:4]]


def test_a_cases_allocations_are_its_history_newest_first_without_free_text(get, world):
    case = make_case("C-1", world.team_a, worker=world.colleague_elsewhere)
    first = allocate(case, world.practitioner_person, date(2025, 1, 8), date(2025, 3, 3))
    second = allocate(case, world.colleague_elsewhere, date(2025, 3, 3))
    other = make_case("C-2", world.team_a, worker=world.practitioner_person)
    allocate(other, world.practitioner_person, date(2025, 2, 1))

    rows = items(get(f"/api/v1/cases/{case.pk}/allocations"))

    assert [row["id"] for row in rows] == [second.pk, first.pk]
    assert rows[1] == {
        "id": first.pk,
        "case_id": case.pk,
        "worker_id": world.practitioner_person.pk,
        "starts_on": "2025-01-08",
        "ends_on": "2025-03-03",
        "over_ceiling": False,
        "potential_percent": None,
    }


def test_case_output_names_nobody(get, world):
    case = make_case("C-1", world.team_a, worker=world.practitioner_person)
    allocate(case, world.practitioner_person, date(2025, 1, 8))
    for url in (
        "/api/v1/cases",
        f"/api/v1/cases/{case.pk}",
        f"/api/v1/cases/{case.pk}/allocations",
    ):
        body = get(url).content.decode()
        for name in names_of(world):
            assert name not in body, (url, name)


def test_snapshots_filter_by_person_and_week(get, world):
    weeks = [date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17)]
    mine = [snapshot(world.practitioner_person, week) for week in weeks]
    theirs = snapshot(world.colleague_elsewhere, weeks[1])
    snapshot(world.person_b, weeks[1])

    def ids(query: str) -> list[int]:
        return [row["id"] for row in items(get(f"/api/v1/snapshots{query}"))]

    assert ids("") == [mine[0].pk, mine[1].pk, theirs.pk, mine[2].pk]
    assert ids(f"?person_id={world.practitioner_person.pk}") == [s.pk for s in mine]
    assert ids("?week_start_from=2025-03-10") == [mine[1].pk, theirs.pk, mine[2].pk]
    assert ids("?week_start_to=2025-03-10") == [mine[0].pk, mine[1].pk, theirs.pk]
    assert ids(
        f"?person_id={world.practitioner_person.pk}&week_start_from=2025-03-10"
        "&week_start_to=2025-03-10"
    ) == [mine[1].pk]
    assert items(get(f"/api/v1/snapshots?person_id={world.practitioner_person.pk}"))[0] == {
        "id": mine[0].pk,
        "person_id": world.practitioner_person.pk,
        "week_start": "2025-03-03",
        "cases": 4,
        "points": "82.50",
        "available_points": 100,
        "percent": "82.5",
        "band": "green",
    }
    assert get("/api/v1/snapshots?week_start_from=March").status_code == 422


def test_breaches_filter_by_status_and_kind_and_carry_no_case_detail(get, world):
    red = breach(world.practitioner_person, Breach.Kind.RED_BAND)
    cap = breach(world.practitioner_person, Breach.Kind.COUNT_CAP, status=Breach.Status.RESOLVED)
    other = breach(world.colleague_elsewhere, Breach.Kind.RED_BAND)
    breach(world.person_b, Breach.Kind.RED_BAND)

    def ids(query: str) -> list[int]:
        return [row["id"] for row in items(get(f"/api/v1/breaches{query}"))]

    assert ids("") == [red.pk, cap.pk, other.pk]
    assert ids("?status=resolved") == [cap.pk]
    assert ids("?kind=red_band") == [red.pk, other.pk]
    assert ids("?status=open&kind=count_cap") == []
    assert get("/api/v1/breaches?kind=shouting").status_code == 422

    body = get(f"/api/v1/breaches/{red.pk}").json()
    assert set(body) == {
        "id",
        "person_id",
        "team_id",
        "kind",
        "status",
        "opened_on",
        "due_on",
        "level_id",
        "percent_when_opened",
        "work_removed",
        "co_worker_added",
        "case_reallocated",
        "resolved_on",
    }
    assert "C-1" not in get("/api/v1/breaches").content.decode()


def test_the_api_choices_are_the_models_choices():
    assert set(get_args(api.CaseStatus)) == set(Case.Status.values)
    assert set(get_args(api.BreachStatus)) == set(Breach.Status.values)
    assert set(get_args(api.BreachKind)) == set(Breach.Kind.values)


def test_the_openapi_document_lists_the_caseloads_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/allocations",
        "/api/v1/snapshots",
        "/api/v1/breaches",
        "/api/v1/breaches/{breach_id}",
    ):
        assert paths[path]["get"]["tags"] == ["caseloads"], path
