"""Our supergraph equals, in normal form, the reference composer's recorded output
(``expected/``, written by ``update_expected.py``); runs without Node."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.compose import compose

from .fixtures import FIXTURES, fixture_names, load_fixture
from .normal_form import differences, normal_form

EXPECTED = Path(__file__).resolve().parent / "expected"


def test_every_fixture_set_has_a_recorded_supergraph() -> None:
    assert sorted(p.stem for p in EXPECTED.glob("*.graphql")) == fixture_names()


@pytest.mark.parametrize("name", fixture_names())
def test_same_supergraph_as_recorded(name: str) -> None:
    expected = (EXPECTED / f"{name}.graphql").read_text()
    found = differences(normal_form(compose(load_fixture(name))), normal_form(expected))
    assert found == [], "\n".join(found)


def test_bench_rig_supergraph_is_reproduced() -> None:
    """The bench rig's checked-in supergraph (another tool's output) has the same normal form,
    apart from the subgraph URLs."""
    assert (FIXTURES / "bench").is_dir()
    ours = compose(load_fixture("bench"))
    for name in ("accounts", "inventory", "products", "reviews"):
        ours = ours.replace(f"http://{name}.bench.test/graphql", f"http://127.0.0.1:14200/{name}")
    theirs = (EXPECTED.parent / "bench_rig_supergraph.graphql").read_text()
    found = differences(normal_form(ours), normal_form(theirs))
    assert found == [], "\n".join(found)
