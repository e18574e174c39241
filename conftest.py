import pytest
from django_scopes import scopes_disabled

from safeworkload.testing import World, build_world


@pytest.fixture(autouse=True)
def _scopes_off_outside_requests():
    """Test set-up and assertions may read any organisation; requests still run scoped."""
    with scopes_disabled():
        yield


@pytest.fixture
def world(db) -> World:
    return build_world()
