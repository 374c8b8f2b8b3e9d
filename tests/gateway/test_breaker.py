"""The circuit breaker's state machine (gateway/breaker.py), one test per transition, on a clock
the test moves."""

from __future__ import annotations

from gateway.breaker import Breaker, BreakerPolicy, CircuitState

POLICY = BreakerPolicy(failures=3, open_for=5.0)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _breaker() -> tuple[Breaker, Clock, list[tuple[str, CircuitState, CircuitState]]]:
    clock = Clock()
    changes: list[tuple[str, CircuitState, CircuitState]] = []
    breaker = Breaker(name="police", policy=POLICY, clock=clock, listener=lambda *c: changes.append(c))
    return breaker, clock, changes


def _fail(breaker: Breaker, times: int) -> None:
    for _ in range(times):
        ticket = breaker.admit()
        assert ticket is not None
        breaker.failed(ticket)


def _open() -> tuple[Breaker, Clock, list[tuple[str, CircuitState, CircuitState]]]:
    breaker, clock, changes = _breaker()
    _fail(breaker, 3)
    return breaker, clock, changes


def test_closed_stays_closed_while_failures_are_not_in_a_row() -> None:
    breaker, _clock, changes = _breaker()
    _fail(breaker, 2)
    ticket = breaker.admit()
    assert ticket is not None
    breaker.succeeded(ticket)  # the run starts again
    _fail(breaker, 2)
    assert breaker.state is CircuitState.CLOSED and changes == []


def test_closed_opens_after_a_run_of_failures_and_refuses_at_once() -> None:
    breaker, _clock, changes = _open()
    assert breaker.state is CircuitState.OPEN
    assert changes == [("police", CircuitState.CLOSED, CircuitState.OPEN)]
    assert breaker.admit() is None
    assert breaker.retry_after() == 5.0


def test_open_lets_exactly_one_probe_through_after_its_time() -> None:
    breaker, clock, changes = _open()
    clock.now += 4.9
    assert breaker.admit() is None
    clock.now += 0.1
    probe = breaker.admit()
    assert probe is not None and breaker.state is CircuitState.HALF_OPEN
    assert breaker.admit() is None and breaker.admit() is None  # only one probe in flight
    assert changes[-1] == ("police", CircuitState.OPEN, CircuitState.HALF_OPEN)


def test_half_open_closes_when_the_probe_succeeds() -> None:
    breaker, clock, changes = _open()
    clock.now += 5
    probe = breaker.admit()
    assert probe is not None
    breaker.succeeded(probe)
    assert breaker.state is CircuitState.CLOSED
    assert changes[-1] == ("police", CircuitState.HALF_OPEN, CircuitState.CLOSED)
    assert breaker.admit() is not None and breaker.admit() is not None
    _fail(breaker, 2)
    assert breaker.state is CircuitState.CLOSED  # a fresh run of failures is needed to open again


def test_half_open_opens_again_for_the_whole_time_when_the_probe_fails() -> None:
    breaker, clock, changes = _open()
    clock.now += 5
    probe = breaker.admit()
    assert probe is not None
    breaker.failed(probe)
    assert breaker.state is CircuitState.OPEN
    assert changes[-1] == ("police", CircuitState.HALF_OPEN, CircuitState.OPEN)
    clock.now += 4.9
    assert breaker.admit() is None
    clock.now += 0.1
    assert breaker.admit() is not None


def test_an_abandoned_probe_lets_the_next_request_probe() -> None:
    breaker, clock, _changes = _open()
    clock.now += 5
    probe = breaker.admit()
    assert probe is not None
    breaker.abandoned(probe)
    assert breaker.state is CircuitState.HALF_OPEN
    assert breaker.admit() is not None


def test_outcomes_of_requests_sent_before_a_change_do_not_count() -> None:
    breaker, clock, _changes = _breaker()
    early = breaker.admit()
    assert early is not None
    _fail(breaker, 3)
    clock.now += 5
    probe = breaker.admit()
    assert probe is not None
    breaker.succeeded(early)  # a slow answer from before the circuit opened
    assert breaker.state is CircuitState.HALF_OPEN
    breaker.failed(early)
    assert breaker.state is CircuitState.HALF_OPEN
    breaker.succeeded(probe)
    assert breaker.state is CircuitState.CLOSED
