"""Erlang C (the M/M/c queue), for sizing a duty rota or front door.

Contacts arrive at random (a Poisson stream, ``arrival_rate`` per unit of
time) and each needs a worker for a random time (exponential, mean
``mean_service_time`` in the same unit). With n workers (``agents``), as
reference/02 §3.1 sets out:

- offered load A = arrival rate x mean service time (in Erlangs);
- Erlang B by the recursion B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)), which
  stays between 0 and 1 at every step, so it is exact for hundreds or
  thousands of workers where A^n / n! would overflow;
- probability that a contact waits C = n B / (n - A (1 - B)), for n > A;
- service level, the share picked up within t: 1 - C exp(-(n - A) t / AHT);
- mean wait (average speed of answer) C AHT / (n - A); occupancy A / n.

With n <= A the queue grows without end: everyone waits (C = 1), no share is
picked up within any time (service level 0) and the mean wait is infinite.

The staff on a rota at once is the smallest n that meets the service level and
keeps occupancy within its cap; people rostered = ceil(n / (1 - shrinkage)),
where shrinkage is the share of rostered time lost to leave, training and the
rest. The acceptance vectors are pyworkforce's (rodrigo-arenas/pyworkforce)
and our social-work duty example (reference/02 §3.2, §3.3).

Caveat (reference/02 §3.3): when a contact takes a sizeable part of the day the
queue never settles, and nobody calls back; check such answers by simulation.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass

# n / (1 - shrinkage) is often a whole number that floating point puts just
# above it (14 / 0.7 = 20.000000000000004); rounding first keeps it whole.
_ROUNDING_PLACES = 9


def _offered_load(arrival_rate: float, mean_service_time: float) -> float:
    if arrival_rate < 0:
        raise ValueError("An arrival rate cannot be negative.")
    if mean_service_time <= 0:
        raise ValueError("A mean service time must be above 0.")
    return arrival_rate * mean_service_time


def _erlang_b_steps(offered_load: float) -> Iterator[tuple[int, float]]:
    """(k, B(k)) for k = 1, 2, ...: one recursion step each, so a search over
    staff sizes costs one step per size tried."""
    blocking, agents = 1.0, 0
    while True:
        agents += 1
        blocking = offered_load * blocking / (agents + offered_load * blocking)
        yield agents, blocking


def erlang_b(*, offered_load: float, agents: int) -> float:
    """The share of contacts turned away when n workers are busy and nobody queues."""
    if offered_load < 0 or agents < 0:
        raise ValueError("Load and agents cannot be negative.")
    if agents == 0:
        return 1.0
    for k, blocking in _erlang_b_steps(offered_load):
        if k == agents:
            return blocking
    raise AssertionError("unreachable")  # pragma: no cover


def _erlang_c_from_b(load: float, agents: int, blocking: float) -> float:
    if agents <= load:
        return 1.0
    return agents * blocking / (agents - load * (1 - blocking))


def _service_level_from_c(
    load: float, agents: int, wait_probability: float, target_wait: float, service_time: float
) -> float:
    if agents <= load:
        return 0.0
    return 1 - wait_probability * math.exp(-(agents - load) * target_wait / service_time)


def erlang_c(*, arrival_rate: float, mean_service_time: float, agents: int) -> float:
    """The probability that a contact has to wait for a worker."""
    load = _offered_load(arrival_rate, mean_service_time)
    if agents < 0:
        raise ValueError("Agents cannot be negative.")
    return _erlang_c_from_b(load, agents, erlang_b(offered_load=load, agents=agents))


def service_level(
    *, arrival_rate: float, mean_service_time: float, agents: int, target_wait: float
) -> float:
    """The share of contacts picked up within ``target_wait``."""
    if target_wait < 0:
        raise ValueError("A target wait cannot be negative.")
    load = _offered_load(arrival_rate, mean_service_time)
    wait = erlang_c(arrival_rate=arrival_rate, mean_service_time=mean_service_time, agents=agents)
    return _service_level_from_c(load, agents, wait, target_wait, mean_service_time)


def average_wait(*, arrival_rate: float, mean_service_time: float, agents: int) -> float:
    """The mean wait over all contacts (the average speed of answer)."""
    load = _offered_load(arrival_rate, mean_service_time)
    if agents <= load:
        return math.inf
    wait = erlang_c(arrival_rate=arrival_rate, mean_service_time=mean_service_time, agents=agents)
    return wait * mean_service_time / (agents - load)


def occupancy(*, arrival_rate: float, mean_service_time: float, agents: int) -> float:
    """The share of workers' time busy with contacts; 1 once the queue is overloaded."""
    load = _offered_load(arrival_rate, mean_service_time)
    if agents <= 0:
        raise ValueError("Occupancy needs at least one agent.")
    return min(1.0, load / agents)


def agents_for_service_level(
    *,
    arrival_rate: float,
    mean_service_time: float,
    target_wait: float,
    service_level: float,
    max_occupancy: float = 1.0,
) -> int:
    """The fewest workers at once who pick up ``service_level`` of contacts
    within ``target_wait`` and are busy no more than ``max_occupancy``.

    A service level of 1 is refused: every contact has some chance of waiting,
    so no finite team reaches it.
    """
    if not 0 < service_level < 1:
        raise ValueError("A service level must be above 0 and below 1.")
    if not 0 < max_occupancy <= 1:
        raise ValueError("A maximum occupancy must be above 0 and at most 1.")
    if target_wait < 0:
        raise ValueError("A target wait cannot be negative.")
    load = _offered_load(arrival_rate, mean_service_time)
    for agents, blocking in _erlang_b_steps(load):
        if agents <= load or load / agents > max_occupancy:
            continue
        wait = _erlang_c_from_b(load, agents, blocking)
        achieved = _service_level_from_c(load, agents, wait, target_wait, mean_service_time)
        if achieved >= service_level:
            return agents
    raise AssertionError("unreachable")  # pragma: no cover


def rostered(agents: int, *, shrinkage: float) -> int:
    """People to roster so that ``agents`` are working: ceil(n / (1 - shrinkage))."""
    if not 0 <= shrinkage < 1:
        raise ValueError("Shrinkage must be at least 0 and below 1.")
    if agents < 0:
        raise ValueError("Agents cannot be negative.")
    return math.ceil(round(agents / (1 - shrinkage), _ROUNDING_PLACES))


@dataclass(frozen=True)
class DutyRota:
    agents: int  # on duty at once
    rostered: int  # after shrinkage
    service_level: float
    occupancy: float
    wait_probability: float
    average_wait: float  # in the unit of the service time


def duty_rota(
    *,
    arrival_rate: float,
    mean_service_time: float,
    target_wait: float,
    service_level: float,
    max_occupancy: float = 1.0,
    shrinkage: float = 0.0,
) -> DutyRota:
    """A duty rota sized by Erlang C, with what it achieves."""
    agents = agents_for_service_level(
        arrival_rate=arrival_rate,
        mean_service_time=mean_service_time,
        target_wait=target_wait,
        service_level=service_level,
        max_occupancy=max_occupancy,
    )
    load = _offered_load(arrival_rate, mean_service_time)
    wait = _erlang_c_from_b(load, agents, erlang_b(offered_load=load, agents=agents))
    return DutyRota(
        agents=agents,
        rostered=rostered(agents, shrinkage=shrinkage),
        service_level=_service_level_from_c(load, agents, wait, target_wait, mean_service_time),
        occupancy=load / agents,
        wait_probability=wait,
        average_wait=wait * mean_service_time / (agents - load),
    )
