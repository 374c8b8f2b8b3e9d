"""Our supergraph equals, in normal form, what @theguild/federation-composition 0.27.0 composes."""

from __future__ import annotations

import pytest

from gateway.compose import compose

from .fixtures import fixture_names, load_fixture
from .normal_form import differences, normal_form
from .reference import Result, node_available, prepare, reference_compose_many

pytestmark = [
    pytest.mark.node,
    pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the reference composer"),
]


@pytest.fixture(scope="module")
def references() -> dict[str, Result]:
    prepare()
    return reference_compose_many({name: load_fixture(name) for name in fixture_names()})


@pytest.mark.parametrize("name", fixture_names())
def test_same_supergraph_as_reference(name: str, references: dict[str, Result]) -> None:
    subgraphs = load_fixture(name)
    theirs, errors = references[name]
    assert errors == [], f"the reference composer rejects fixture {name!r}: {errors}"
    assert theirs is not None
    ours = compose(subgraphs)
    found = differences(normal_form(ours), normal_form(theirs))
    assert found == [], "\n".join(found)
