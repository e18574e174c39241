"""A bank worker's home page shows their own relief work, not the region's figures."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from safeworkload.bank.models import Offer
from safeworkload.bank.tests.conftest import Bank
from safeworkload.bank.tests.test_matching_adapter import accept, make_request

pytestmark = pytest.mark.django_db


def _value(page: str, key: str) -> str:
    """The value beside ``key`` in a GOV.UK summary list."""
    found = re.search(rf">\s*{key}\s*</dt>\s*<dd[^>]*>\s*([^<]*?)\s*<", page)
    assert found, f"no row {key!r}"
    return found.group(1)


def test_a_bank_worker_sees_offers_to_answer_and_work_to_come_on_their_home_page(
    client, bank: Bank
):
    today = timezone.localdate()
    accept(bank, make_request(bank, day=today + timedelta(days=3)), bank.ready)
    accept(bank, make_request(bank, day=today - timedelta(days=3)), bank.ready)  # done
    offered = accept(bank, make_request(bank, day=today + timedelta(days=4)), bank.ready)
    Offer.objects.filter(pk=offered.pk).update(status=Offer.Status.OFFERED)
    client.force_login(bank.world.users["bank_worker"])
    page = client.get("/").text
    assert "Your relief bank work" in page
    assert _value(page, "Offers waiting for your answer") == "1"
    assert _value(page, "Accepted work still to come") == "1"
    assert "Organisations in the region" not in page
    assert "Council A" not in page


def test_the_inspector_still_sees_the_regions_organisations_on_their_home_page(client, bank: Bank):
    client.force_login(bank.world.users["inspector"])
    page = client.get("/").text
    assert "Organisations in the region" in page
    assert "Council A" in page
    assert "Your relief bank work" not in page
