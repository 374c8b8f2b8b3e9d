"""Composition errors name the subgraph(s), the type and the field, with Apollo's codes."""

from __future__ import annotations

import pytest

from gateway.compose import CompositionError, CompositionIssue, SubgraphSDL, compose

from .error_cases import CASES, ErrorCase
from .reference import Result, node_available, prepare, reference_compose_many


def _issues(case: ErrorCase) -> list[CompositionIssue]:
    with pytest.raises(CompositionError) as caught:
        compose(case.subgraph_sdls())
    return caught.value.errors


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_issue_names_subgraph_type_and_field(case: ErrorCase) -> None:
    issues = _issues(case)
    found = [(i.code, i.subgraphs, i.type_name, i.field) for i in issues]
    assert (case.code, case.subgraphs, case.type_name, case.field) in found
    issue = next(i for i in issues if i.code == case.code)
    text = str(issue)
    assert case.code in text
    for subgraph in case.subgraphs:
        assert f'"{subgraph}"' in text
    if case.type_name:
        assert case.type_name in text
    if case.field:
        assert case.field in text


@pytest.fixture(scope="module")
def references() -> dict[str, Result]:
    prepare()
    return reference_compose_many({case.name: case.subgraph_sdls() for case in CASES})


@pytest.mark.node
@pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the reference composer")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_reference_composer_rejects_with_the_same_code(
    case: ErrorCase, references: dict[str, Result]
) -> None:
    supergraph, errors = references[case.name]
    assert supergraph is None
    assert case.code in {e["code"] for e in errors}


def test_every_issue_is_reported_at_once() -> None:
    by_name = {c.name: c for c in CASES}
    first = by_name["key on an unknown field"].sdls["one"]
    second = by_name["provides on a scalar field"].sdls["one"]
    with pytest.raises(CompositionError) as caught:
        compose([SubgraphSDL("a", "http://a.test", first), SubgraphSDL("b", "http://b.test", second)])
    found = {(i.code, i.subgraphs) for i in caught.value.errors}
    assert found == {("KEY_INVALID_FIELDS", ("a",)), ("PROVIDES_ON_NON_OBJECT_FIELD", ("b",))}
    assert "KEY_INVALID_FIELDS" in str(caught.value)
    assert "PROVIDES_ON_NON_OBJECT_FIELD" in str(caught.value)


def test_duplicate_subgraph_names_are_refused() -> None:
    sdl = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3")\ntype Query { a: Int }'
    with pytest.raises(CompositionError) as caught:
        compose([SubgraphSDL("one", "http://a", sdl), SubgraphSDL("one", "http://b", sdl)])
    assert [(i.code, i.subgraphs) for i in caught.value.errors] == [("INVALID_SUBGRAPH_NAME", ("one",))]


def test_no_subgraphs_is_an_error() -> None:
    with pytest.raises(CompositionError) as caught:
        compose([])
    assert caught.value.errors[0].code == "NO_SUBGRAPHS"
