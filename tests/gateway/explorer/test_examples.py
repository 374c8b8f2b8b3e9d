"""The explorer's example operations (docs/explorer.md) are valid against SPBE's own supergraph,
and the gap view's example is the operation spbe.gaps reads (docs/social.md)."""

from __future__ import annotations

import importlib
import json
import re

import pytest
from graphql import GraphQLSchema, OperationDefinitionNode, parse, print_ast, validate

from gateway.compose import SubgraphSDL, compose
from gateway.explorer.page import EXPLORER_JS
from gateway.supergraph import Supergraph
from spbe.gaps import OUTREACH_GAPS
from subgraphs.app import SERVICES

_QUERY = re.compile(r'query:\s*((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+)')
_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')


def _examples() -> dict[str, str]:
    found = {}
    for match in _QUERY.finditer(EXPLORER_JS):
        text = "".join(json.loads(literal) for literal in _LITERAL.findall(match[1]))
        operation = next(d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode))
        assert operation.name is not None
        found[operation.name.value] = text
    return found


def _api_schema() -> GraphQLSchema:
    subgraphs = [
        SubgraphSDL(
            s,
            f"http://127.0.0.1:{4001 + n}/graphql",
            importlib.import_module(f"subgraphs.{s}.schema").schema.as_str(),
        )
        for n, s in enumerate(SERVICES)
    ]
    return Supergraph.parse(compose(subgraphs)).api_schema


EXAMPLES = _examples()


def test_the_gap_examples_are_offered() -> None:
    assert {"Overview", "OutreachGaps", "GapStatistics", "Payments"} <= set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_example_validates_against_the_supergraph(name: str) -> None:
    assert validate(_api_schema(), parse(EXAMPLES[name])) == []


def test_the_outreach_example_is_the_operation_spbe_gaps_reads() -> None:
    assert print_ast(parse(EXAMPLES["OutreachGaps"])) == print_ast(parse(OUTREACH_GAPS))


def test_the_gap_statistics_example_is_what_the_benchmark_measures() -> None:
    from bench.gaps import GAP_STATISTICS

    assert print_ast(parse(EXAMPLES["GapStatistics"])) == print_ast(parse(GAP_STATISTICS))


def test_the_gap_statistics_example_spans_identity_social_education_and_health() -> None:
    """One query over several subgraphs (docs/statistics.md, "Gaps across services")."""
    from gateway.planner import build_plan
    from gateway.planner.plan import FetchNode

    subgraphs = [
        SubgraphSDL(
            s,
            f"http://127.0.0.1:{4001 + n}/graphql",
            importlib.import_module(f"subgraphs.{s}.schema").schema.as_str(),
        )
        for n, s in enumerate(SERVICES)
    ]
    supergraph = Supergraph.parse(compose(subgraphs))
    plan = build_plan(supergraph, parse(EXAMPLES["GapStatistics"]), "GapStatistics")
    services: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, FetchNode):
            services.add(node.service_name)
        for child in getattr(node, "nodes", ()) or ():
            walk(child)
        if (inner := getattr(node, "node", None)) is not None:
            walk(inner)

    walk(plan)
    assert services == {"identity", "social", "education", "health"}
