"""A circuit breaker per subgraph: stop sending to a subgraph that keeps failing, then probe it.

The pattern as Nygard describes it ("Release It!", Circuit Breaker) and Apollo Router and Envoy
apply it to upstreams (docs/gateway.md, "Subgraph timeouts and circuit breakers")::

    CLOSED ──(``failures`` failures in a row)──▶ OPEN ──(``open_for`` seconds)──▶ HALF_OPEN
      ▲                                           ▲                                  │
      └───────────────(the probe succeeds)────────┴─────────(the probe fails)────────┘

* CLOSED: every request is sent; a failure (connection refused or broken, timeout, 5xx) adds
  one to a run that any success resets.
* OPEN: nothing is sent; the caller answers at once with ``SUBGRAPH_UNAVAILABLE``
  (``reason: CIRCUIT_OPEN``).
* HALF_OPEN: the first request after ``open_for`` seconds is sent as the probe, and only that
  one: the others are still refused while it is in flight. Its success closes the circuit, its
  failure opens it again for ``open_for`` seconds. A probe abandoned without an outcome (its
  caller went away) lets the next request probe.

Each admitted request holds a ticket; an outcome counts only if the circuit has not changed
state since the ticket was issued (a slow success from before the circuit opened does not close
it). The breaker never sleeps or spawns tasks: time is read from ``clock`` when a request comes.

Written here rather than taken from PyPI: ``purgatory`` lets every concurrent request through in
half-open and runs an async message bus on every call, ``aiobreaker`` (unreleased since 2021)
also admits concurrent requests in half-open, and ``pybreaker`` supports async only through
Tornado.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Breaker", "BreakerPolicy", "CircuitState"]


class CircuitState(enum.Enum):
    """A circuit's state; the value is the ``state`` label of the metrics."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True, kw_only=True, slots=True)
class BreakerPolicy:
    """When a circuit opens and for how long (``--breaker-failures``, ``--breaker-open-seconds``)."""

    #: failures in a row that open the circuit; 0: no breaker
    failures: int = 5
    #: seconds an open circuit refuses requests before it lets one probe through
    open_for: float = 5.0


#: ``(subgraph, old, new)``: called on every change of state (metrics, logs)
Listener = Callable[[str, CircuitState, CircuitState], None]


class Breaker:
    """The circuit of one subgraph: :meth:`admit` before sending, then :meth:`succeeded`,
    :meth:`failed` or :meth:`abandoned` with the ticket it gave."""

    __slots__ = ("_clock", "_failures", "_generation", "_listener", "_opened_at", "_probing", "name",
                 "policy", "state")

    def __init__(
        self,
        *,
        name: str,
        policy: BreakerPolicy,
        clock: Callable[[], float] = time.monotonic,
        listener: Listener | None = None,
    ) -> None:
        self.name = name
        self.policy = policy
        self.state = CircuitState.CLOSED
        self._clock = clock
        self._listener = listener
        self._failures = 0  # the current run, while CLOSED
        self._opened_at = 0.0
        self._probing = False  # HALF_OPEN: the probe is in flight
        self._generation = 0  # changes with every state change: a ticket from before is stale

    def admit(self) -> int | None:
        """A ticket for one request to send, or ``None``: do not send it (the circuit is open,
        or half-open with its probe in flight)."""
        if self.state is CircuitState.CLOSED:
            return self._generation
        if self.state is CircuitState.OPEN:
            if self._clock() - self._opened_at < self.policy.open_for:
                return None
            self._move(CircuitState.HALF_OPEN)
        if self._probing:
            return None
        self._probing = True
        return self._generation

    def retry_after(self) -> float:
        """Seconds until an open circuit lets a probe through (0 when it is not open)."""
        if self.state is not CircuitState.OPEN:
            return 0.0
        return max(0.0, self._opened_at + self.policy.open_for - self._clock())

    def succeeded(self, ticket: int) -> None:
        if ticket != self._generation:
            return
        if self.state is CircuitState.HALF_OPEN:
            self._move(CircuitState.CLOSED)
        else:
            self._failures = 0

    def failed(self, ticket: int) -> None:
        if ticket != self._generation:
            return
        if self.state is CircuitState.HALF_OPEN:
            self._move(CircuitState.OPEN)
            return
        self._failures += 1
        if self._failures >= self.policy.failures:
            self._move(CircuitState.OPEN)

    def abandoned(self, ticket: int) -> None:
        """The request ended without an outcome (cancelled): a probe leaves its place to the next."""
        if ticket == self._generation and self.state is CircuitState.HALF_OPEN:
            self._probing = False

    def _move(self, state: CircuitState) -> None:
        old, self.state = self.state, state
        self._generation += 1
        self._failures = 0
        self._probing = False
        if state is CircuitState.OPEN:
            self._opened_at = self._clock()
        if self._listener is not None:
            self._listener(self.name, old, state)
