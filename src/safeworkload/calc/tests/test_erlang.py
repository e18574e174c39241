"""Erlang C: ERL-C-1, ERL-C-2 and ERL-SW-1 of reference/02 §6, the tables of
§3.2 and §3.3, rounding of the rota, and stability for hundreds of workers."""

import math

import pytest
from scipy import stats

from safeworkload.calc.erlang import (
    agents_for_service_level,
    average_wait,
    duty_rota,
    erlang_b,
    erlang_c,
    occupancy,
    rostered,
    service_level,
)

# pyworkforce's vectors: 100 contacts per 30 minutes, 3 minutes each, answered
# within 20 seconds; times in minutes, so A = 10 Erlangs.
CONTACT_CENTRE = {"arrival_rate": 100 / 30, "mean_service_time": 3.0}
TWENTY_SECONDS = 20 / 60

# The social-work duty example: 12 contacts in a 7.4-hour duty day, 2.5 hours
# of duty-worker time each; times in hours, so A = 4.05 Erlangs.
DUTY = {"arrival_rate": 12 / 7.4, "mean_service_time": 2.5}


@pytest.mark.parametrize(
    ("max_occupancy", "agents", "scheduled", "level", "busy", "wait_probability"),
    [
        pytest.param(0.85, 14, 20, 0.888, 0.714, 0.174, id="ERL-C-1"),
        pytest.param(0.70, 15, 22, 0.941, 0.667, 0.102, id="ERL-C-2"),
    ],
)
def test_the_pyworkforce_contact_centre_needs_the_published_staff(
    max_occupancy, agents, scheduled, level, busy, wait_probability
):
    rota = duty_rota(
        **CONTACT_CENTRE,
        target_wait=TWENTY_SECONDS,
        service_level=0.8,
        max_occupancy=max_occupancy,
        shrinkage=0.3,
    )
    assert rota.agents == agents
    assert rota.rostered == scheduled
    assert rota.service_level == pytest.approx(level, abs=1e-3)
    assert rota.occupancy == pytest.approx(busy, abs=1e-3)
    assert rota.wait_probability == pytest.approx(wait_probability, abs=1e-3)


@pytest.mark.parametrize(
    ("agents", "wait_probability", "level", "busy", "seconds"),
    [
        (13, 0.2853, 0.7956, 0.769, 17.1),
        (14, 0.1741, 0.8884, 0.714, 7.8),
        (15, 0.1020, 0.9415, 0.667, 3.7),
    ],
)
def test_the_contact_centre_table_for_ten_erlangs_reproduces(
    agents, wait_probability, level, busy, seconds
):
    queue = {**CONTACT_CENTRE, "agents": agents}
    assert erlang_c(**queue) == pytest.approx(wait_probability, abs=1e-4)
    assert service_level(**queue, target_wait=TWENTY_SECONDS) == pytest.approx(level, abs=1e-4)
    assert occupancy(**queue) == pytest.approx(busy, abs=1e-3)
    assert average_wait(**queue) * 60 == pytest.approx(seconds, abs=0.05)


def test_thirteen_agents_just_miss_80_percent_in_20_seconds_so_fourteen_are_needed():
    assert (
        agents_for_service_level(**CONTACT_CENTRE, target_wait=TWENTY_SECONDS, service_level=0.8)
        == 14
    )
    # Asking for exactly what 13 achieve is met by 13: the target is "at least".
    achieved = service_level(**CONTACT_CENTRE, agents=13, target_wait=TWENTY_SECONDS)
    assert (
        agents_for_service_level(
            **CONTACT_CENTRE, target_wait=TWENTY_SECONDS, service_level=achieved
        )
        == 13
    )


@pytest.mark.parametrize(
    ("max_occupancy", "agents"),
    [
        (1.0, 14),  # the service level decides
        (10 / 14, 14),  # exactly 14's occupancy: allowed
        (0.714, 15),  # just under it: 14 are too busy
    ],
)
def test_the_occupancy_cap_is_met_exactly_at_its_edge(max_occupancy, agents):
    assert (
        agents_for_service_level(
            **CONTACT_CENTRE,
            target_wait=TWENTY_SECONDS,
            service_level=0.8,
            max_occupancy=max_occupancy,
        )
        == agents
    )


def test_ten_erlangs_need_17_lines_to_turn_away_at_most_2_percent():
    # pyworkforce's README also says 17 for this case; its blocking figure
    # (0.0183) did not reproduce by Erlang B, which gives 0.0129.
    assert erlang_b(offered_load=10, agents=16) == pytest.approx(0.0223, abs=1e-4)
    assert erlang_b(offered_load=10, agents=17) == pytest.approx(0.0129, abs=1e-4)


@pytest.mark.parametrize(
    ("agents", "wait_probability", "within_1_hour", "within_4_hours", "mean_wait", "busy"),
    [
        (5, 0.575, 0.606, 0.873, 1.52, 0.81),
        (6, 0.298, 0.863, 0.987, 0.38, 0.68),
        (7, 0.143, 0.956, 0.999, 0.12, 0.58),
    ],
)
def test_the_social_work_duty_table_reproduces(
    agents, wait_probability, within_1_hour, within_4_hours, mean_wait, busy
):
    queue = {**DUTY, "agents": agents}
    assert erlang_c(**queue) == pytest.approx(wait_probability, abs=1e-3)
    assert service_level(**queue, target_wait=1) == pytest.approx(within_1_hour, abs=1e-3)
    assert service_level(**queue, target_wait=4) == pytest.approx(within_4_hours, abs=1e-3)
    assert average_wait(**queue) == pytest.approx(mean_wait, abs=0.005)
    assert occupancy(**queue) == pytest.approx(busy, abs=0.005)


def test_erl_sw_1_eighty_percent_within_an_hour_needs_six_on_duty_and_nine_rostered():
    rota = duty_rota(**DUTY, target_wait=1, service_level=0.8, shrinkage=0.3)
    assert rota.agents == 6
    assert rota.rostered == 9
    assert rota.wait_probability == pytest.approx(0.298, abs=1e-3)
    assert rota.service_level == pytest.approx(0.863, abs=1e-3)


@pytest.mark.parametrize(
    ("agents", "shrinkage", "people"),
    [
        (14, 0.3, 20),  # 14 / 0.7 is 20 exactly, though floating point says 20.000000000000004
        (15, 0.3, 22),  # 21.43 rounds up
        (6, 0.3, 9),
        (6, 0.0, 6),
        (0, 0.3, 0),
    ],
)
def test_people_rostered_are_the_agents_grossed_up_for_shrinkage_and_rounded_up(
    agents, shrinkage, people
):
    assert rostered(agents, shrinkage=shrinkage) == people


@pytest.mark.parametrize("agents", [4, 3, 0])
def test_with_no_more_agents_than_the_load_everyone_waits_and_none_are_picked_up_in_time(agents):
    queue = {**DUTY, "agents": agents}
    assert erlang_c(**queue) == 1.0
    assert service_level(**queue, target_wait=1) == 0.0
    assert average_wait(**queue) == math.inf


def test_with_no_contacts_nobody_waits():
    queue = {"arrival_rate": 0.0, "mean_service_time": 2.5, "agents": 1}
    assert erlang_c(**queue) == 0.0
    assert service_level(**queue, target_wait=0) == 1.0
    assert (
        agents_for_service_level(
            arrival_rate=0.0, mean_service_time=2.5, target_wait=0, service_level=0.99
        )
        == 1
    )


@pytest.mark.parametrize(
    ("load", "agents"),
    [(10.0, 14), (250.0, 260), (500.0, 520), (900.0, 950), (1500.0, 1400)],
)
def test_erlang_b_by_recursion_matches_the_poisson_form_for_hundreds_of_agents(load, agents):
    # Erlang B = P(N = n) / P(N <= n) for N ~ Poisson(A); scipy works in logs.
    expected = stats.poisson.pmf(agents, load) / stats.poisson.cdf(agents, load)
    assert erlang_b(offered_load=load, agents=agents) == pytest.approx(expected, rel=1e-9)


def test_a_front_door_of_hundreds_is_sized_and_one_fewer_would_miss_the_target():
    queue = {"arrival_rate": 800.0, "mean_service_time": 1.0}
    agents = agents_for_service_level(**queue, target_wait=0.05, service_level=0.9)
    assert 800 < agents < 900
    assert service_level(**queue, agents=agents, target_wait=0.05) >= 0.9
    assert service_level(**queue, agents=agents - 1, target_wait=0.05) < 0.9


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"service_level": 1.0}, "service level must be above 0 and below 1"),
        ({"service_level": 0.0}, "service level must be above 0 and below 1"),
        ({"max_occupancy": 0.0}, "maximum occupancy"),
        ({"max_occupancy": 1.2}, "maximum occupancy"),
        ({"target_wait": -1}, "target wait cannot be negative"),
        ({"mean_service_time": 0}, "mean service time must be above 0"),
        ({"arrival_rate": -1}, "arrival rate cannot be negative"),
    ],
)
def test_impossible_targets_are_refused_with_a_reason(arguments, message):
    chosen = {**DUTY, "target_wait": 1, "service_level": 0.8, **arguments}
    with pytest.raises(ValueError, match=message):
        agents_for_service_level(**chosen)


@pytest.mark.parametrize("shrinkage", [-0.1, 1.0])
def test_shrinkage_must_be_from_0_to_below_1(shrinkage):
    with pytest.raises(ValueError, match="Shrinkage"):
        rostered(5, shrinkage=shrinkage)
