import hashlib
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from safeworkload.audit.models import AuditEntry
from safeworkload.calc.experience import BANDS, experience_band
from safeworkload.organisations.demo import (
    DEMO_PASSWORD,
    EMPLOYERS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    SOCIAL_WORK_ROLES,
    demo_region_build,
)
from safeworkload.organisations.models import (
    Membership,
    Organisation,
    Person,
    Region,
    RegionalMembership,
    Team,
)
from safeworkload.organisations.roles import RegionalRole, Role
from safeworkload.organisations.selectors import current_people
from safeworkload.workforce.models import Post
from safeworkload.workforce.selectors import vacancy_figures

TODAY = date(2026, 4, 1)
SMALL = 0.2
PERSON_FIELDS = (
    "organisation__code",
    "staff_number",
    "given_name",
    "family_name",
    "team__name",
    "job_role",
    "qualified",
    "registered",
    "registration_number",
    "contracted_hours",
    "qualification_date",
    "start_date",
    "end_date",
    "employment_type",
    "grade",
)
POST_FIELDS = (
    "organisation__code",
    "team__name",
    "job_role",
    "grade",
    "funded_fte",
    "holder__staff_number",
    "vacant_since",
    "cover",
)


def _digest() -> str:
    people = Person.objects.order_by("organisation__code", "staff_number")
    posts = Post.objects.order_by(*POST_FIELDS)
    rows = [*people.values_list(*PERSON_FIELDS), *posts.values_list(*POST_FIELDS)]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _digest_of_build(*, seed: int, scale: float) -> str:
    """Build, take the digest, then roll back, so one test can build more than once."""
    with transaction.atomic():
        demo_region_build(seed=seed, scale=scale, today=TODAY)
        digest = _digest()
        transaction.set_rollback(True)
    return digest


def test_the_same_seed_and_scale_build_the_same_people_and_posts(db):
    assert _digest_of_build(seed=7, scale=SMALL) == _digest_of_build(seed=7, scale=SMALL)


def test_a_different_seed_builds_different_people(db):
    assert _digest_of_build(seed=7, scale=SMALL) != _digest_of_build(seed=8, scale=SMALL)


def test_the_region_holds_four_councils_and_one_social_work_practice(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    assert Region.objects.get().code == "midshire"
    kinds = dict(Organisation.objects.values_list("code", "kind"))
    assert kinds == {
        "northgate": Organisation.Kind.COUNCIL,
        "riverside": Organisation.Kind.COUNCIL,
        "westmoor": Organisation.Kind.COUNCIL,
        "eastbridge": Organisation.Kind.COUNCIL,
        "kestrel": Organisation.Kind.SOCIAL_WORK_PRACTICE,
    }


def test_every_role_has_a_sign_in_that_accepts_the_demo_password(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    for organisation in Organisation.objects.all():
        held = set(
            Membership.objects.filter(organisation=organisation).values_list("role", flat=True)
        )
        assert held == set(Role)
    assert set(RegionalMembership.objects.values_list("role", flat=True)) == set(RegionalRole)
    for user in get_user_model().objects.all():
        assert authenticate(username=user.email, password=DEMO_PASSWORD) == user


def test_sign_ins_are_linked_to_staff_records_that_fit_their_role(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    for organisation in Organisation.objects.all():
        code = organisation.code
        practitioner = Membership.objects.get(user__email=f"practitioner@{code}.example").person
        manager = Membership.objects.get(user__email=f"manager@{code}.example").person
        lead = Membership.objects.get(user__email=f"lead@{code}.example").person
        assert practitioner.job_role == Person.JobRole.SOCIAL_WORKER
        assert practitioner.team.manager == manager
        assert lead.job_role == Person.JobRole.SERVICE_LEAD


def test_one_sign_in_is_a_service_lead_in_two_organisations(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    roles = Membership.objects.filter(user__email="multi@midshire.example")
    assert roles.count() == 2
    assert set(roles.values_list("role", flat=True)) == {Role.SERVICE_LEAD}


def test_at_scale_one_vacancies_and_agency_work_match_the_national_rates(db):
    summary = demo_region_build(seed=1, scale=1, today=TODAY)
    figures = vacancy_figures(organisations=list(Organisation.objects.all())).values()
    funded = sum(f.funded_fte for f in figures)
    vacant = sum(f.vacant_fte for f in figures)
    assert Decimal(10) <= vacant * 100 / funded <= Decimal(18)
    social_work = current_people(on=TODAY).filter(job_role__in=SOCIAL_WORK_ROLES)
    agency = social_work.filter(employment_type=Person.EmploymentType.AGENCY)
    assert 8 <= 100 * agency.count() / social_work.count() <= 18
    staff = {f.code: f.staff for f in summary.organisations}
    assert staff == {spec.code: spec.staff for spec in EMPLOYERS}


def test_turnover_across_the_region_is_about_twelve_percent(db):
    demo_region_build(seed=1, scale=SMALL * 3, today=TODAY)
    employed = current_people(on=TODAY).exclude(employment_type=Person.EmploymentType.AGENCY)
    leavers = Person.objects.filter(end_date__lt=TODAY, end_date__gte=date(2025, 4, 1))
    assert 9 <= 100 * leavers.count() / employed.count() <= 15


def test_every_team_has_a_manager_who_works_in_it(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    for team in Team.objects.select_related("manager"):
        assert team.manager is not None, team
        assert team.manager.job_role == Person.JobRole.TEAM_MANAGER
        assert team.manager.team_id == team.pk


def test_no_two_people_in_an_organisation_share_a_staff_number(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    shared = (
        Person.objects.values("organisation", "staff_number")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not shared.exists()
    assert Person.objects.filter(organisation__code="northgate", staff_number="NG00001").exists()


def test_registration_numbers_follow_the_regulators_formats(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    for person in Person.objects.all():
        if person.job_role == Person.JobRole.OCCUPATIONAL_THERAPIST:
            assert person.registration_number[:2] == "OT"
        elif person.job_role in (Person.JobRole.ASSISTANT, Person.JobRole.ADMINISTRATOR):
            assert (person.qualified, person.registered, person.registration_number) == (
                False,
                False,
                "",
            )
            continue
        else:
            assert person.registration_number[:2] == "SW"
        assert person.registration_number[2:].isdigit()
        assert len(person.registration_number) == 8
        assert person.qualified and person.registered


def test_newly_qualified_staff_qualified_within_the_last_year(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    newly_qualified = Person.objects.filter(
        job_role=Person.JobRole.NEWLY_QUALIFIED, end_date__isnull=True
    )
    assert newly_qualified.exists()
    assert {experience_band(p.qualification_date, on=TODAY) for p in newly_qualified} == {"asye"}


def test_social_workers_span_every_experience_band(db):
    demo_region_build(seed=1, scale=SMALL * 3, today=TODAY)
    social_workers = current_people(on=TODAY).filter(job_role=Person.JobRole.SOCIAL_WORKER)
    bands = {experience_band(p.qualification_date, on=TODAY) for p in social_workers}
    assert bands == {code for code, _, _ in BANDS}


def test_agency_and_bank_workers_hold_no_post_and_employees_hold_one_each(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    holders = Post.objects.filter(holder__isnull=False)
    assert not holders.exclude(holder__employment_type__in=["permanent", "fixed_term"]).exists()
    assert not holders.filter(holder__end_date__isnull=False).exists()
    in_teams = current_people(on=TODAY).filter(
        team__isnull=False, employment_type__in=["permanent", "fixed_term"]
    )
    assert holders.count() == in_teams.count()
    for post in holders.select_related("holder"):
        assert post.funded_fte == post.holder.fte


def test_vacant_posts_fell_vacant_within_eighteen_months(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    vacant = Post.objects.filter(holder__isnull=True)
    assert vacant.filter(cover=Post.Cover.AGENCY).exists()
    assert not vacant.filter(vacant_since__lt=date(2024, 9, 30)).exists()
    assert not vacant.filter(vacant_since__gt=TODAY).exists()


def test_names_come_only_from_the_fictional_lists(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    assert set(Person.objects.values_list("given_name", flat=True)) <= set(GIVEN_NAMES)
    assert set(Person.objects.values_list("family_name", flat=True)) <= set(FAMILY_NAMES)


def test_each_organisation_records_the_load_in_its_audit_log(db):
    demo_region_build(seed=1, scale=SMALL, today=TODAY)
    entries = AuditEntry.objects.filter(action="demo.loaded")
    assert entries.count() == 5
    assert all(entry.actor_label == "demo generator" for entry in entries)


def test_a_scale_of_five_hundredths_still_has_every_job_role(db):
    # How fast it builds is measured by benchmarks, never asserted in a test.
    demo_region_build(seed=1, scale=0.05, today=TODAY)
    for organisation in Organisation.objects.all():
        roles = set(
            Person.objects.filter(organisation=organisation, end_date__isnull=True).values_list(
                "job_role", flat=True
            )
        )
        assert roles == set(Person.JobRole), organisation
        assert Membership.objects.filter(organisation=organisation).count() >= len(Role)
    for team in Team.objects.all():
        assert team.members.count() >= 5, team


def test_a_scale_of_zero_is_refused(db):
    with pytest.raises(ValueError, match="greater than 0"):
        demo_region_build(seed=1, scale=0, today=TODAY)


def _counts() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        Person.objects.count(),
        Post.objects.count(),
        get_user_model().objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_command_with_if_empty_twice_leaves_the_counts_unchanged(db):
    first, second = StringIO(), StringIO()
    call_command("demo", "--seed", "3", "--scale", "0.05", "--if-empty", stdout=first)
    counts = _counts()
    call_command("demo", "--seed", "3", "--scale", "0.05", "--if-empty", stdout=second)
    assert _counts() == counts
    assert "Built Midshire: 5 organisations" in first.getvalue()
    assert "already" in second.getvalue()


def test_the_command_refuses_to_load_over_existing_organisations(db):
    call_command("demo", "--scale", "0.05", stdout=StringIO())
    with pytest.raises(CommandError, match="delete the database file"):
        call_command("demo", "--scale", "0.05", stdout=StringIO())


@pytest.mark.parametrize("scale", ["0", "-1", "nan", "inf"])
def test_the_command_refuses_a_scale_that_is_not_a_positive_number(db, scale):
    with pytest.raises(CommandError, match="greater than 0"):
        call_command("demo", "--scale", scale, stdout=StringIO())
    assert not Organisation.objects.exists()


def test_the_sign_ins_command_lists_every_demo_user_with_role_and_organisation(db):
    demo_region_build(seed=1, scale=0.05, today=TODAY)
    get_user_model().objects.create_user(username="someone@real.test", email="someone@real.test")
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["Email", "Role", "Organisation"]
    assert any(
        line.split()[:2] == ["practitioner@kestrel.example", "Practitioner"] for line in lines
    )
    assert any(
        "inspector@midshire.example" in line and "Midshire (region)" in line for line in lines
    )
    assert not any("real.test" in line for line in lines)
    # Two service-lead rows for the user who switches between organisations.
    assert sum("multi@midshire.example" in line for line in lines) == 2
    # Aligned: every role starts in the column of its heading.
    column = lines[0].index("Role")
    assert all(line[column - 2 : column] == "  " and line[column] != " " for line in lines)


def test_the_sign_ins_command_says_when_there_is_no_demo(db):
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    assert "safeworkload demo" in out.getvalue()
