"""The builder's first figures: from the organisation's records where there are
any, from the example model otherwise, each saying which."""

import tomllib
from datetime import date, timedelta
from decimal import Decimal

import pytest

from safeworkload.caseloads.models import Case, CaseType
from safeworkload.organisations.models import Absence, Organisation, Person, Team
from safeworkload.staffing.modelfile import load_model
from safeworkload.staffing.selectors import prefill as p
from safeworkload.staffing.selectors.toml_text import dumps, get_path, merge, set_path
from safeworkload.supervision.models import Agreement, Session
from safeworkload.testing import OrganisationFactory, PersonFactory, PostFactory, TeamFactory
from safeworkload.timeuse.models import TimeSample

TODAY = date(2026, 3, 4)  # a Wednesday
JobRole = Person.JobRole


def _figure(built: p.Prefill, *path: str | int) -> p.Figure:
    return next(f for f in built.figures if f.path == path)


@pytest.mark.parametrize("service", ["adults", "childrens"])
def test_the_toml_writer_gives_back_the_same_data_for_each_example(service):
    data = p.example_data(service)
    text = dumps(data)
    assert tomllib.loads(text) == data
    assert load_model(text).service == service


def test_a_path_can_be_read_and_set_and_an_override_merged_table_by_table():
    data = {"roles": {"a": {"in_post": 1.0, "funded": 2.0}}, "support": [{"hours": 1}]}
    assert get_path(data, ("support", 0, "hours")) == 1
    assert get_path(data, ("support", 3, "hours")) is None
    assert set_path(data, ("roles", "a", "in_post"), 4.0)
    assert not set_path(data, ("roles", "missing", "in_post"), 4.0)
    merged = merge(data, {"roles": {"a": {"funded": 5.0}}})
    assert merged["roles"]["a"] == {"in_post": 4.0, "funded": 5.0}
    assert data["roles"]["a"]["funded"] == 2.0  # the base is not changed


@pytest.mark.parametrize(
    ("service", "code", "name", "expected"),
    [
        ("adults", "s42-enquiry", "Safeguarding enquiry (s42)", "safeguarding"),
        ("adults", "review", "Review", "long_term"),
        ("adults", "care-act-assessment", "Care Act assessment", "assessment"),
        ("adults", "hospital-discharge", "Hospital discharge", "assessment"),
        ("childrens", "s47-enquiry", "Child protection enquiry (s47)", "child_protection"),
        ("childrens", "cfa", "Child and family assessment", "assessment"),
        ("childrens", "looked-after-child", "Looked-after child", "child_in_need"),
    ],
)
def test_each_kind_of_case_counts_as_one_of_the_models_case_types(service, code, name, expected):
    assert p.model_case_type(service, code, name) == expected


@pytest.mark.django_db
def test_the_world_teams_prefill_takes_its_staff_and_posts_and_says_the_rest_are_examples(world):
    scope = p.Scope(world.a, world.team_a, world.team_a.service_area)
    built = p.prefill(scope, today=TODAY)
    social_workers = _figure(built, "roles", "social_worker", "in_post")
    assert social_workers.value == 1.0
    assert social_workers.source == "from 2 people in post in Adults long-term"
    assert _figure(built, "roles", "team_manager", "in_post").value == 1.0
    assert _figure(built, "roles", "assistant", "in_post").value == 0.0
    funded = _figure(built, "roles", "social_worker", "funded")
    assert (funded.value, funded.source) == (2.0, "from 2 funded posts in Adults long-term")
    sick = _figure(built, "working_time", "sick_days", "mean")
    assert sick.source.startswith("example figure") and not sick.from_records
    assert _figure(built, "case_types", "long_term", "openings_per_year").value == 350
    assert built.notes[0].source == "no time-use samples recorded yet"
    spec = load_model(built.toml)
    assert spec.roles["social_worker"].in_post == 1.0
    assert spec.roles["social_worker"].funded == 2.0


@pytest.mark.django_db
def test_an_organisation_with_no_people_gets_the_examples_staff():
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation)
    built = p.prefill(p.Scope(organisation, team, team.service_area), today=TODAY)
    figure = _figure(built, "roles", "social_worker", "in_post")
    assert (figure.value, figure.from_records) == (6, False)
    assert _figure(built, "roles", "social_worker", "funded").value == 8


@pytest.fixture
def small() -> tuple[Organisation, Team]:
    """One adults team: three social workers (one part-time), one who has left,
    one not yet started, an administrator; cases, sickness, supervision and time use."""
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation, name="North adults")
    full = PersonFactory(organisation=organisation, team=team)
    part = PersonFactory(organisation=organisation, team=team, contracted_hours=Decimal("18.5"))
    PersonFactory(organisation=organisation, team=team)
    PersonFactory(organisation=organisation, team=team, end_date=TODAY - timedelta(days=1))
    PersonFactory(organisation=organisation, team=team, start_date=TODAY + timedelta(days=7))
    PersonFactory(
        organisation=organisation,
        team=team,
        job_role=JobRole.ADMINISTRATOR,
        contracted_hours=Decimal("29.6"),
    )
    PostFactory(team=team, holder=full)
    PostFactory(team=team, holder=part, funded_fte=Decimal("0.5"))
    PostFactory(team=team, holder=None, vacant_since=date(2025, 9, 1))
    PostFactory(team=team, job_role=JobRole.ADMINISTRATOR, holder=None, vacant_since=TODAY)
    assessment = CaseType.objects.create(
        organisation=organisation, service_area="adults", code="caa", name="Care Act assessment"
    )
    for number in range(10):
        Case.objects.create(
            organisation=organisation,
            team=team,
            reference=f"A{number}",
            case_type=assessment,
            opened_on=TODAY - timedelta(weeks=number + 1),
        )
    Case.objects.create(  # opened 53 weeks ago: not in the year
        organisation=organisation,
        team=team,
        reference="OLD",
        case_type=assessment,
        opened_on=TODAY - timedelta(weeks=53),
    )
    for number, weeks in enumerate([3, 4, 6, 8, 9]):
        Case.objects.create(
            organisation=organisation,
            team=team,
            reference=f"C{number}",
            case_type=assessment,
            opened_on=TODAY - timedelta(weeks=53),
            closed_on=TODAY - timedelta(weeks=53 - weeks),
            status=Case.Status.CLOSED,
        )
    # Monday 2 to Friday 6 February 2026: five working days.
    Absence.objects.create(
        organisation=organisation,
        person=full,
        kind=Absence.Kind.SICKNESS,
        starts_on=date(2026, 2, 2),
        ends_on=date(2026, 2, 6),
    )
    agreement = Agreement.objects.create(
        organisation=organisation, supervisee=full, supervisor=part, starts_on=date(2025, 1, 1)
    )
    for month in range(12):
        day = TODAY - timedelta(days=30 * month + 1)
        Session.objects.create(
            organisation=organisation,
            agreement=agreement,
            supervisee=full,
            supervisor=part,
            scheduled_for=day,
            held_on=day,
            status=Session.Status.HELD,
            minutes=90,
        )
    TimeSample.objects.create(
        organisation=organisation,
        person=full,
        team=team,
        week_starting=date(2026, 2, 23),
        face_to_face=Decimal(12),
        remote_contact=Decimal(3),
        recording=Decimal(15),
        contracted_hours=Decimal(37),
        recorded_on=date(2026, 2, 27),
    )
    return organisation, team


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "value", "source"),
    [
        (
            ("roles", "social_worker", "in_post"),
            2.5,
            "from 4 people in post in North adults",
        ),
        (("roles", "administrator", "in_post"), 0.8, "from 4 people in post in North adults"),
        (("roles", "social_worker", "funded"), 2.5, "from 4 funded posts in North adults"),
        (("roles", "administrator", "funded"), 1.0, "from 4 funded posts in North adults"),
        (
            ("case_types", "assessment", "openings_per_year"),
            10.0,
            "from 10 cases opened in the last 52 weeks (Care Act assessment)",
        ),
        (
            ("case_types", "assessment", "duration_weeks"),
            6.0,
            "from 5 cases closed in the last 52 weeks (mean 6.0 weeks, SD 2.5)",
        ),
        (
            ("working_time", "sick_days", "mean"),
            1.2,
            "from 1 sickness absence recorded in the last 52 weeks, over 4 people",
        ),
        (
            ("support", 1, "hours"),
            1.5,
            "from 12 supervision sessions held in the last 52 weeks",
        ),
    ],
)
def test_each_figure_comes_from_the_records_and_says_so(small, path, value, source):
    organisation, team = small
    built = p.prefill(p.Scope(organisation, team, team.service_area), today=TODAY)
    figure = _figure(built, *path)
    assert (figure.value, figure.source, figure.from_records) == (value, source, True)
    assert get_path(tomllib.loads(built.toml), path) == value


@pytest.mark.django_db
def test_measured_cases_replace_the_need_rates_and_keep_the_spread_for_the_fan_chart(small):
    organisation, team = small
    built = p.prefill(p.Scope(organisation, team, team.service_area), today=TODAY)
    spec = load_model(built.toml)
    assert spec.case_types["assessment"].rates_per_10k is None
    assert spec.case_types["assessment"].openings_per_year == 10.0
    assert built.duration_cv["assessment"] == pytest.approx(6.5**0.5 / 6, abs=1e-3)
    assert built.duration_cv["long_term"] == p.DEFAULT_DURATION_CV
    assert built.notes[0].value == "50.0%"  # 15 of 30 hours with people
    assert built.notes[0].source.startswith("from 1 time-use sample ")


@pytest.mark.django_db
def test_a_service_area_covers_every_team_in_it_and_no_other(small):
    organisation, _ = small
    children = TeamFactory(organisation=organisation, service_area=Team.ServiceArea.CHILDREN)
    PersonFactory(organisation=organisation, team=children)
    scope = p.scope_from_key(organisation, "area-adults")
    assert scope is not None and scope.team is None
    built = p.prefill(scope, today=TODAY)
    assert _figure(built, "roles", "social_worker", "in_post").value == 2.5
    children_scope = p.scope_from_key(organisation, "area-children")
    assert children_scope is not None and children_scope.service == "childrens"
    assert load_model(p.prefill(children_scope, today=TODAY).toml).service == "childrens"


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "team-x", "area-nowhere", "team-999999", "other-1"])
def test_a_scope_key_that_names_nothing_here_gives_no_scope(small, key):
    organisation, _ = small
    assert p.scope_from_key(organisation, key) is None


@pytest.mark.django_db
def test_another_organisations_team_is_not_a_scope(small, world):
    organisation, _ = small
    assert p.scope_from_key(organisation, f"team-{world.team_a.pk}") is None
