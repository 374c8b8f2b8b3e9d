"""Directives of the supergraph: graph enum names, carried directives, spec definitions.

The definitions are those of link v1.0 (https://specs.apollo.dev/link/v1.0), join v0.3
(https://specs.apollo.dev/join/v0.3), inaccessible v0.2, tag v0.3 and the authorization
specs (authenticated v0.1, requiresScopes v0.1, policy v0.1) as Apollo's and Hive's
composition write them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from graphql import ConstDirectiveNode, ListValueNode, ObjectTypeDefinitionNode, StringValueNode, parse

from .model import Meta

__all__ = ["SPEC_DEFINITIONS", "SPEC_LINKS", "auth_alternatives", "graph_enum_names", "merge_meta"]

SPEC_LINKS: dict[str, str] = {
    "tag": '@link(url: "https://specs.apollo.dev/tag/v0.3")',
    "inaccessible": '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)',
    "authenticated": '@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)',
    "requiresScopes": '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
    "policy": '@link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)',
    "cost": '@link(url: "https://specs.apollo.dev/cost/v0.1")',
    "context": '@link(url: "https://specs.apollo.dev/context/v0.1", for: SECURITY)',
}

SPEC_DEFINITIONS: dict[str, str] = {
    "tag": "directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION"
    " | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION | SCHEMA",
    "inaccessible": "directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ENUM"
    " | ENUM_VALUE | SCALAR | INPUT_OBJECT | INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION",
    "authenticated": "directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM",
    "requiresScopes": "directive @requiresScopes(scopes: [[requiresScopes__Scope!]!]!)"
    " on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM\n\nscalar requiresScopes__Scope",
    "policy": "directive @policy(policies: [[policy__Policy!]!]!)"
    " on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM\n\nscalar policy__Policy",
    "cost": "directive @cost(weight: Int!)"
    " on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR\n\n"
    "directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!],"
    " requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION",
    "context": "directive @context(name: String!) repeatable on OBJECT | INTERFACE | UNION\n\n"
    "directive @context__fromContext(field: context__ContextFieldValue) on ARGUMENT_DEFINITION\n\n"
    "scalar context__ContextFieldValue",
}

_AUTH_ARGUMENT = {"requiresScopes": "scopes", "policy": "policies"}


def graph_enum_names(names: Sequence[str]) -> dict[str, str]:
    """join__Graph value per subgraph name: upper-cased, non-alphanumerics as `_`, made unique."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        value = re.sub(r"[^A-Z0-9_]", "_", name.upper())
        if not value or value[0].isdigit():
            value = "_" + value
        candidate, n = value, 1
        while candidate in taken:
            candidate = f"{value}_{n}"
            n += 1
        taken.add(candidate)
        result[name] = candidate
    return result


def auth_alternatives(text: str, argument: str) -> list[tuple[str, ...]]:
    """The [[...]] argument of an applied @requiresScopes / @policy, as a list of AND-groups."""
    node = parse(f"type T {text} {{ f: Int }}", no_location=True).definitions[0]
    assert isinstance(node, ObjectTypeDefinitionNode)
    directive: ConstDirectiveNode = (node.directives or ())[0]
    groups: list[tuple[str, ...]] = []
    for arg in directive.arguments or ():
        if arg.name.value != argument or not isinstance(arg.value, ListValueNode):
            continue
        for group in arg.value.values:
            items = group.values if isinstance(group, ListValueNode) else (group,)
            groups.append(tuple(i.value for i in items if isinstance(i, StringValueNode)))
    return groups


def _combine(name: str, texts: list[str]) -> str:
    """Several subgraphs guard one element: a caller must satisfy all of them (AND of the ORs)."""
    argument = _AUTH_ARGUMENT[name]
    product: list[tuple[str, ...]] = [()]
    for text in texts:
        alternatives = auth_alternatives(text, argument)
        product = [tuple(dict.fromkeys(a + b)) for a, b in itertools.product(product, alternatives)]
    unique = list(dict.fromkeys(tuple(sorted(group)) for group in product))
    # p OR (p AND q) is p: drop every group that contains another group.
    unique = [g for g in unique if not any(set(o) < set(g) for o in unique)]
    rendered = ", ".join("[" + ", ".join(f'"{v}"' for v in group) + "]" for group in unique)
    return f"@{name}({argument}: [{rendered}])"


def merge_meta(metas: Sequence[Meta]) -> tuple[list[str], set[str]]:
    """Printed @inaccessible, @tag and carried directives for one merged element, and specs used."""
    printed: list[str] = []
    specs: set[str] = set()
    if any(m.inaccessible for m in metas):
        printed.append("@inaccessible")
        specs.add("inaccessible")
    tags = list(dict.fromkeys(t for m in metas for t in m.tags))
    for tag in tags:
        printed.append(f'@tag(name: "{tag}")')
        specs.add("tag")
    grouped: dict[str, list[str]] = {}
    for meta in metas:
        for applied in meta.applied:
            texts = grouped.setdefault(applied.name, [])
            if applied.text not in texts:
                texts.append(applied.text)
    for name, texts in grouped.items():
        if name in _AUTH_ARGUMENT and len(texts) > 1:
            printed.append(_combine(name, texts))
        else:
            printed.append(texts[0])
        if name in SPEC_LINKS:
            specs.add(name)
        elif name in ("cost", "listSize"):
            specs.update({"cost", name})
    return printed, specs
