"""The caseload standard's pages as each role sees them: who may use them,
creating and changing a version, the weights form's errors, the ladder,
reductions and the people search."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from safeworkload.caseloads.forms_schemes import weight_field_name
from safeworkload.caseloads.models import (
    CaseType,
    CaseWeight,
    EscalationLevel,
    Reduction,
    WeightingScheme,
)
from safeworkload.caseloads.tests.test_schemes import case_types, scheme, weigh

pytestmark = pytest.mark.django_db

ROOT = "/caseloads/standards"


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


@pytest.fixture
def standard(world):
    """In A: two adults case types, the version in force and a future one, a ladder and a
    reduction. The same records in B."""
    today = timezone.localdate()
    records = {}
    for organisation in (world.a, world.b):
        types = case_types(organisation)
        in_force = scheme(organisation, today - timedelta(days=100))
        weigh(in_force, types)
        future = scheme(organisation, today + timedelta(days=30), name="Adults scheme, next")
        weigh(future, types)
        rung = EscalationLevel.objects.create(organisation=organisation, rank=1, title="Manager")
        EscalationLevel.objects.create(organisation=organisation, rank=2, title="Director")
        records[organisation.code] = {
            "types": types,
            "in_force": in_force,
            "future": future,
            "rung": rung,
        }
    return world, records["council-a"], records["council-b"]


def pages(a) -> list[str]:
    return [
        f"{ROOT}/",
        f"{ROOT}/schemes/new/adults/",
        f"{ROOT}/schemes/{a['future'].pk}/",
        f"{ROOT}/schemes/{a['future'].pk}/edit/",
        f"{ROOT}/schemes/{a['future'].pk}/weights/",
        f"{ROOT}/case-types/",
        f"{ROOT}/case-types/new/",
        f"{ROOT}/case-types/{a['types'][0].pk}/edit/",
        f"{ROOT}/escalation/",
        f"{ROOT}/escalation/new/",
        f"{ROOT}/escalation/{a['rung'].pk}/edit/",
        f"{ROOT}/reductions/",
    ]


@pytest.mark.parametrize("role", ["practitioner", "team_manager", "union_rep"])
def test_roles_without_can_manage_schemes_are_refused_every_page(client, standard, role):
    world, a, _ = standard
    as_(client, world, role)
    for url in pages(a):
        assert client.get(url).status_code == 403, url
    move = client.post(f"{ROOT}/escalation/{a['rung'].pk}/move/", {"direction": "down"})
    assert move.status_code == 403
    assert EscalationLevel.objects.get(pk=a["rung"].pk).rank == 1


@pytest.mark.parametrize("role", ["service_lead", "org_admin"])
def test_service_leads_and_admins_may_use_every_page(client, standard, role):
    world, a, _ = standard
    as_(client, world, role)
    for url in pages(a):
        assert client.get(url).status_code == 200, url


def test_another_organisations_scheme_case_type_rung_and_person_are_not_found(client, standard):
    world, _, b = standard
    reduction = Reduction.objects.create(
        organisation=world.b, person=world.person_b, kind="training",
        hours_per_week=Decimal("3.7"), reason="Course",
        starts_on=date(2026, 1, 5), expires_on=date(2027, 1, 5),
    )  # fmt: skip
    as_(client, world, "service_lead")
    for url in [
        f"{ROOT}/schemes/{b['in_force'].pk}/",
        f"{ROOT}/schemes/{b['future'].pk}/edit/",
        f"{ROOT}/schemes/{b['future'].pk}/weights/",
        f"{ROOT}/case-types/{b['types'][0].pk}/edit/",
        f"{ROOT}/escalation/{b['rung'].pk}/edit/",
        f"{ROOT}/reductions/?person={world.person_b.pk}",
        f"{ROOT}/reductions/people/{world.person_b.pk}/new/",
        f"{ROOT}/reductions/{reduction.pk}/end/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"{ROOT}/escalation/{b['rung'].pk}/move/").status_code == 404


def test_the_standards_link_is_in_the_navigation_only_for_those_who_may_use_it(client, standard):
    world = standard[0]
    assert (
        'href="/caseloads/standards/"'
        in as_(client, world, "service_lead").get("/").content.decode()
    )
    client.logout()
    assert (
        'href="/caseloads/standards/"'
        not in as_(client, world, "team_manager").get("/").content.decode()
    )


def test_the_scheme_list_shows_which_version_is_in_force_today(client, standard):
    world = standard[0]
    page = as_(client, world, "service_lead").get(f"{ROOT}/").content.decode()
    assert page.count("In force") == 1 and "Not yet in force" in page
    assert "Set up the children and families scheme" in page  # no children's scheme yet


# ---------------------------------------------------------------------------
# Versions


def date_fields(name: str, value: date) -> dict[str, str]:
    return {f"{name}_day": str(value.day), f"{name}_month": str(value.month),
            f"{name}_year": str(value.year)}  # fmt: skip


def test_creating_a_version_copies_the_latest_and_opens_it(client, standard):
    world, a, _ = standard
    effective = a["future"].effective_from + timedelta(days=7)
    response = as_(client, world, "service_lead").post(
        f"{ROOT}/schemes/new/adults/",
        {"name": "Adults scheme, later", **date_fields("effective_from", effective)},
    )
    new = WeightingScheme.objects.get(organisation=world.a, effective_from=effective)
    assert response.status_code == 302 and response["Location"] == f"{ROOT}/schemes/{new.pk}/"
    assert new.weights.count() == a["future"].weights.count() == 6
    page = client.get(response["Location"]).content.decode()
    assert "Change the weights" in page and "Change the settings" in page


def test_a_version_dated_on_or_before_the_latest_is_refused_with_a_message(client, standard):
    world, a, _ = standard
    response = as_(client, world, "service_lead").post(
        f"{ROOT}/schemes/new/adults/",
        {"name": "Too soon", **date_fields("effective_from", a["future"].effective_from)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and 'href="#effective_from-day"' in page
    assert "when the latest version takes effect" in page
    assert WeightingScheme.objects.filter(organisation=world.a).count() == 2


def test_the_first_version_of_an_area_can_be_set_up(client, standard):
    world = standard[0]
    effective = timezone.localdate() + timedelta(days=14)
    response = as_(client, world, "org_admin").post(
        f"{ROOT}/schemes/new/children/",
        {"name": "Children's scheme", **date_fields("effective_from", effective)},
    )
    assert response.status_code == 302
    first = WeightingScheme.objects.get(organisation=world.a, service_area="children")
    assert first.weights.count() == 0 and first.effective_from == effective


def test_an_unknown_service_area_is_not_found(client, standard):
    world = standard[0]
    assert as_(client, world, "service_lead").get(f"{ROOT}/schemes/new/prisons/").status_code == 404


def test_a_version_in_force_is_read_only_and_its_edit_pages_refuse_clearly(client, standard):
    world, a, _ = standard
    version = a["in_force"]
    as_(client, world, "service_lead")
    detail = client.get(f"{ROOT}/schemes/{version.pk}/").content.decode()
    assert "Change the settings" not in detail and "Change the weights" not in detail
    assert "cannot be changed" in detail
    for url in (f"{ROOT}/schemes/{version.pk}/edit/", f"{ROOT}/schemes/{version.pk}/weights/"):
        refused = client.get(url)
        assert refused.status_code == 403
        assert "This version cannot be changed" in refused.content.decode()
    posted = client.post(f"{ROOT}/schemes/{version.pk}/edit/", {"name": "Rewritten"})
    assert posted.status_code == 403
    version.refresh_from_db()
    assert version.name == "Adults workload scheme"


def settings_post(**overrides: str) -> dict[str, str]:
    return {
        "name": "Adults scheme, next", "mode": "points", "profile": "local-agreed",
        "nominal_target": "100", "default_hours": "37", "fixed_points": "15",
        "newly_qualified_ceiling_percent": "90", "responsive_uplift_percent": "10",
        "green_from_percent": "90", "amber_from_percent": "100", "red_from_percent": "115",
        **overrides,
    }  # fmt: skip


def test_thresholds_that_do_not_rise_are_shown_against_the_field(client, standard):
    world, a, _ = standard
    response = as_(client, world, "service_lead").post(
        f"{ROOT}/schemes/{a['future'].pk}/edit/", settings_post(red_from_percent="100")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#red_from_percent"' in page and "Red must begin above amber (100%)" in page


def test_choosing_a_published_profile_clears_the_local_thresholds(client, standard):
    world, a, _ = standard
    response = as_(client, world, "service_lead").post(
        f"{ROOT}/schemes/{a['future'].pk}/edit/", settings_post(profile="probation-2010")
    )
    assert response.status_code == 302
    future = WeightingScheme.objects.get(pk=a["future"].pk)
    assert future.profile == "probation-2010" and future.red_from_percent is None


def test_the_settings_page_offers_every_profile_with_thresholds_under_local_agreed(
    client, standard
):
    world, a, _ = standard
    page = as_(client, world, "service_lead").get(f"{ROOT}/schemes/{a['future'].pk}/edit/")
    html = page.content.decode()
    for name in ("probation-2010", "hmpps-wmt-legacy", "hmpps-maw", "scotland-2022", "cwla"):
        assert f'value="{name}"' in html
    assert 'data-aria-controls="conditional-profile' in html
    assert 'id="green_from_percent"' in html


def weights_post(types, value: str = "6", **cells: str) -> dict[str, str]:
    data = {weight_field_name(t.pk, tier): value for t in types for tier in (1, 2, 3)}
    data.update(cells)
    return data


def test_a_blank_weight_is_named_in_the_error_summary_and_beside_its_cell(client, standard):
    world, a, _ = standard
    care_act = a["types"][0]
    cell = weight_field_name(care_act.pk, 2)
    response = as_(client, world, "service_lead").post(
        f"{ROOT}/schemes/{a['future'].pk}/weights/", weights_post(a["types"], **{cell: ""})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="#{cell}"' in page
    assert page.count("Enter the points for Care Act assessment, tier 2") == 2  # summary and cell
    assert re.search(
        rf'<input[^>]*class="govuk-input[^"]*govuk-input--error[^"]*"[^>]*id="{cell}"', page
    )
    assert CaseWeight.objects.get(scheme=a["future"], case_type=care_act, tier=2).points == 6


def test_saving_the_weights_changes_a_future_version_only(client, standard):
    world, a, _ = standard
    response = as_(client, world, "service_lead").post(
        f"{ROOT}/schemes/{a['future'].pk}/weights/", weights_post(a["types"], "8.5")
    )
    assert response.status_code == 302
    assert set(a["future"].weights.values_list("points", flat=True)) == {Decimal("8.5")}
    assert Decimal("8.5") not in set(a["in_force"].weights.values_list("points", flat=True))


def test_the_weights_page_has_a_labelled_input_for_every_case_type_and_tier(client, standard):
    world, a, _ = standard
    page = as_(client, world, "service_lead").get(f"{ROOT}/schemes/{a['future'].pk}/weights/")
    html = page.content.decode()
    for case_type in a["types"]:
        for tier in (1, 2, 3):
            assert f'id="{weight_field_name(case_type.pk, tier)}"' in html
            assert f"Points for {case_type.name}, tier {tier}" in html


# ---------------------------------------------------------------------------
# Case types and the ladder


def test_adding_and_changing_a_case_type(client, standard):
    world = standard[0]
    as_(client, world, "service_lead")
    response = client.post(
        f"{ROOT}/case-types/new/",
        {
            "service_area": "children",
            "name": "Section 47 enquiry",
            "code": "s47",
            "reserved": "yes",
        },
    )
    assert response.status_code == 302
    created = CaseType.objects.get(organisation=world.a, code="s47")
    assert created.reserved and created.service_area == "children"
    response = client.post(
        f"{ROOT}/case-types/{created.pk}/edit/",
        {"name": "Section 47 enquiry", "code": "s47-enquiry", "reserved": "yes",
         "service_area": "adults"},
    )  # fmt: skip
    created.refresh_from_db()
    assert created.code == "s47-enquiry" and created.service_area == "children"


def test_moving_a_rung_down_from_the_ladder_page(client, standard):
    world, a, _ = standard
    as_(client, world, "service_lead")
    page = client.get(f"{ROOT}/escalation/").content.decode()
    assert "Move down" in page
    response = client.post(f"{ROOT}/escalation/{a['rung'].pk}/move/", {"direction": "down"})
    assert response.status_code == 302
    assert list(
        EscalationLevel.objects.filter(organisation=world.a)
        .order_by("rank")
        .values_list("rank", "title")
    ) == [(1, "Director"), (2, "Manager")]
    assert client.get(f"{ROOT}/escalation/{a['rung'].pk}/move/").status_code == 405


def test_adding_a_rung_puts_it_at_the_top(client, standard):
    world = standard[0]
    response = as_(client, world, "org_admin").post(
        f"{ROOT}/escalation/new/", {"title": "Elected member", "days_to_act": "20"}
    )
    assert response.status_code == 302
    assert EscalationLevel.objects.get(organisation=world.a, title="Elected member").rank == 3


# ---------------------------------------------------------------------------
# Reductions


def test_the_people_search_finds_a_worker_and_links_to_their_reductions(client, standard):
    world = standard[0]
    person = world.practitioner_person
    page = (
        as_(client, world, "service_lead")
        .get(f"{ROOT}/reductions/", {"q": person.family_name})
        .content.decode()
    )
    assert f"{ROOT}/reductions/?person={person.pk}" in page
    assert world.person_b.family_name not in page


def test_the_people_search_never_shows_the_outsider_organisation_as_people(client, standard):
    world = standard[0]
    page = (
        as_(client, world, "outsider")
        .get(f"{ROOT}/reductions/", {"q": world.practitioner_person.family_name})
        .content.decode()
    )
    assert world.practitioner_person.staff_number not in page
    assert f"?person={world.practitioner_person.pk}" not in page
    assert "No people match" in page


def test_adding_a_reduction_with_dates_the_wrong_way_round_explains_it(client, standard):
    world = standard[0]
    person = world.practitioner_person
    url = f"{ROOT}/reductions/people/{person.pk}/new/"
    data = {
        "kind": "training", "hours_per_week": "3.7", "reason": "Practice educator course",
        **date_fields("starts_on", date(2027, 2, 1)), **date_fields("expires_on", date(2027, 1, 1)),
    }  # fmt: skip
    response = as_(client, world, "service_lead").post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#expires_on-day"' in page
    assert "The date it expires must be after the date it starts" in page
    data.update(date_fields("expires_on", date(2027, 7, 31)))
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{ROOT}/reductions/?person={person.pk}"
    listed = client.get(response["Location"]).content.decode()
    assert "Practice educator course" in listed and "Starts later" in listed


def test_ending_a_reduction_early_from_its_page(client, standard):
    world = standard[0]
    today = timezone.localdate()
    reduction = Reduction.objects.create(
        organisation=world.a, person=world.practitioner_person, kind="union_duties",
        hours_per_week=Decimal("7.4"), reason="Union branch duties",
        starts_on=today - timedelta(days=30), expires_on=today + timedelta(days=300),
    )  # fmt: skip
    as_(client, world, "service_lead")
    listed = client.get(f"{ROOT}/reductions/?person={world.practitioner_person.pk}")
    assert f"{ROOT}/reductions/{reduction.pk}/end/" in listed.content.decode()
    response = client.post(f"{ROOT}/reductions/{reduction.pk}/end/", date_fields("last_day", today))
    assert response.status_code == 302
    reduction.refresh_from_db()
    assert reduction.expires_on == today
