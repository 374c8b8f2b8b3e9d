"""Our supergraph equals, in normal form, what @theguild/federation-composition 0.27.0 composes."""

from __future__ import annotations

import pytest

from gateway.compose import compose

from .fixtures import fixture_names, load_fixture
from .normal_form import differences, normal_form
from .reference import node_available, prepare, reference_compose

pytestmark = [
    pytest.mark.node,
    pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the reference composer"),
]


@pytest.fixture(scope="module", autouse=True)
def _reference_installed() -> None:
    prepare()


@pytest.mark.parametrize("name", fixture_names())
def test_same_supergraph_as_reference(name: str) -> None:
    subgraphs = load_fixture(name)
    theirs, errors = reference_compose(subgraphs)
    assert errors == [], f"the reference composer rejects fixture {name!r}: {errors}"
    assert theirs is not None
    ours = compose(subgraphs)
    found = differences(normal_form(ours), normal_form(theirs))
    assert found == [], "\n".join(found)
