import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_is_refused(client):
    assert client.get("/sign-in/", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.django_db
def test_a_form_post_without_its_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["org_admin"])
    response = client.post(
        "/teams/new/", {"name": "No token", "service_area": "adults", "team_type": "duty"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_pages_cannot_be_framed_by_another_site(client):
    assert client.get("/sign-in/")["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_signed_in_page_is_never_cached(client, world):
    client.force_login(world.users["org_admin"])
    assert client.get("/people/")["Cache-Control"] == "no-store"
