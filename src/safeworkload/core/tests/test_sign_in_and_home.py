import pytest

from safeworkload.organisations.models import Membership
from safeworkload.testing import PASSWORD


@pytest.mark.django_db
def test_signing_in_with_the_right_password_goes_home(client, world):
    response = client.post("/sign-in/", {"email": "org_admin@a.example", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_signing_in_ignores_the_case_of_the_email_address(client, world):
    response = client.post("/sign-in/", {"email": "ORG_ADMIN@A.example", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("", PASSWORD, "Enter your email address"),
        ("org_admin@a.example", "", "Enter your password"),
        ("org_admin@a.example", "wrong", "Enter the email address and password of an account"),
    ],
)
def test_a_failed_sign_in_says_what_to_do(client, world, email, password, message):
    response = client.post("/sign-in/", {"email": email, "password": password})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and message in body
    assert "<title>Error: Sign in" in body


@pytest.mark.django_db
def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(client, world):
    data = {"email": "org_admin@a.example", "password": PASSWORD}
    assert client.post("/sign-in/?next=/people/", data)["Location"] == "/people/"
    client.logout()
    assert client.post("/sign-in/?next=https://evil.example/", data)["Location"] == "/"


@pytest.mark.django_db
def test_signing_out_ends_the_session(client, world):
    client.force_login(world.users["org_admin"])
    client.post("/sign-out/")
    assert client.get("/")["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_a_page_asks_an_anonymous_visitor_to_sign_in(client, world):
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/?next=/people/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("practitioner", ["Hello, Given", "Your record", "Adults long-term"]),
        ("team_manager", ["Your teams", "Adults long-term"]),
        ("service_lead", ["staff in post", "Staff by job role", "Children duty"]),
        ("union_rep", ["staff in post", "vacancy rate"]),
        ("org_admin", ["staff in post", "Teams"]),
        ("inspector", ["Organisations in the region", "Council A"]),
        ("no_role", ["You have no role yet"]),
    ],
)
def test_each_role_sees_its_own_home_page(client, world, persona, expected):
    client.force_login(world.users[persona])
    body = client.get("/").content.decode()
    for text in expected:
        assert text in body


@pytest.mark.django_db
def test_the_home_page_shows_the_organisations_real_figures(client, world):
    client.force_login(world.users["service_lead"])
    body = client.get("/").content.decode()
    # Council A has three people in post and two funded posts, one of them vacant.
    assert (
        '<p class="app-figure__value">3</p><p class="app-figure__label govuk-body-s">staff in post'
        in body
    )
    assert '50.0%</p><p class="app-figure__label govuk-body-s">vacancy rate' in body


@pytest.mark.django_db
def test_a_team_manager_home_lists_only_their_teams(client, world):
    client.force_login(world.users["team_manager"])
    body = client.get("/").content.decode()
    assert "Adults long-term" in body and "Children duty" not in body


@pytest.mark.django_db
def test_the_switcher_changes_the_organisation_acted_for(client, world):
    user = world.users["service_lead"]
    Membership.objects.create(user=user, organisation=world.b, role="service_lead")
    client.force_login(user)
    assert "Council A" in client.get("/").content.decode()
    client.post("/switch/", {"acting_for": f"org:{world.b.pk}"})
    body = client.get("/").content.decode()
    assert '<span class="govuk-caption-l">Council B</span>' in body


@pytest.mark.django_db
def test_the_switcher_ignores_an_organisation_the_user_does_not_belong_to(client, world):
    client.force_login(world.users["service_lead"])
    client.post("/switch/", {"acting_for": f"org:{world.b.pk}"})
    assert '<span class="govuk-caption-l">Council A</span>' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_health_check_answers_without_signing_in(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_the_navigation_shows_only_what_the_role_may_use(client, world):
    client.force_login(world.users["union_rep"])
    body = client.get("/").content.decode()
    assert 'href="/vacancies/"' in body and 'href="/teams/"' in body
    assert 'href="/people/"' not in body and 'href="/audit/"' not in body


@pytest.mark.django_db
def test_a_failed_sign_in_is_logged_without_the_password_on_one_line(client, world, caplog):
    caplog.set_level("WARNING", logger="safeworkload.security")
    client.post("/sign-in/", {"email": "someone@a.example\nFAKE ENTRY", "password": "s3cret-guess"})
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1
    assert "sign-in failed for 'someone@a.example\\nfake entry'" in messages[0]
    assert "s3cret-guess" not in messages[0] and "\n" not in messages[0]


@pytest.mark.django_db
def test_table_links_are_links_not_escaped_text(client, world):
    client.force_login(world.users["org_admin"])
    body = client.get("/teams/").content.decode()
    assert f'<a class="govuk-link" href="/teams/{world.team_a.pk}/">Adults long-term</a>' in body
    assert "&lt;a class" not in body


@pytest.mark.django_db
def test_the_footer_shows_no_crown_or_crown_copyright(client, world):
    body = client.get("/sign-in/").content.decode()
    assert "govuk-footer__crown" not in body and "Crown copyright" not in body


@pytest.mark.django_db
def test_a_practitioner_home_says_why_capacity_is_not_measured_and_offers_the_declaration(
    client, world
):
    client.force_login(world.users["practitioner"])
    body = client.get("/").content.decode()
    assert "has not set a weighting scheme for your team yet" in body
    assert 'href="/caseloads/at-capacity/"' in body
