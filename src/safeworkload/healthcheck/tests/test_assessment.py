"""The self-assessment against the eight Standards for employers, a page a year."""

import pytest
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.healthcheck.models import Rating, SelfAssessment

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _post(**overrides: str) -> dict[str, str]:
    data = {}
    for n in range(1, 9):
        data[f"rating_standard_{n}"] = "3"
        data[f"evidence_standard_{n}"] = f"Evidence for standard {n}."
    data.update(overrides)
    return data


def _lead(client, world):
    client.force_login(world.users["service_lead"])
    return client


def test_the_page_asks_about_all_eight_standards(client, world):
    page = _lead(client, world).get(f"/health-check/self-assessment/{YEAR}/").content.decode()
    for title in (
        "Standard 1: Strong and clear social work framework",
        "Standard 8: Strategic partnerships",
    ):
        assert title in page
    assert page.count('name="evidence_standard_') == 8


def test_saving_records_ratings_evidence_who_and_when_and_audits_it(client, world):
    response = _lead(client, world).post(
        f"/health-check/self-assessment/{YEAR}/", _post(rating_standard_3="1")
    )
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(organisation=world.a, year=YEAR)
    assert assessment.completed_by == world.users["service_lead"]
    assert assessment.completed_on == timezone.localdate()
    ratings = dict(Rating.objects.values_list("question__code", "value"))
    assert (len(ratings), ratings["standard_3"]) == (8, 1)
    entry = AuditEntry.objects.get(action="healthcheck.self_assessment_saved")
    assert entry.data["ratings"]["standard_3"] == 1
    assert "Evidence for standard" not in str(entry.data)


def test_saving_again_the_same_year_updates_it(client, world):
    _lead(client, world).post(f"/health-check/self-assessment/{YEAR}/", _post())
    client.post(f"/health-check/self-assessment/{YEAR}/", _post(rating_standard_5="4"))
    assert SelfAssessment.objects.count() == 1
    assert Rating.objects.get(question__code="standard_5").value == 4
    assert Rating.objects.count() == 8


def test_the_saved_ratings_are_shown_when_the_page_is_opened_again(client, world):
    _lead(client, world).post(
        f"/health-check/self-assessment/{YEAR}/", _post(evidence_standard_2="Plan agreed in May.")
    )
    page = client.get(f"/health-check/self-assessment/{YEAR}/").content.decode()
    assert "Plan agreed in May." in page


def test_a_standard_left_unrated_is_an_error(client, world):
    data = _post()
    del data["rating_standard_1"]
    page = (
        _lead(client, world).post(f"/health-check/self-assessment/{YEAR}/", data).content.decode()
    )
    assert "Select how far Standard 1 is met" in page
    assert not SelfAssessment.objects.exists()


@pytest.mark.parametrize(
    ("year", "status"), [(1999, 404), (2000, 200), (YEAR + 1, 200), (YEAR + 2, 404)]
)
def test_only_sensible_years_have_a_page(client, world, year, status):
    assert _lead(client, world).get(f"/health-check/self-assessment/{year}/").status_code == status


def test_each_organisation_has_its_own_self_assessment(client, world):
    _lead(client, world).post(f"/health-check/self-assessment/{YEAR}/", _post())
    client.force_login(world.users["outsider"])
    page = client.get("/health-check/self-assessment/").content.decode()
    assert "No self-assessment has been saved yet" in page
