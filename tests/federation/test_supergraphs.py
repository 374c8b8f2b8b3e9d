"""Every committed supergraph is what the reference composer makes of the suite's subgraphs now.

Catches a fixture edited without recomposing. Needs Node and the composition library
(``tests/federation/tools/compose.py`` says how to install it); skipped without them.
"""

from __future__ import annotations

import pytest

from tests.federation.suite import load_suites
from tests.federation.tools.compose import compose_suites, composer_available

pytestmark = [
    pytest.mark.node,
    pytest.mark.skipif(not composer_available(), reason="node or @theguild/federation-composition missing"),
]


def test_committed_supergraphs_are_current() -> None:
    suites = load_suites()
    composed = compose_suites([s.name for s in suites])
    stale = [s.name for s in suites if composed[s.name] != s.supergraph_path.read_text()]
    assert not stale, f"recompose with python -m tests.federation.tools.compose {' '.join(stale)}"
