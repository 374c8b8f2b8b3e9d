"""The gateway reads every supergraph we compose (gateway.supergraph.Supergraph.parse)."""

from __future__ import annotations

import pytest

from gateway.compose import compose
from gateway.supergraph import Supergraph

from .fixtures import fixture_names, load_fixture


@pytest.mark.parametrize("name", fixture_names())
def test_gateway_reads_composed_supergraph(name: str) -> None:
    subgraphs = load_fixture(name)
    supergraph = Supergraph.parse(compose(subgraphs))
    assert {n: s.url for n, s in supergraph.subgraphs.items()} == {s.name: s.url for s in subgraphs}
    assert supergraph.api_schema.query_type is not None
    assert not any(name.startswith("join__") for name in supergraph.api_schema.type_map)
