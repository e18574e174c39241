import re

import pytest

pytestmark = pytest.mark.django_db

ACTIVE = re.compile(
    r'govuk-service-navigation__item--active">\s*<a[^>]*>\s*(?:<strong[^>]*>)?\s*([^<]+?)\s*<'
)


@pytest.mark.parametrize(
    ("path", "active"),
    [
        ("/", "Home"),
        ("/health-check/reports/", "Health check reports"),
        ("/health-check/", "Health check"),
        ("/supervision/mine/", "Supervision"),
    ],
)
def test_only_the_link_of_the_area_you_are_in_is_marked_as_current(client, world, path, active):
    client.force_login(world.users["service_lead"])
    page = client.get(path).content.decode()
    assert ACTIVE.findall(page) == [active]
