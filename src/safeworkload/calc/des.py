"""A discrete-event simulation of a first-come, first-served queue with c workers (M/G/c).

Erlang C (calc/erlang.py) assumes handling times are exponential (a CV of 1)
and that the queue has settled. Social-work duty contacts take tens of minutes
against a target wait of the same order, and their times are rarely
exponential, so reference/02 §3.3 and §5 point 4 ask for the Erlang answer to
be checked by simulation. This is that check, kept small enough to be read
line by line:

- contacts arrive as a Poisson stream (``arrival_rate`` per unit of time);
- each needs a worker for a time drawn from `ServiceTime` (exponential,
  lognormal or gamma with a given mean and CV, or a fixed time);
- contacts are taken in the order they arrive by whichever worker is free
  first. With arrivals in order, a heap of the times the c workers next fall
  free is the whole state: a contact starts at the later of its arrival and
  the earliest free time, and that worker is then free at start + handling
  time. This is exact for FIFO M/G/c; there are no events to schedule.

Each replication starts empty, discards its first ``warm_up`` contacts and
measures the next ``customers``: the share that waited no longer than
``target_wait`` (the service level), the share that waited at all, the mean
wait and the workers' occupancy over the measured span. The replications
are independent, so their spread gives a t confidence interval.

The random numbers do not depend on the number of workers: with the same
seed, a run with c + 1 workers sees the same contacts with the same handling
times, and under FIFO no contact then waits longer (a sample-path fact, so
"more workers never make it worse" holds exactly, not only on average).
"""

import heapq
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

FloatArray = npt.NDArray[np.float64]
ServiceKind = Literal["exponential", "lognormal", "gamma", "fixed"]
SERVICE_KINDS: tuple[ServiceKind, ...] = ("exponential", "lognormal", "gamma", "fixed")

# Enough contacts for a service level to about +/- 0.01 at the loads of a
# duty team, in a few tens of milliseconds per run (docs/duty-sizing.md).
DEFAULT_CUSTOMERS = 20_000
DEFAULT_WARM_UP = 2_000
DEFAULT_REPLICATIONS = 10
CONFIDENCE = 0.95


@dataclass(frozen=True)
class ServiceTime:
    """Handling times with a mean and a coefficient of variation (SD / mean).

    Exponential has a CV of 1 and a fixed time a CV of 0 whatever is given;
    lognormal and gamma take any CV above 0 (a CV of 0 is a fixed time).
    """

    kind: ServiceKind
    mean: float
    cv: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in SERVICE_KINDS:
            raise ValueError(f"A service time is one of {', '.join(SERVICE_KINDS)}.")
        if not self.mean > 0 or not math.isfinite(self.mean):
            raise ValueError("A mean service time must be above 0.")
        if not self.cv >= 0 or not math.isfinite(self.cv):
            raise ValueError("A coefficient of variation cannot be negative.")

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        if self.kind == "fixed" or (self.kind != "exponential" and self.cv == 0):
            return np.full(size, self.mean)
        if self.kind == "exponential":
            return rng.exponential(self.mean, size)
        if self.kind == "lognormal":
            sigma2 = math.log1p(self.cv**2)
            return rng.lognormal(math.log(self.mean) - sigma2 / 2, math.sqrt(sigma2), size)
        shape = 1 / self.cv**2  # gamma: mean = shape x scale, CV = 1 / sqrt(shape)
        return rng.gamma(shape, self.mean / shape, size)


@dataclass(frozen=True)
class Estimate:
    """A mean over replications with its confidence interval."""

    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class QueueResult:
    service_level: Estimate  # share waiting no longer than the target
    wait_probability: Estimate  # share waiting at all
    mean_wait: Estimate  # in the unit of the service time
    occupancy: Estimate  # share of workers' time busy
    servers: int
    offered_load: float  # arrival rate x mean service time, in Erlangs
    replications: int
    customers: int  # measured in each replication

    @property
    def stable(self) -> bool:
        """Below one Erlang a worker the queue settles; at or above it, it grows without end."""
        return self.offered_load < self.servers


@dataclass(frozen=True)
class _Replication:
    service_level: float
    wait_probability: float
    mean_wait: float
    occupancy: float


def _replicate(
    rng: np.random.Generator,
    *,
    arrival_rate: float,
    service: ServiceTime,
    servers: int,
    target_wait: float,
    customers: int,
    warm_up: int,
) -> _Replication:
    total = warm_up + customers
    # Drawn before the workers are known: the same seed gives the same contacts
    # for any number of workers.
    arrivals = np.cumsum(rng.exponential(1 / arrival_rate, total))
    handling = service.sample(rng, total)
    starts = _fifo_starts(arrivals.tolist(), handling.tolist(), servers)
    waits = starts[warm_up:] - arrivals[warm_up:]
    # Busy time inside the measured span (first measured arrival to the last),
    # counting warm-up contacts still being handled when it begins.
    begin, finish = arrivals[warm_up], arrivals[-1]
    busy = np.clip(np.minimum(starts + handling, finish) - np.maximum(starts, begin), 0, None)
    span = finish - begin
    return _Replication(
        service_level=float(np.mean(waits <= target_wait)),
        wait_probability=float(np.mean(waits > 0)),
        mean_wait=float(np.mean(waits)),
        occupancy=float(busy.sum()) / (servers * span) if span > 0 else 0.0,
    )


def _fifo_starts(arrivals: list[float], handling: list[float], servers: int) -> FloatArray:
    """When each contact starts being handled: first come, first served by the
    worker free soonest."""
    free = [0.0] * servers  # already a heap
    starts = [0.0] * len(arrivals)
    for i, (arrival, work) in enumerate(zip(arrivals, handling, strict=True)):
        soonest = free[0]
        start = arrival if arrival > soonest else soonest
        heapq.heapreplace(free, start + work)
        starts[i] = start
    return np.asarray(starts)


def _estimate(values: list[float], confidence: float) -> Estimate:
    mean = float(np.mean(values))
    if len(values) < 2:
        return Estimate(mean, mean, mean)
    half = float(
        stats.t.ppf((1 + confidence) / 2, len(values) - 1)
        * np.std(values, ddof=1)
        / math.sqrt(len(values))
    )
    return Estimate(mean, mean - half, mean + half)


def simulate_queue(
    *,
    arrival_rate: float,
    service: ServiceTime,
    servers: int,
    target_wait: float,
    seed: int,
    customers: int = DEFAULT_CUSTOMERS,
    warm_up: int = DEFAULT_WARM_UP,
    replications: int = DEFAULT_REPLICATIONS,
    confidence: float = CONFIDENCE,
) -> QueueResult:
    """Simulate the queue ``replications`` times; times in the unit of ``service.mean``."""
    if not arrival_rate > 0 or not math.isfinite(arrival_rate):
        raise ValueError("An arrival rate must be above 0.")
    if servers < 1:
        raise ValueError("A queue needs at least one server.")
    if target_wait < 0:
        raise ValueError("A target wait cannot be negative.")
    if customers < 1 or warm_up < 0 or replications < 1:
        raise ValueError("A run needs at least one customer and one replication.")
    if not 0 < confidence < 1:
        raise ValueError("A confidence level must be above 0 and below 1.")
    runs = [
        _replicate(
            np.random.default_rng(stream),
            arrival_rate=arrival_rate,
            service=service,
            servers=servers,
            target_wait=target_wait,
            customers=customers,
            warm_up=warm_up,
        )
        for stream in np.random.SeedSequence(seed).spawn(replications)
    ]
    return QueueResult(
        service_level=_estimate([r.service_level for r in runs], confidence),
        wait_probability=_estimate([r.wait_probability for r in runs], confidence),
        mean_wait=_estimate([r.mean_wait for r in runs], confidence),
        occupancy=_estimate([r.occupancy for r in runs], confidence),
        servers=servers,
        offered_load=arrival_rate * service.mean,
        replications=replications,
        customers=customers,
    )
