"""The queue simulation against the closed forms: Erlang C for exponential
handling times (M/M/c), Pollaczek-Khinchine for one worker (M/G/1); and its
own promises: the same seed gives the same answer, more workers never make it
worse."""

import itertools
import math
from typing import Any

import numpy as np
import pytest

from safeworkload.calc import erlang
from safeworkload.calc.des import ServiceTime, simulate_queue

# Absolute tolerance on a share (service level, waiting probability): about
# three times the 95% half-width these runs give. Near full occupancy waits
# are strongly correlated from one contact to the next, so those runs are longer.
SHARE_TOLERANCE = 0.02
LONG_RUN = {"customers": 100_000, "warm_up": 10_000}


@pytest.mark.parametrize(
    ("arrival_rate", "mean_service", "servers", "target_wait", "run"),
    [
        pytest.param(0.5, 1.0, 1, 0.5, {}, id="one-worker-half-busy"),
        pytest.param(12 / 7.4, 2.5, 6, 1.0, {}, id="ERL-SW-1-duty-68pc"),
        pytest.param(100 / 30, 3.0, 14, 20 / 60, {}, id="ERL-C-1-contact-centre-71pc"),
        pytest.param(12 / 7.4, 2.5, 5, 1.0, LONG_RUN, id="duty-five-workers-81pc"),
        pytest.param(9.0, 1.0, 10, 0.1, LONG_RUN, id="ten-workers-90pc"),
        pytest.param(4.75, 1.0, 5, 0.5, LONG_RUN, id="five-workers-95pc"),
    ],
)
def test_with_exponential_handling_the_simulation_agrees_with_erlang_c(
    arrival_rate, mean_service, servers, target_wait, run
):
    result = simulate_queue(
        arrival_rate=arrival_rate,
        service=ServiceTime("exponential", mean_service),
        servers=servers,
        target_wait=target_wait,
        seed=20240601,
        **run,
    )
    rates = {"arrival_rate": arrival_rate, "mean_service_time": mean_service, "agents": servers}
    assert result.service_level.mean == pytest.approx(
        erlang.service_level(**rates, target_wait=target_wait), abs=SHARE_TOLERANCE
    )
    assert result.wait_probability.mean == pytest.approx(
        erlang.erlang_c(**rates), abs=SHARE_TOLERANCE
    )
    assert result.occupancy.mean == pytest.approx(erlang.occupancy(**rates), abs=0.01)
    assert result.service_level.low <= result.service_level.mean <= result.service_level.high


@pytest.mark.parametrize(
    ("service", "load"),
    [
        pytest.param(ServiceTime("fixed", 1.0), 0.5, id="M/D/1-half-busy"),
        pytest.param(ServiceTime("fixed", 1.0), 0.8, id="M/D/1-80pc"),
        pytest.param(ServiceTime("gamma", 1.0, cv=0.5), 0.7, id="gamma-cv-0.5"),
        pytest.param(ServiceTime("lognormal", 1.0, cv=1.5), 0.6, id="lognormal-cv-1.5"),
    ],
)
def test_one_worker_waits_as_pollaczek_khinchine_says(service, load):
    # Wq = rho x E[S] x (1 + CV^2) / (2 (1 - rho)).
    expected = load * service.mean * (1 + service.cv**2) / (2 * (1 - load))
    if service.kind == "fixed":
        expected = load * service.mean / (2 * (1 - load))
    result = simulate_queue(
        arrival_rate=load / service.mean,
        service=service,
        servers=1,
        target_wait=0.0,
        seed=7,
        **LONG_RUN,
    )
    assert result.mean_wait.mean == pytest.approx(expected, rel=0.05)


@pytest.mark.parametrize(
    ("kind", "cv"), [("exponential", 1.0), ("lognormal", 0.4), ("gamma", 1.8), ("fixed", 0.0)]
)
def test_handling_times_have_the_mean_and_cv_asked_for(kind, cv):
    draws = ServiceTime(kind, 30.0, cv=cv).sample(np.random.default_rng(3), 400_000)
    assert draws.mean() == pytest.approx(30.0, rel=0.01)
    assert draws.std() / draws.mean() == pytest.approx(cv, abs=0.02)


def test_a_fixed_time_ignores_the_cv_and_exponential_always_has_a_cv_of_one():
    rng = np.random.default_rng(1)
    assert set(ServiceTime("fixed", 2.0, cv=0.7).sample(rng, 10)) == {2.0}
    draws = ServiceTime("exponential", 2.0, cv=0.1).sample(rng, 200_000)
    assert draws.std() / draws.mean() == pytest.approx(1.0, abs=0.02)


DUTY_QUEUE: dict[str, Any] = {
    "arrival_rate": 2.0,
    "service": ServiceTime("lognormal", 0.5, cv=0.6),
    "target_wait": 1 / 3,
    "customers": 2_000,
    "warm_up": 200,
    "replications": 4,
}


def test_the_same_seed_gives_the_same_answer_and_another_seed_another():
    first = simulate_queue(**DUTY_QUEUE, servers=2, seed=11)
    assert simulate_queue(**DUTY_QUEUE, servers=2, seed=11) == first
    assert simulate_queue(**DUTY_QUEUE, servers=2, seed=12) != first


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("kind", ["exponential", "lognormal", "fixed"])
def test_more_servers_never_make_it_worse(seed, kind):
    queue: dict[str, Any] = {
        **DUTY_QUEUE,
        "service": ServiceTime(kind, 0.5, cv=2.0),
        "arrival_rate": 3.5,
    }
    results = [simulate_queue(**queue, servers=c, seed=seed) for c in range(2, 7)]
    for fewer, more in itertools.pairwise(results):
        assert more.service_level.mean >= fewer.service_level.mean
        assert more.wait_probability.mean <= fewer.wait_probability.mean
        assert more.mean_wait.mean <= fewer.mean_wait.mean


def test_a_queue_with_more_work_than_workers_is_flagged_unstable():
    overloaded = simulate_queue(**{**DUTY_QUEUE, "arrival_rate": 5.0}, servers=2, seed=1)
    assert not overloaded.stable
    assert overloaded.occupancy.mean == pytest.approx(1.0, abs=0.01)
    assert simulate_queue(**DUTY_QUEUE, servers=2, seed=1).stable


def test_a_single_replication_has_no_spread_to_report():
    result = simulate_queue(**{**DUTY_QUEUE, "replications": 1}, servers=2, seed=1)
    assert result.mean_wait.low == result.mean_wait.mean == result.mean_wait.high


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"arrival_rate": 0.0}, "arrival rate"),
        ({"servers": 0}, "at least one server"),
        ({"target_wait": -1.0}, "target wait"),
        ({"customers": 0}, "at least one customer"),
        ({"replications": 0}, "at least one customer"),
        ({"confidence": 1.0}, "confidence"),
    ],
)
def test_impossible_runs_are_refused(changes, message):
    arguments = {**DUTY_QUEUE, "servers": 2, "seed": 1, **changes}
    with pytest.raises(ValueError, match=message):
        simulate_queue(**arguments)


@pytest.mark.parametrize(
    ("kind", "mean", "cv"),
    [("weibull", 1.0, 1.0), ("lognormal", 0.0, 1.0), ("gamma", 1.0, -0.1), ("gamma", math.inf, 1)],
)
def test_impossible_service_times_are_refused(kind, mean, cv):
    with pytest.raises(ValueError):
        ServiceTime(kind, mean, cv=cv)
