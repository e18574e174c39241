from decimal import Decimal

import pytest

from safeworkload.audit.models import AuditEntry
from safeworkload.organisations.models import ApiToken, Membership, Person, Team
from safeworkload.organisations.tenancy import hash_api_key

PERSON = {
    "staff_number": "N123",
    "given_name": "Ada",
    "family_name": "Example",
    "email": "ada@a.example",
    "job_role": "social_worker",
    "qualified": "on",
    "registered": "on",
    "registration_number": "SW654321",
    "contracted_hours": "22.5",
    "qualification_date_day": "1",
    "qualification_date_month": "7",
    "qualification_date_year": "2024",
    "start_date_day": "2",
    "start_date_month": "9",
    "start_date_year": "2024",
    "employment_type": "permanent",
    "grade": "SW2",
}


@pytest.fixture
def admin(client, world):
    client.force_login(world.users["org_admin"])
    return client


@pytest.mark.django_db
def test_an_admin_adds_a_person_and_the_change_is_audited(admin, world):
    response = admin.post("/people/new/", {**PERSON, "team": world.team_a.pk})
    person = Person.objects.get(staff_number="N123")
    assert response["Location"] == f"/people/{person.pk}/"
    assert (person.organisation, person.team, person.contracted_hours) == (
        world.a,
        world.team_a,
        Decimal("22.5"),
    )
    assert person.fte == Decimal("0.61")
    assert AuditEntry.objects.filter(organisation=world.a, action="person.created").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"given_name": ""}, "given_name", "Enter their first name"),
        (
            {"contracted_hours": ""},
            "contracted_hours",
            "Enter the number of contracted hours a week",
        ),
        ({"contracted_hours": "lots"}, "contracted_hours", "Contracted hours must be a number"),
        ({"contracted_hours": "0.4"}, "contracted_hours", "Contracted hours must be at least 0.5"),
        ({"contracted_hours": "48.1"}, "contracted_hours", "Contracted hours must be 48 or fewer"),
        (
            {"start_date_day": "", "start_date_month": "", "start_date_year": ""},
            "start_date",
            "Enter date they started",
        ),
        ({"start_date_month": ""}, "start_date", "Date they started must include a month"),
        (
            {"start_date_day": "31", "start_date_month": "2"},
            "start_date",
            "Date they started must be a real date",
        ),
        ({"registration_number": ""}, "registration_number", "Enter the registration number"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"job_role": ""}, "job_role", "Select their job role"),
        (
            {"staff_number": "S00001"},
            "staff_number",
            "Another person already has this staff number",
        ),
    ],
)
def test_a_bad_person_form_says_what_to_do_and_saves_nothing(admin, world, change, field, message):
    staff_number = world.manager_person.staff_number
    data = {**PERSON, **{k: (staff_number if v == "S00001" else v) for k, v in change.items()}}
    response = admin.post("/people/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body and f'href="#{field}' in body
    assert not Person.objects.filter(given_name="Ada").exists()


@pytest.mark.django_db
def test_0_5_and_48_hours_are_both_accepted(admin, world):
    for number, hours in [("H1", "0.5"), ("H2", "48")]:
        admin.post("/people/new/", {**PERSON, "staff_number": number, "contracted_hours": hours})
    assert Person.objects.filter(staff_number__in=["H1", "H2"]).count() == 2


@pytest.mark.django_db
def test_editing_a_person_shows_their_details_and_saves_only_what_changed(admin, world):
    person = world.practitioner_person
    page = admin.get(f"/people/{person.pk}/edit/").content.decode()
    assert f'value="{person.given_name}"' in page and 'name="start_date_year"' in page
    data = {
        **PERSON,
        "staff_number": person.staff_number,
        "given_name": person.given_name,
        "family_name": "Renamed",
    }
    assert admin.post(f"/people/{person.pk}/edit/", data).status_code == 302
    entry = AuditEntry.objects.get(organisation=world.a, action="person.updated")
    assert "family_name" in entry.data["changed"]


@pytest.mark.django_db
def test_an_admin_adds_a_team_with_a_manager(admin, world):
    admin.post(
        "/teams/new/",
        {
            "name": "Hospital discharge",
            "service_area": "adults",
            "team_type": "hospital",
            "manager": world.manager_person.pk,
        },
    )
    team = Team.objects.get(name="Hospital discharge")
    assert (team.organisation, team.manager) == (world.a, world.manager_person)


@pytest.mark.django_db
def test_a_team_form_with_nothing_filled_in_lists_every_problem(admin, world):
    body = admin.post("/teams/new/", {}).content.decode()
    for message in ("Enter the team name", "Select the service area", "Select the type of team"):
        assert message in body


@pytest.mark.django_db
def test_a_team_name_already_used_in_the_organisation_is_refused(admin, world):
    body = admin.post(
        "/teams/new/", {"name": world.team_a.name, "service_area": "adults", "team_type": "duty"}
    ).content.decode()
    assert "There is a problem" in body


@pytest.mark.django_db
def test_giving_a_sign_in_creates_the_user_once_and_audits_it(admin, world):
    data = {
        "email": "New.Person@a.example",
        "role": "practitioner",
        "person": world.colleague_elsewhere.pk,
    }
    admin.post("/admin/sign-ins/new/", data)
    admin.post("/admin/sign-ins/new/", data)
    membership = Membership.objects.get(user__username="new.person@a.example")
    assert (membership.organisation, membership.person) == (world.a, world.colleague_elsewhere)
    assert AuditEntry.objects.filter(action="membership.created").count() == 1


@pytest.mark.django_db
def test_removing_a_role_asks_first_then_removes_it(admin, world):
    membership = world.users["union_rep"].memberships.get()
    assert (
        "Remove union_rep@a.example"
        in admin.get(f"/admin/sign-ins/{membership.pk}/remove/").content.decode()
    )
    admin.post(f"/admin/sign-ins/{membership.pk}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_a_new_api_token_is_shown_once_and_only_its_hash_is_kept(admin, world):
    body = admin.post(
        "/admin/api-tokens/new/", {"name": "Data warehouse", "access": "read"}
    ).content.decode()
    key = body.split('id="token-key">')[1].split("<")[0]
    token = ApiToken.objects.get(name="Data warehouse")
    assert token.key_hash == hash_api_key(key) and key not in token.key_hash
    assert key not in admin.get("/admin/api-tokens/").content.decode()


@pytest.mark.django_db
def test_a_revoked_token_stops_working(admin, client, world):
    body = admin.post("/admin/api-tokens/new/", {"name": "T", "access": "read"}).content.decode()
    key = body.split('id="token-key">')[1].split("<")[0]
    token = ApiToken.objects.get(name="T")
    admin.post(f"/admin/api-tokens/{token.pk}/revoke/")
    client.logout()
    assert (
        client.get("/api/v1/teams", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    )


@pytest.mark.django_db
def test_the_people_list_is_paged_and_searchable(admin, world):
    from safeworkload.testing import PersonFactory

    PersonFactory.create_batch(60, organisation=world.a, family_name="Bulk")
    first = admin.get("/people/").content.decode()
    assert "63 people, page 1 of 2" in first
    found = admin.get("/people/", {"q": world.practitioner_person.family_name}).content.decode()
    assert "1 person" in found
