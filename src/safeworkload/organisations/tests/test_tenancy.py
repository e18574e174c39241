import re
from pathlib import Path

import pytest
from django.apps import apps
from django_scopes import ScopeError, scope, scopes_disabled

from safeworkload.organisations.models import Person, Team
from safeworkload.organisations.selectors import visible_people
from safeworkload.organisations.tenancy import Tenancy

TENANT_OWNED = [m for m in apps.get_models() if hasattr(m._default_manager, "with_scope")]


def test_every_model_with_an_organisation_is_tenant_owned():
    owned = {
        m
        for m in apps.get_models()
        if any(f.name == "organisation" and f.many_to_one for f in m._meta.fields)
    }
    assert owned == set(TENANT_OWNED)


@pytest.mark.django_db
@pytest.mark.parametrize("model", TENANT_OWNED, ids=lambda m: m._meta.label)
def test_a_query_with_no_organisation_scope_is_refused(model):
    with scope(), pytest.raises(ScopeError):
        list(model.objects.all())


@pytest.mark.django_db
def test_a_scope_sees_only_its_own_organisation(world):
    with scope(organisation=world.a.pk):
        assert set(Team.objects.values_list("organisation", flat=True)) == {world.a.pk}


# Each opt-out of the tenancy scope is reviewed; a new one must be added here.
ALLOWED_OPT_OUTS = {
    "audit/services.py": 1,  # the chain head is read across the scope inside one lock
    "audit/selectors.py": 1,  # the verifier walks one organisation's chain by id
    "organisations/tenancy.py": 2,  # memberships and tokens are how a scope is found
    "organisations/demo.py": 1,  # the demo builds every organisation at once
    # A survey answered by link or code is found by the secret's hash before any scope exists.
    "healthcheck/selectors/survey.py": 1,
}


def test_every_scope_opt_out_is_on_the_reviewed_list():
    package = Path(__file__).resolve().parents[2]
    found = {}
    for path in package.rglob("*.py"):
        relative = path.relative_to(package).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        count = len(re.findall(r"scopes_disabled\(\)|with_scopes_disabled\(\)", path.read_text()))
        if count:
            found[relative] = count
    unexpected = {k: v for k, v in found.items() if ALLOWED_OPT_OUTS.get(k) != v}
    assert not unexpected, f"review these scope opt-outs: {unexpected}"


def _tenancy(world, role: str, person: Person | None) -> Tenancy:
    from safeworkload.organisations.roles import permissions_for

    return Tenancy(
        organisation=world.a,
        roles=frozenset({role}),
        permissions=permissions_for({role}),
        person=person,
    )


@pytest.mark.django_db
def test_a_team_manager_sees_the_people_of_their_own_teams_only(world):
    tenancy = _tenancy(world, "team_manager", world.manager_person)
    visible = set(visible_people(tenancy=tenancy))
    assert world.practitioner_person in visible
    assert world.colleague_elsewhere not in visible


@pytest.mark.django_db
def test_a_practitioner_sees_only_their_own_record(world):
    tenancy = _tenancy(world, "practitioner", world.practitioner_person)
    assert list(visible_people(tenancy=tenancy)) == [world.practitioner_person]


@pytest.mark.django_db
def test_a_union_representative_sees_no_individual_records(world):
    tenancy = _tenancy(world, "union_rep", None)
    assert list(visible_people(tenancy=tenancy)) == []


@pytest.mark.django_db
def test_a_team_manager_gets_404_for_a_person_in_another_team(client, world):
    client.force_login(world.users["team_manager"])
    assert client.get(f"/people/{world.colleague_elsewhere.pk}/").status_code == 404
    assert client.get(f"/people/{world.practitioner_person.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_organisation_comes_from_the_session_never_from_the_form(client, world):
    client.force_login(world.users["org_admin"])
    response = client.post(
        "/teams/new/",
        {
            "name": "Planted",
            "service_area": "adults",
            "team_type": "duty",
            "organisation": world.b.pk,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Team.objects.get(name="Planted").organisation == world.a


@pytest.mark.django_db
def test_a_person_cannot_be_put_in_another_organisations_team(client, world):
    client.force_login(world.users["org_admin"])
    response = client.post(
        f"/people/{world.practitioner_person.pk}/edit/",
        {
            "staff_number": world.practitioner_person.staff_number,
            "given_name": "X",
            "family_name": "Y",
            "team": world.team_b.pk,
            "job_role": "social_worker",
            "contracted_hours": "37",
            "start_date_day": "1",
            "start_date_month": "2",
            "start_date_year": "2020",
            "employment_type": "permanent",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
def test_access_fails_closed_when_the_tenancy_cannot_be_resolved(client, world, monkeypatch):
    def broken(request):
        raise RuntimeError("membership lookup failed")

    monkeypatch.setattr("safeworkload.organisations.middleware.tenancy_for_user", broken)
    client.raise_request_exception = False
    client.force_login(world.users["org_admin"])
    response = client.get("/people/")
    assert response.status_code == 500
    assert world.practitioner_person.family_name not in response.content.decode()
