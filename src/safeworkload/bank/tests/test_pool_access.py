"""The bank worker, who is not one of the permission matrix's personas, gets
the answer each of the pool's and requests' rows gives them."""

import pytest
from tests.matrix_rows.bank_pool import ROWS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(ROWS))
def test_a_bank_worker_gets_the_answer_the_matrix_row_gives(client, world, name):
    row = ROWS[name]
    client.force_login(world.users["bank_worker"])
    response = getattr(client, row.method)(row.url(world), row.data)
    assert response.status_code == row.expect["bank_worker"]
