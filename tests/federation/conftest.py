"""Session fixture: one fixture-subgraph server and one gateway per suite, for all cases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.federation.harness import Harness
from tests.federation.suite import load_suites


@pytest.fixture(scope="session")
def harness() -> Iterator[Harness]:
    running = Harness()
    running.start(order=load_suites())
    yield running
    running.stop()
