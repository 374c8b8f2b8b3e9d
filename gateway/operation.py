"""One operation of a document, selected once and handed to every stage that needs it.

Spec §6.1 "GetOperation" picks the operation; the fragments are indexed by name once. The cost
estimate (gateway/demand.py) and the pipeline read them from here instead of selecting the
operation and building the fragment map again (docs/gateway.md, "One request's way").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, OperationType

from gateway.errors import OperationResolutionError

__all__ = ["OperationContext"]


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationContext:
    """A document, its selected operation, its fragments by name and the operation's kind."""

    document: DocumentNode
    definition: OperationDefinitionNode
    fragments: Mapping[str, FragmentDefinitionNode]
    kind: OperationType
    name: str | None

    @classmethod
    def of(cls, document: DocumentNode, definition: OperationDefinitionNode) -> OperationContext:
        """The context of ``definition``, an operation of ``document``."""
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        return cls(
            document=document,
            definition=definition,
            fragments=fragments,
            kind=definition.operation,
            name=definition.name.value if definition.name else None,
        )

    @classmethod
    def select(cls, document: DocumentNode, name: str | None) -> OperationContext:
        """Spec §6.1 "GetOperation": the operation named ``name`` (or the only one), or
        ``OperationResolutionError``."""
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if name is None:
            if len(operations) == 1:
                return cls.of(document, operations[0])
            raise OperationResolutionError(
                "Must provide operation name if query contains multiple operations."
            )
        for operation in operations:
            if operation.name is not None and operation.name.value == name:
                return cls.of(document, operation)
        raise OperationResolutionError(f'Unknown operation named "{name}".')
