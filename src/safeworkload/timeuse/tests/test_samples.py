"""Recording a sample week, and the aggregates of groups: what is shown and what is held back."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from safeworkload.audit.models import AuditEntry
from safeworkload.organisations.models import Person, Team
from safeworkload.testing import PersonFactory, World
from safeworkload.timeuse.models import TimeSample
from safeworkload.timeuse.selectors import (
    ORGANISATION,
    group_figures,
    group_table,
    organisation_scope,
    period_ending,
    person_summary,
    service_scope,
    team_scope,
)
from safeworkload.timeuse.services import SampleRefused, time_sample_record

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = date(2026, 11, 18)  # a Wednesday
LAST_WEEK = date(2026, 11, 9)
# A week like BASW's: 8 hours with people out of 40, 20 hours of recording.
WEEK = {
    "face_to_face": D(6),
    "remote_contact": D(2),
    "recording": D(18),
    "other_admin": D(2),
    "travel": D(6),
    "supervision": D("1.5"),
    "learning": D("0.5"),
    "meetings": D(4),
}


def record(person: Person, week: date = LAST_WEEK, hours: dict | None = None, **kwargs):
    return time_sample_record(
        person=person, week_starting=week, hours=hours or WEEK, actor=None, today=TODAY, **kwargs
    )


def team_of(world: World, size: int, team: Team | None = None) -> list[Person]:
    """``size`` people in team A (its practitioner first), each with last week recorded."""
    team = team or world.team_a
    people = [world.practitioner_person] if team == world.team_a else []
    while len(people) < size:
        people.append(PersonFactory(organisation=world.a, team=team))
    for person in people[:size]:
        record(person)
    return people[:size]


# ---------------------------------------------------------------------------
# Recording


def test_a_recorded_week_keeps_the_contract_and_team_of_the_day(world):
    person = world.practitioner_person
    recorded = record(person)
    sample = recorded.sample
    assert not recorded.replaced
    assert (sample.contracted_hours, sample.team, sample.recorded_on) == (
        D("37.0"),
        world.team_a,
        TODAY,
    )
    assert sample.worked_hours == D(40)


def test_the_audit_log_keeps_the_fact_of_a_week_but_never_its_hours(world):
    sample = record(world.practitioner_person).sample
    entry = AuditEntry.objects.get(action="timeuse.sample_recorded")
    assert entry.object_id == str(sample.pk)
    assert entry.data == {"person": world.practitioner_person.pk, "week_starting": "2026-11-09"}


def test_recording_the_same_week_again_replaces_it(world):
    person = world.practitioner_person
    record(person)
    again = record(person, hours={**WEEK, "face_to_face": D(10)})
    assert again.replaced
    assert TimeSample.objects.filter(person=person).count() == 1
    assert TimeSample.objects.get(person=person).face_to_face == D(10)
    assert AuditEntry.objects.filter(action="timeuse.sample_replaced").count() == 1


@pytest.mark.parametrize(
    ("week", "hours", "field", "message"),
    [
        (LAST_WEEK + timedelta(days=1), WEEK, "week_starting", "The week must start on a Monday"),
        (date(2026, 11, 23), WEEK, "week_starting", "The week must have started already"),
        (LAST_WEEK, {"travel": D("7.1")}, "travel", "Enter hours for travel in quarter hours"),
        (LAST_WEEK, {"learning": D("100.25")}, "learning", "must be 100 or fewer"),
        (LAST_WEEK, {"meetings": D(-1)}, "meetings", "must be 0 or more"),
        (LAST_WEEK, {}, "face_to_face", "Enter the hours for at least one kind of work"),
        (LAST_WEEK, dict.fromkeys(WEEK, D("21.25")), "", "a week has only 168 hours"),
    ],
)
def test_a_week_that_cannot_be_right_is_refused(world, week, hours, field, message):
    with pytest.raises(SampleRefused) as refused:
        time_sample_record(
            person=world.practitioner_person,
            week_starting=week,
            hours=hours,
            actor=None,
            today=TODAY,
        )
    assert refused.value.field == field
    assert message in str(refused.value)
    assert not TimeSample.objects.exists()


@pytest.mark.parametrize("hours", [D("0.25"), D(100), D("37.75")])
def test_quarter_hours_from_a_quarter_to_a_hundred_are_accepted(world, hours):
    assert record(world.practitioner_person, hours={"recording": hours}).sample.recording == hours


def test_this_weeks_monday_may_be_recorded_while_the_week_runs(world):
    assert record(world.practitioner_person, week=date(2026, 11, 16)).sample.pk


def test_a_persons_summary_pools_their_weeks_and_averages_their_extra_hours(world):
    person = world.practitioner_person
    record(person)  # 40 h on a 37 h contract: 3 over
    record(person, week=LAST_WEEK - timedelta(weeks=1), hours={"face_to_face": D(30)})  # 7 short
    summary = person_summary(person=person)
    assert [r.extra for r in summary.rows] == [D(3), D(0)]
    assert summary.shares is not None
    assert summary.shares.direct_pct == D("54.3")  # 38 of 70 hours
    assert summary.extra_per_week == D("1.50")
    assert summary.unpaid_year == (D("72.00"), D("9.6"))


# ---------------------------------------------------------------------------
# Groups


def figures_of(world: World, scope, minimum: int = 5, months: int = 6):
    return group_figures(
        organisation=world.a, scope=scope, period=period_ending(TODAY, months), minimum=minimum
    )


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True), (6, True)])
def test_a_group_is_shown_only_when_five_people_recorded_a_week(world, people, shown):
    team_of(world, people)
    figures = figures_of(world, team_scope(world.team_a))
    assert figures.shown is shown
    assert figures.people == people
    if not shown:
        assert figures.mean_hours is None and figures.extra_per_week is None
        assert figures.suppressed_text == (
            "Fewer than 5 people recorded a week, so this is not shown"
        )


def test_one_person_recording_many_weeks_is_still_one_person(world):
    person = world.practitioner_person
    for weeks_ago in range(1, 8):
        record(person, week=LAST_WEEK - timedelta(weeks=weeks_ago))
    team_of(world, 4)
    assert not figures_of(world, team_scope(world.team_a)).shown


def test_a_larger_minimum_holds_back_a_group_of_five(world):
    team_of(world, 5)
    figures = figures_of(world, team_scope(world.team_a), minimum=6)
    assert not figures.shown
    assert figures.suppressed_text.startswith("Fewer than 6 people")


def test_a_shown_group_has_its_shares_extra_hours_and_yearly_total(world):
    team_of(world, 5)
    figures = figures_of(world, team_scope(world.team_a))
    assert figures.shares is not None
    assert (figures.shares.direct_pct, figures.shares.gap_to_target) == (D("20.0"), D("60.0"))
    assert figures.shares.recording_admin_pct == D("50.0")
    assert figures.extra_per_week == D("3.00")
    assert figures.over_contract_pct == D("100.0")
    assert figures.unpaid_year == (D("144.00"), D("19.2"))


def test_what_an_administrator_frees_is_for_the_teams_own_social_workers(world):
    team_of(world, 5)  # five social workers, and the manager, who is not counted
    figures = figures_of(world, team_scope(world.team_a))
    assert figures.admin_social_workers == 5
    assert figures.admin is not None
    # Each could hand over 2 x 0.5 + 18 x 0.2 = 4.6 h: 23 h for the team, under a 37 h post.
    assert (figures.admin.hours_taken_per_post, figures.admin.freed_per_worker) == (
        D("23.00"),
        D("4.60"),
    )
    assert figures.admin.spare_post_hours == D("14.00")


def test_each_month_of_the_trend_needs_five_people_of_its_own(world):
    people = team_of(world, 5)  # all in November
    record(people[0], week=date(2026, 10, 5))  # one person in October
    trend = figures_of(world, team_scope(world.team_a)).trend
    assert [p.month for p in trend] == [date(2026, m, 1) for m in range(6, 12)]
    by_month = {p.month.month: p for p in trend}
    assert by_month[11].shares is not None and by_month[11].people == 5
    assert by_month[10].shares is None and by_month[10].people == 1


def test_a_week_counts_for_the_team_the_person_was_in_when_they_recorded_it(world):
    people = team_of(world, 5)
    Person.objects.filter(pk=people[1].pk).update(team=world.other_team_a)
    assert figures_of(world, team_scope(world.team_a)).people == 5
    assert figures_of(world, team_scope(world.other_team_a)).people == 0


def test_weeks_before_the_period_are_left_out(world):
    team_of(world, 5)
    for person in Person.objects.filter(team=world.team_a)[:5]:
        record(person, week=date(2026, 5, 4))
    assert figures_of(world, team_scope(world.team_a), months=6).samples == 5
    assert figures_of(world, team_scope(world.team_a), months=12).samples == 10


def test_service_areas_and_the_organisation_pool_their_teams(world):
    team_of(world, 3)
    team_of(world, 3, team=world.other_team_a)  # children's
    adults = figures_of(world, service_scope(Team.ServiceArea.ADULTS))
    organisation = figures_of(world, organisation_scope(world.a))
    assert (adults.people, adults.shown) == (3, False)
    assert (organisation.people, organisation.shown) == (6, True)


def test_another_organisations_weeks_never_count(world):
    team_of(world, 4)
    for _ in range(3):
        record(PersonFactory(organisation=world.b, team=world.team_b))
    assert figures_of(world, organisation_scope(world.a)).people == 4


def test_the_table_has_the_organisation_each_service_area_and_each_team(world):
    team_of(world, 5)
    table = group_table(organisation=world.a, period=period_ending(TODAY), minimum=5)
    assert [(g.scope.kind, g.scope.label, g.shown) for g in table] == [
        (ORGANISATION, "Council A", True),
        ("service", "Adults", True),
        ("service", "Children and families", False),
        ("team", "Adults long-term", True),
        ("team", "Children duty", False),
    ]


def test_a_team_is_hidden_with_a_small_one_so_the_service_cannot_give_it_away(world):
    from safeworkload.testing import TeamFactory

    small = TeamFactory(organisation=world.a, name="Adults review", service_area="adults")
    team_of(world, 6)
    team_of(world, 4, team=small)
    table = {
        g.scope.label: g
        for g in group_table(organisation=world.a, period=period_ending(TODAY), minimum=5)
    }
    # Adults (10) minus Adults long-term (6) would be the small team's 4 people.
    assert table["Adults"].shown
    assert not table["Adults review"].shown
    assert not table["Adults long-term"].shown
    assert table["Adults long-term"].suppressed_text.startswith("Hidden with a smaller group")
    team_page = figures_of(world, team_scope(world.team_a))
    assert not team_page.shown and team_page.complement
