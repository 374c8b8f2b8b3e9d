"""The federation schema every subgraph uses, and its document caches.

Implements docs/subgraphs.md: each subgraph is a Strawberry Apollo Federation v2
schema (``@link`` to federation v2.7, which already defines ``@requiresScopes`` and ``@policy`` for
the authorization work to come). Every schema masks unexpected errors
(:class:`~subgraphs.common.errors.MaskUnexpectedErrors`), logs errors by code only (messages can
quote input), and caches parsed and validated documents, except documents that spell out a long
number (a NIK, KK, NISN or card number inline): those are personal data and are not kept in memory
beyond their request. The gateway sends such values as variables, so its documents are all cached.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Final

from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.federation import Schema as FederationSchema
from strawberry.types import ExecutionContext

from subgraphs.common.errors import MaskUnexpectedErrors

__all__ = [
    "COST_FEDERATION_VERSION",
    "FEDERATION_VERSION",
    "DocumentParserCache",
    "DocumentValidationCache",
    "SubgraphSchema",
]

#: The Federation v2 version every subgraph links (2.5+ carries @requiresScopes and @policy).
FEDERATION_VERSION: Final = "2.7"
#: The version a subgraph giving demand-control hints links (2.9 brings @cost and @listSize).
COST_FEDERATION_VERSION: Final = "2.9"

#: Distinct documents whose parse and validation results are kept (the gateway sends few shapes).
_CACHE_SIZE = 512

#: A run of ten or more digits: a NIK or KK (16), BPJS card (13) or NISN (10) written inline.
_IDENTIFIER = re.compile(r"[0-9]{10,}")

_log = logging.getLogger("subgraphs.schema")


def _cacheable(context: ExecutionContext) -> bool:
    return context.query is not None and _IDENTIFIER.search(context.query) is None


class DocumentParserCache(ParserCache):
    """Strawberry's parser cache, skipped for documents carrying identifiers inline."""

    def on_parse(self) -> Iterator[None]:
        if _cacheable(self.execution_context):
            yield from super().on_parse()
        else:
            yield


class DocumentValidationCache(ValidationCache):
    """Strawberry's validation cache, skipped for documents carrying identifiers inline."""

    def on_validate(self) -> Iterator[None]:
        if _cacheable(self.execution_context):
            yield from super().on_validate()
        else:
            yield


class SubgraphSchema(FederationSchema):
    """A federation v2 schema that masks unexpected errors, caches parsing and validation, and logs
    errors by code only (their messages may quote input). ``mutation`` is optional: only the
    consent registry writes."""

    def __init__(
        self,
        query: type,
        *,
        mutation: type | None = None,
        types: Iterable[type] = (),
        federation_version: str = FEDERATION_VERSION,
    ) -> None:
        super().__init__(
            query=query,
            mutation=mutation,
            types=types,
            federation_version=federation_version,  # type: ignore[arg-type]
            extensions=[
                lambda: DocumentParserCache(maxsize=_CACHE_SIZE),
                lambda: DocumentValidationCache(maxsize=_CACHE_SIZE),
                MaskUnexpectedErrors,
            ],
        )

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            code = (error.extensions or {}).get("code", "GRAPHQL_ERROR")
            _log.info("GraphQL error %s", code)
