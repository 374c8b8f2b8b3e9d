"""Errors clients see, and the masking of everything else.

Implements docs/subgraphs.md, "Errors" (and docs/errors.md): every error a client
sees carries a SCREAMING_SNAKE ``extensions.code`` and an English message; an unexpected exception
(a database error, a bug) is answered as ``Internal server error`` / ``INTERNAL_SERVER_ERROR`` with
no SQL, stack trace or personal data, and is logged server-side by exception class only.

Error tree::

    GraphQLError
     ├── INVALID_NIK            a NIK argument or representation is not a plausible NIK
     ├── INVALID_REGION_CODE    a region code is not 2, 4, 6 or 10 digits (dots allowed)
     ├── INVALID_ARGUMENT       another malformed argument (NPSN, facility code...)
     ├── BAD_USER_INPUT         a malformed ``_entities`` representation, or too many of them
     ├── STATEMENT_TIMEOUT      a SQL statement ran past the subgraph's statement timeout
     ├── LINKAGE_UNAVAILABLE    cross-service statistics asked of a subgraph without a linkage secret
     └── INTERNAL_SERVER_ERROR  anything unexpected, masked
"""

from __future__ import annotations

import logging

import asyncpg
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors

__all__ = [
    "BAD_USER_INPUT",
    "INTERNAL_SERVER_ERROR",
    "INVALID_ARGUMENT",
    "INVALID_NIK",
    "INVALID_REGION_CODE",
    "LINKAGE_UNAVAILABLE",
    "REQUEST_ERROR_CODES",
    "STATEMENT_TIMEOUT",
    "MaskUnexpectedErrors",
    "client_error",
    "invalid_nik",
    "with_code",
]

INVALID_NIK = "INVALID_NIK"
INVALID_REGION_CODE = "INVALID_REGION_CODE"
INVALID_ARGUMENT = "INVALID_ARGUMENT"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
BAD_USER_INPUT = "BAD_USER_INPUT"
STATEMENT_TIMEOUT = "STATEMENT_TIMEOUT"
LINKAGE_UNAVAILABLE = "LINKAGE_UNAVAILABLE"

#: Codes of errors that stop a request before execution (answered with HTTP 400, no ``data``).
REQUEST_ERROR_CODES = frozenset({"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"})

_log = logging.getLogger("subgraphs.errors")


def client_error(message: str, code: str) -> GraphQLError:
    """A GraphQL error meant for the caller, with ``extensions.code``."""
    return GraphQLError(message, extensions={"code": code})


def invalid_nik() -> GraphQLError:
    """The ``INVALID_NIK`` error; the offending value is deliberately not repeated."""
    return client_error(
        "NIK must be 16 digits: region (6), birth date DDMMYY (day + 40 for women) and a serial (4)",
        INVALID_NIK,
    )


def _is_unexpected(error: GraphQLError) -> bool:
    """True for errors raised by something other than a deliberate GraphQLError."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    """Replace unexpected errors with ``Internal server error`` / ``INTERNAL_SERVER_ERROR``."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_unexpected, error_message="Internal server error")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        path = ".".join(str(part) if isinstance(part, str) else "#" for part in error.path or ())
        message, code = self.error_message, INTERNAL_SERVER_ERROR
        if isinstance(original, asyncpg.QueryCanceledError) and "statement timeout" in str(original):
            # statement_timeout (docs/subgraphs.md, "Limits"): an expected limit, not a fault
            _log.warning("statement timeout at %s", path)
            message = "The database statement ran past the subgraph's statement timeout."
            code = STATEMENT_TIMEOUT
        else:
            _log.error(
                "unexpected %s at %s", type(original).__name__ if original is not None else "error", path
            )
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": code},
        )

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [with_code(error) for error in super()._process_errors(errors)]


def with_code(error: GraphQLError) -> GraphQLError:
    """Give request errors (syntax, validation) the codes Apollo's servers use."""
    if error.extensions and "code" in error.extensions:
        return error
    code = "GRAPHQL_PARSE_FAILED" if isinstance(error, GraphQLSyntaxError) else "GRAPHQL_VALIDATION_FAILED"
    if error.path is not None:
        code = INTERNAL_SERVER_ERROR  # e.g. a non-null field resolved to null: a server fault
    error.extensions = {**(error.extensions or {}), "code": code}
    return error
