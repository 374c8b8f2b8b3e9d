"""Merging type references across subgraphs (composition rules, "field types"):
https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/composition-rules

An output field's types merge to their common supertype (nullable over non-null, an interface or
union over its implementations and members); an argument's or input field's to the strictest
(non-null wins, named types must be equal).
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from graphql import ListTypeNode, NamedTypeNode, NonNullTypeNode, TypeNode

__all__ = ["TypeMismatch", "TypeRelations"]


class TypeMismatch(Exception):
    """The references cannot be merged."""


class TypeRelations:
    """Subtyping between named types, from every subgraph's implements and union members."""

    def __init__(self, implements: Mapping[str, Set[str]], members: Mapping[str, Set[str]]) -> None:
        self.implements = implements
        self.members = members

    def is_subtype(self, sub: str, sup: str) -> bool:
        return sub == sup or sup in self.implements.get(sub, set()) or sub in self.members.get(sup, set())

    def is_subtype_ref(self, sub: TypeNode, sup: TypeNode) -> bool:
        """``sub`` may stand where ``sup`` is expected (output position)."""
        if isinstance(sup, NonNullTypeNode):
            return isinstance(sub, NonNullTypeNode) and self.is_subtype_ref(sub.type, sup.type)
        if isinstance(sub, NonNullTypeNode):
            return self.is_subtype_ref(sub.type, sup)
        if isinstance(sup, ListTypeNode):
            return isinstance(sub, ListTypeNode) and self.is_subtype_ref(sub.type, sup.type)
        if isinstance(sub, NamedTypeNode) and isinstance(sup, NamedTypeNode):
            return self.is_subtype(sub.name.value, sup.name.value)
        return False

    def output_type(self, types: list[TypeNode]) -> TypeNode:
        """The common supertype; raises TypeMismatch."""
        result = types[0]
        for other in types[1:]:
            result = self._supertype(result, other)
        return result

    def _supertype(self, a: TypeNode, b: TypeNode) -> TypeNode:
        if isinstance(a, NonNullTypeNode) and isinstance(b, NonNullTypeNode):
            inner = self._supertype(a.type, b.type)
            assert isinstance(inner, NamedTypeNode | ListTypeNode)
            return NonNullTypeNode(type=inner)
        if isinstance(a, NonNullTypeNode):
            return self._supertype(a.type, b)
        if isinstance(b, NonNullTypeNode):
            return self._supertype(a, b.type)
        if isinstance(a, ListTypeNode) and isinstance(b, ListTypeNode):
            return ListTypeNode(type=self._supertype(a.type, b.type))
        if isinstance(a, NamedTypeNode) and isinstance(b, NamedTypeNode):
            if self.is_subtype(a.name.value, b.name.value):
                return b
            if self.is_subtype(b.name.value, a.name.value):
                return a
        raise TypeMismatch

    def input_type(self, types: list[TypeNode]) -> TypeNode:
        """The strictest of the references; raises TypeMismatch."""
        result = types[0]
        for other in types[1:]:
            result = self._subtype(result, other)
        return result

    def _subtype(self, a: TypeNode, b: TypeNode) -> TypeNode:
        if isinstance(a, NonNullTypeNode) or isinstance(b, NonNullTypeNode):
            inner = self._subtype(
                a.type if isinstance(a, NonNullTypeNode) else a,
                b.type if isinstance(b, NonNullTypeNode) else b,
            )
            assert isinstance(inner, NamedTypeNode | ListTypeNode)
            return NonNullTypeNode(type=inner)
        if isinstance(a, ListTypeNode) and isinstance(b, ListTypeNode):
            return ListTypeNode(type=self._subtype(a.type, b.type))
        if isinstance(a, NamedTypeNode) and isinstance(b, NamedTypeNode) and a.name.value == b.name.value:
            return a
        raise TypeMismatch
