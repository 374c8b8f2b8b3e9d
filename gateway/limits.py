"""Limits on what one operation may ask, checked before any subgraph is called.

A hostile document can be cheap to send and dear to answer: thousands of tokens for the parser,
deep nesting that fans out through every list, or the same field asked under hundreds of
aliases. Three limits, each a refusal with a message that names the limit:

* ``max_tokens``: the lexer stops after this many tokens (graphql-core's ``parse(max_tokens=)``),
  so an oversized document costs no more than reading that many tokens;
* ``max_depth``: fields nested deeper than this, following fragment spreads, are a validation
  error (a validation rule in the sense of spec §5 "Validation");
* ``max_aliases``: more aliased fields than this in one document are a validation error;
* ``max_root_fields``: an operation selecting more root fields than this (through fragments,
  each alias counted, ``__typename`` not) is a validation error: each root field is at least
  one subgraph request.

``__typename`` does not count towards depth; introspection fields do.
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

__all__ = ["Limits", "limit_rules"]


@dataclass(frozen=True, slots=True)
class Limits:
    """The defaults leave room for every real client we know (GraphiQL's introspection query is
    13 deep and about 300 tokens); set any to 0 to switch it off."""

    max_tokens: int = 15_000
    max_depth: int = 32
    max_aliases: int = 500
    max_root_fields: int = 100
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


def _depth_rule(max_depth: int) -> type[ASTValidationRule]:
    class MaxDepthRule(ASTValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            fragments = {
                d.name.value: d
                for d in self.context.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            depth = _depth(node.selection_set, fragments, frozenset(), max_depth + 1)
            if depth > max_depth:
                name = f'Operation "{node.name.value}"' if node.name else "The operation"
                self.report_error(
                    GraphQLError(f"{name} nests fields {depth} deep; the limit is {max_depth}.", node)
                )

    return MaxDepthRule


def _depth(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    visiting: frozenset[str],
    stop: int,
) -> int:
    """The deepest field nesting under ``selection_set``, not looking further than ``stop``
    (fragment cycles are left to the spec's NoFragmentCyclesRule)."""
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value == "__typename":
                found = 0
            elif selection.selection_set is None or stop <= 1:
                found = 1
            else:
                found = 1 + _depth(selection.selection_set, fragments, visiting, stop - 1)
        elif isinstance(selection, InlineFragmentNode):
            found = _depth(selection.selection_set, fragments, visiting, stop)
        else:
            assert isinstance(selection, FragmentSpreadNode)
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in visiting:
                continue
            found = _depth(fragment.selection_set, fragments, visiting | {name}, stop)
        deepest = max(deepest, found)
        if deepest >= stop:
            break
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
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            fragments = {
                d.name.value: d
                for d in self.context.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            count = _root_fields(node.selection_set, fragments, frozenset())
            if count > max_root_fields:
                name = f'Operation "{node.name.value}"' if node.name else "The operation"
                self.report_error(
                    GraphQLError(
                        f"{name} selects {count} root fields; the limit is {max_root_fields}.", node
                    )
                )

    return MaxRootFieldsRule


def _root_fields(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], visiting: frozenset[str]
) -> int:
    """Fields selected at this level, through fragments, ``__typename`` not counted."""
    count = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            count += selection.name.value != "__typename"
        elif isinstance(selection, InlineFragmentNode):
            count += _root_fields(selection.selection_set, fragments, visiting)
        else:
            assert isinstance(selection, FragmentSpreadNode)
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in visiting:
                count += _root_fields(fragment.selection_set, fragments, visiting | {name})
    return count
