"""`compose`: subgraph SDLs to a supergraph SDL (Apollo Federation 2 composition).

https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/composition-rules
Read each subgraph (Federation 1 or 2 SDL), check its field sets, merge, print, and check the
printed supergraph builds as a GraphQL schema. Every problem found is reported at once in a
CompositionError.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphql import (
    FieldNode,
    GraphQLError,
    InlineFragmentNode,
    SelectionSetNode,
    build_ast_schema,
    parse,
    validate_schema,
)

from .errors import CompositionError, CompositionIssue
from .fieldset import named_type, parse_field_set, walk_field_set
from .inaccessible import check_inaccessible
from .merge import merge_subgraphs
from .model import Subgraph, SubgraphSDL
from .printer import print_supergraph
from .satisfiability import check_satisfiability
from .subgraph import read_subgraph
from .transitive import check_transitive_auth

__all__ = ["compose"]


def _check_field_sets(subgraph: Subgraph) -> list[CompositionIssue]:
    """@key, @requires and @provides select existing fields of the right kind (KEY_INVALID_FIELDS, ...)."""
    issues: list[CompositionIssue] = []

    def add(code: str, message: str, type_name: str, field: str | None = None) -> None:
        issues.append(CompositionIssue(code, message, (subgraph.name,), type_name, field))

    for typedef in subgraph.types.values():
        for key in typedef.keys:
            walk = walk_field_set(subgraph, typedef.name, key.fields)
            for problem in walk.problems:
                add(
                    "KEY_INVALID_FIELDS",
                    f'@key(fields: "{key.fields}") on "{typedef.name}" is invalid: {problem}',
                    typedef.name,
                )
            for coordinate in walk.with_arguments:
                add(
                    "KEY_FIELDS_HAS_ARGS",
                    f'@key(fields: "{key.fields}") selects "{coordinate}", which has arguments',
                    typedef.name,
                    coordinate.split(".")[1],
                )
            for coordinate in walk.abstract:
                add(
                    "KEY_FIELDS_SELECT_INVALID_TYPE",
                    f'@key(fields: "{key.fields}") selects "{coordinate}", of an interface or union type',
                    typedef.name,
                    coordinate.split(".")[1],
                )
        for field in typedef.fields.values():
            if field.requires is not None:
                walk = walk_field_set(subgraph, typedef.name, field.requires)
                for problem in walk.problems:
                    add(
                        "REQUIRES_INVALID_FIELDS",
                        f'@requires(fields: "{field.requires}") is invalid: {problem}',
                        typedef.name,
                        field.name,
                    )
                if subgraph.fed2:
                    for parent, name, depth in walk.coordinates:
                        if depth == 0 and not subgraph.types[parent].fields[name].external:
                            add(
                                "REQUIRES_FIELDS_MISSING_EXTERNAL",
                                f'@requires(fields: "{field.requires}") selects "{parent}.{name}", '
                                "which is not marked @external",
                                typedef.name,
                                field.name,
                            )
            if field.provides is not None:
                target = named_type(field.type)
                target_type = subgraph.types.get(target)
                if target_type is None or target_type.kind not in ("object", "interface", "union"):
                    add(
                        "PROVIDES_ON_NON_OBJECT_FIELD",
                        f'@provides is on a field of type "{target}", which is not a composite type',
                        typedef.name,
                        field.name,
                    )
                    continue
                walk = walk_field_set(subgraph, target, field.provides)
                for problem in walk.problems:
                    add(
                        "PROVIDES_INVALID_FIELDS",
                        f'@provides(fields: "{field.provides}") is invalid: {problem}',
                        typedef.name,
                        field.name,
                    )
                if subgraph.fed2 and not walk.problems:
                    for coordinate in _provided_locally(subgraph, target, parse_field_set(field.provides)):
                        add(
                            "PROVIDES_FIELDS_MISSING_EXTERNAL",
                            f'@provides(fields: "{field.provides}") names "{coordinate}", which this '
                            "subgraph resolves already (it is not @external)",
                            typedef.name,
                            field.name,
                        )
    return issues


def _provided_locally(
    subgraph: Subgraph, parent: str, selection_set: SelectionSetNode, under_external: bool = False
) -> list[str]:
    """Leaf fields a @provides names that are neither @external nor under an @external field."""
    found: list[str] = []
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition.name.value if selection.type_condition else parent
            found += _provided_locally(subgraph, condition, selection.selection_set, under_external)
        elif isinstance(selection, FieldNode) and selection.name.value != "__typename":
            definition = subgraph.types[parent].fields[selection.name.value]
            external = under_external or definition.external
            if selection.selection_set is not None:
                found += _provided_locally(
                    subgraph, named_type(definition.type), selection.selection_set, external
                )
            elif not external:
                found.append(f"{parent}.{selection.name.value}")
    return found


def _check_supergraph(sdl: str) -> list[CompositionIssue]:
    try:
        errors: list[GraphQLError] = list(
            validate_schema(build_ast_schema(parse(sdl), assume_valid_sdl=False))
        )
    except (GraphQLError, TypeError) as error:
        return [
            CompositionIssue("INVALID_GRAPHQL", f"the composed supergraph is not a valid schema: {error}")
        ]
    return [
        CompositionIssue("INVALID_GRAPHQL", f"the composed supergraph is not valid: {e.message}")
        for e in errors
    ]


def compose(subgraphs: Sequence[SubgraphSDL]) -> str:
    """Compose ``subgraphs`` into supergraph SDL; raises CompositionError listing every problem."""
    issues: list[CompositionIssue] = []
    seen: set[str] = set()
    for source in subgraphs:
        if source.name in seen:
            issues.append(
                CompositionIssue("INVALID_SUBGRAPH_NAME", "two subgraphs have this name", (source.name,))
            )
        seen.add(source.name)
    if not subgraphs:
        issues.append(CompositionIssue("NO_SUBGRAPHS", "no subgraph to compose"))
    read: list[Subgraph] = []
    for source in sorted(subgraphs, key=lambda s: s.name):
        subgraph, problems = read_subgraph(source)
        issues.extend(problems)
        if subgraph is not None:
            issues.extend(_check_field_sets(subgraph))
            read.append(subgraph)
    if issues:
        raise CompositionError(issues)
    supergraph, problems = merge_subgraphs(read)
    if problems:
        raise CompositionError(problems)
    problems = check_transitive_auth(read)
    if problems:
        raise CompositionError(problems)
    problems = check_inaccessible(supergraph.types) or check_satisfiability(read, supergraph.types)
    if problems:
        raise CompositionError(problems)
    query = next(t for t in supergraph.types if t.name == "Query")
    if not query.fields:
        raise CompositionError(
            [
                CompositionIssue(
                    "NO_QUERIES", "no subgraph defines a Query field", tuple(s.name for s in read), "Query"
                )
            ]
        )
    sdl = print_supergraph(supergraph)
    problems = _check_supergraph(sdl)
    if problems:
        raise CompositionError(problems)
    return sdl
