"""Session fixture: one fixture-subgraph server and one gateway per suite, for all cases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.federation.harness import Harness
from tests.federation.suite import COMPOSE_SUITES, load_suites


@pytest.fixture(scope="session")
def harness() -> Iterator[Harness]:
    running = Harness()
    running.start(order=load_suites())
    yield running
    running.stop()


@pytest.fixture(scope="session")
def composing_harness() -> Iterator[Harness]:
    """Like ``harness``, but each gateway composes its supergraph from the subgraph URLs."""
    running = Harness()
    running.start(order=[s for s in load_suites() if s.name in COMPOSE_SUITES], compose=True)
    yield running
    running.stop()
