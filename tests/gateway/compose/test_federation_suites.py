"""The compliance suites' subgraphs (tests/federation/suites/*) compose to the supergraph each
suite committed, which @theguild/federation-composition wrote."""

from __future__ import annotations

import pytest

from gateway.compose import SubgraphSDL, compose
from tests.federation.suite import SUITES_DIR, load_suite, subgraph_url

from .normal_form import differences, normal_form

SUITES = sorted(p.name for p in SUITES_DIR.iterdir() if (p / "supergraph.graphql").is_file())


def test_there_are_suites() -> None:
    assert len(SUITES) >= 30


@pytest.mark.parametrize("name", SUITES)
def test_suite_supergraph_is_reproduced(name: str) -> None:
    suite = load_suite(name)
    subgraphs = [SubgraphSDL(s.name, subgraph_url(name, s.name), s.sdl) for s in suite.subgraphs]
    found = differences(normal_form(compose(subgraphs)), normal_form(suite.supergraph_path.read_text()))
    assert found == [], "\n".join(found)
