"""The federation schema every subgraph uses, and its document caches.

Implements docs/subgraphs.md: each subgraph is a Strawberry Apollo Federation v2
schema (``@link`` to federation v2.7, which already defines ``@requiresScopes`` and ``@policy`` for
the authorization work to come). Every schema masks unexpected errors
(:class:`~subgraphs.common.errors.MaskUnexpectedErrors`), logs errors by code only (messages can
quote input), and caches parsed and validated documents, except documents that spell out a long
number (a NIK, KK, NISN or card number inline): those are personal data and are not kept in memory
beyond their request. The gateway sends such values as variables, so its documents are all cached.

``_entities`` checks its representations first (docs/subgraphs.md, "Limits" and "Errors"): more
than the app's ``max_representations`` refuses the call before any is resolved, and each malformed
one is answered ``BAD_USER_INPUT`` (:mod:`subgraphs.common.representations`) while the rest resolve.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any, Final

from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.federation import Schema as FederationSchema
from strawberry.federation.schema import FederationAny
from strawberry.types import ExecutionContext, Info

from subgraphs.common.errors import BAD_USER_INPUT, MaskUnexpectedErrors
from subgraphs.common.limits import SubgraphLimits
from subgraphs.common.representations import RepresentationCheck

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

#: The limits of a schema executed without a subgraph app's context (tests, tools).
_DEFAULT_LIMITS = SubgraphLimits()


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

    @cached_property
    def representation_check(self) -> RepresentationCheck:
        """The shapes of this schema's entities (built on first use)."""
        return RepresentationCheck.of(
            self._schema, {name: t.definition for name, t in self.schema_converter.type_map.items()}
        )

    def entities_resolver(self, info: Info, representations: list[FederationAny]) -> list[FederationAny]:
        """Strawberry's ``_entities`` resolver behind the checks of the module docstring."""
        limits: SubgraphLimits = getattr(info.context, "limits", _DEFAULT_LIMITS)
        if len(representations) > limits.max_representations:
            raise GraphQLError(
                f"An _entities call may carry at most {limits.max_representations} representations; "
                f"this one carries {len(representations)}.",
                extensions={"code": BAD_USER_INPUT, "maxRepresentations": limits.max_representations},
            )
        check = self.representation_check
        problems = [
            check.problem(index, representation) for index, representation in enumerate(representations)
        ]
        if not any(problems):
            return super().entities_resolver(info, representations)
        valid = [r for r, problem in zip(representations, problems, strict=True) if problem is None]
        resolved = iter(super().entities_resolver(info, valid))
        results: list[Any] = [problem if problem is not None else next(resolved) for problem in problems]
        return results
