"""Limits on what one operation may ask, checked before any subgraph is called.

A hostile document can be cheap to send and dear to answer: thousands of tokens for the parser,
deep nesting that fans out through every list, the same field asked under hundreds of aliases,
or fragments that spread the next one twice (a 750-byte "fragment bomb" of 19 levels expands to
2**18 fields). Each limit is a refusal with a message that names it (docs/gateway.md, "Limits"):

* ``max_tokens``: the lexer stops after this many tokens (graphql-core's ``parse(max_tokens=)``),
  so an oversized document costs no more than reading that many tokens;
* ``max_fields``: a document whose operations select more fields than this, fragment spreads
  expanded, is refused *before* validation (:func:`check_size`), whose rules would otherwise
  spend seconds on it;
* ``max_depth``: fields nested deeper than this, following fragment spreads, are a validation
  error (a validation rule in the sense of spec §5 "Validation");
* ``max_aliases``: more aliased fields than this in one document are a validation error;
* ``max_root_fields``: an operation selecting more root fields than this (through fragments,
  each alias counted, ``__typename`` not) is a validation error: each root field is at least
  one subgraph request.

``__typename`` does not count towards depth; introspection fields do. Every walk here visits each
fragment once (its result is memoised), so none of them grows with the expanded size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
)
from graphql.language import DocumentNode

from gateway.errors import ValidationError, graphql_error

__all__ = ["Limits", "check_size", "expanded_fields", "limit_rules"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """The defaults leave room for every real client we know (GraphiQL's introspection query is
    13 deep and about 300 tokens); set any to 0 to switch it off."""

    max_tokens: int = 15_000
    max_depth: int = 32
    max_aliases: int = 500
    max_root_fields: int = 100
    #: fields selected by a document's operations, fragment spreads expanded (before validation)
    max_fields: int = 2_000
    #: answer ``__schema``/``__type`` (off: such documents fail validation, as production APIs
    #: often want; docs/access.md, "Introspection")
    introspection: bool = True


def limit_rules(limits: Limits) -> list[type[ASTValidationRule]]:
    """Validation rules enforcing ``max_depth``, ``max_aliases`` and ``max_root_fields``."""
    rules: list[type[ASTValidationRule]] = []
    if limits.max_depth > 0:
        rules.append(_depth_rule(limits.max_depth))
    if limits.max_aliases > 0:
        rules.append(_alias_rule(limits.max_aliases))
    if limits.max_root_fields > 0:
        rules.append(_root_fields_rule(limits.max_root_fields))
    if not limits.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


class _FragmentWalk:
    """A measure of selection sets that visits each fragment once: its value is memoised, and a
    spread met again while its fragment is being measured (a cycle, left to the spec's
    NoFragmentCyclesRule) or of an unknown fragment counts 0."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.memo: dict[str, int] = {}
        self.visiting: set[str] = set()

    def spread(self, node: FragmentSpreadNode) -> int:
        name = node.name.value
        found = self.memo.get(name)
        if found is not None:
            return found
        fragment = self.fragments.get(name)
        if fragment is None or name in self.visiting:
            return 0
        self.visiting.add(name)
        try:
            found = self.memo[name] = self.measure(fragment.selection_set)
        finally:
            self.visiting.discard(name)
        return found

    def measure(self, selection_set: SelectionSetNode) -> int:
        raise NotImplementedError


class _Size(_FragmentWalk):
    """Fields under a selection set, fragments expanded (``__typename`` included: it is a field
    to validate and to answer)."""

    def measure(self, selection_set: SelectionSetNode) -> int:
        count = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                count += 1
                if selection.selection_set is not None:
                    count += self.measure(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                count += self.measure(selection.selection_set)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                count += self.spread(selection)
        return count


def expanded_fields(document: DocumentNode) -> int:
    """Fields the document's operations select, each fragment spread counted as its fragment's
    fields (so the size a validator or planner would walk), in one pass over each fragment."""
    walk = _Size(_fragments(document))
    return sum(
        walk.measure(d.selection_set) for d in document.definitions if isinstance(d, OperationDefinitionNode)
    )


def check_size(document: DocumentNode, max_fields: int) -> None:
    """``ValidationError`` when the document selects more than ``max_fields`` fields, fragments
    expanded (0: no limit). Runs before validation, in time linear in the document's size."""
    if max_fields <= 0:
        return
    try:
        count = expanded_fields(document)
    except RecursionError:  # a chain of thousands of fragments, each spreading the next
        message = "The document nests fragment spreads too deeply."
        raise ValidationError(message, [graphql_error(message, ValidationError.code)]) from None
    if count > max_fields:
        message = f"The document selects {count} fields (fragments expanded); the limit is {max_fields}."
        raise ValidationError(message, [graphql_error(message, ValidationError.code)])


def _depth_rule(max_depth: int) -> type[ASTValidationRule]:
    class MaxDepthRule(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.walk = _Depth(_fragments(context.document))

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            depth = self.walk.measure(node.selection_set)
            if depth > max_depth:
                name = f'Operation "{node.name.value}"' if node.name else "The operation"
                self.report_error(
                    GraphQLError(f"{name} nests fields {depth} deep; the limit is {max_depth}.", node)
                )

    return MaxDepthRule


class _Depth(_FragmentWalk):
    """The deepest field nesting under a selection set."""

    def measure(self, selection_set: SelectionSetNode) -> int:
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value == "__typename":
                    found = 0
                elif selection.selection_set is None:
                    found = 1
                else:
                    found = 1 + self.measure(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                found = self.measure(selection.selection_set)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                found = self.spread(selection)
            deepest = max(deepest, found)
        return deepest


def _alias_rule(max_aliases: int) -> type[ASTValidationRule]:
    class MaxAliasesRule(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.alias is None:
                return
            self.count += 1
            if self.count == max_aliases + 1:
                self.report_error(
                    GraphQLError(
                        f"The document has more than {max_aliases} aliased fields; the limit is "
                        f"{max_aliases}.",
                        node,
                    )
                )

    return MaxAliasesRule


def _root_fields_rule(max_root_fields: int) -> type[ASTValidationRule]:
    class MaxRootFieldsRule(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.walk = _RootFields(_fragments(context.document))

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            count = self.walk.measure(node.selection_set)
            if count > max_root_fields:
                name = f'Operation "{node.name.value}"' if node.name else "The operation"
                self.report_error(
                    GraphQLError(
                        f"{name} selects {count} root fields; the limit is {max_root_fields}.", node
                    )
                )

    return MaxRootFieldsRule


class _RootFields(_FragmentWalk):
    """Fields selected at this level, through fragments, ``__typename`` not counted."""

    def measure(self, selection_set: SelectionSetNode) -> int:
        count = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                count += selection.name.value != "__typename"
            elif isinstance(selection, InlineFragmentNode):
                count += self.measure(selection.selection_set)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                count += self.spread(selection)
        return count
