"""The gateway's error tree and the GraphQL error objects clients see.

Every error a caller sees is a GraphQL error (https://spec.graphql.org/October2021/#sec-Errors)
with a SCREAMING_SNAKE ``extensions.code``. Request errors stop a request before execution
and carry the HTTP status the GraphQL-over-HTTP draft asks for
(https://graphql.github.io/graphql-over-http/draft/#sec-Status-Codes)::

    GatewayError                      base; ``code``, ``status``, ``errors()``
    ├── RequestError                  BAD_REQUEST            400  (malformed JSON, no query, ...)
    │   ├── AuthenticationError       UNAUTHENTICATED        401  (unknown/revoked/expired key or token)
    │   ├── PayloadTooLargeError      PAYLOAD_TOO_LARGE      413
    │   ├── UnsupportedMediaError     UNSUPPORTED_MEDIA_TYPE 415
    │   ├── NotAcceptableError        NOT_ACCEPTABLE         406
    │   ├── MethodNotAllowedError     METHOD_NOT_ALLOWED     405
    │   ├── PersistedQueryHashMismatchError PERSISTED_QUERY_HASH_MISMATCH 400
    │   ├── PersistedQueryNotSupportedError PERSISTED_QUERY_NOT_SUPPORTED 400 (APQ off)
    │   ├── RateLimitedError          RATE_LIMITED           429  (with Retry-After)
    │   ├── InFlightLimitError        TOO_MANY_REQUESTS_IN_FLIGHT 429 (one client IP's open requests)
    │   └── RequestTimeoutError       REQUEST_TIMEOUT        408  (the body did not arrive in time)
    ├── ParseError                    GRAPHQL_PARSE_FAILED
    ├── ValidationError               GRAPHQL_VALIDATION_FAILED
    ├── OperationResolutionError      OPERATION_RESOLUTION_FAILURE
    ├── VariableError                 BAD_USER_INPUT
    ├── AuthorizationError            UNAUTHORIZED_FIELD_OR_TYPE
    ├── CostLimitError                COST_LIMIT_EXCEEDED    400  (gateway/demand.py)
    ├── ListArgumentLimitError        LIST_ARGUMENT_LIMIT_EXCEEDED 400 (gateway/demand.py)
    ├── PlanError                     QUERY_PLANNING_FAILED
    ├── GatewayTimeoutError           GATEWAY_TIMEOUT        504  (--execution-timeout)
    ├── PersistedQueryNotFoundError   PERSISTED_QUERY_NOT_FOUND   200 (Apollo clients resend)
    └── PersistedQueryNotAllowedError PERSISTED_QUERY_NOT_ALLOWED 403 (trusted documents only)

Errors with a 5xx status are the gateway's own failures: the client gets a message that says
only what failed, with ``extensions.requestId``; the log line with the same request id has the
``detail`` (gateway/http.py; docs/errors.md, "QUERY_PLANNING_FAILED").

Field errors raised while executing (``SUBGRAPH_UNAVAILABLE``, enum values the API schema
does not allow, nulls in non-null positions) never raise: they become entries of the
response's ``errors`` list made by :func:`graphql_error`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "SUBGRAPH_UNAVAILABLE",
    "AuthenticationError",
    "AuthorizationError",
    "CostLimitError",
    "GatewayError",
    "GatewayTimeoutError",
    "InFlightLimitError",
    "ListArgumentLimitError",
    "MethodNotAllowedError",
    "NotAcceptableError",
    "OperationResolutionError",
    "ParseError",
    "PayloadTooLargeError",
    "PersistedQueryHashMismatchError",
    "PersistedQueryNotAllowedError",
    "PersistedQueryNotFoundError",
    "PersistedQueryNotSupportedError",
    "PlanError",
    "RateLimitedError",
    "RequestError",
    "RequestTimeoutError",
    "UnsupportedMediaError",
    "ValidationError",
    "VariableError",
    "graphql_error",
]

SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE"


def graphql_error(
    message: str,
    code: str | None = None,
    path: Sequence[str | int] | None = None,
    locations: Sequence[dict[str, int]] | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    """One GraphQL error object (spec §7.1.2 "Errors"), keys in the spec's order."""
    error: dict[str, Any] = {"message": message}
    if locations:
        error["locations"] = list(locations)
    if path is not None:
        error["path"] = list(path)
    if code is not None:
        extensions = {"code": code, **extensions}
    if extensions:
        error["extensions"] = extensions
    return error


class GatewayError(Exception):
    """A request error: the request stops and the caller gets ``errors`` without ``data``
    (spec §7.1.1 "Response Format": an error raised before execution leaves ``data`` out, and
    GraphQL over HTTP forbids it in a 4xx answer)."""

    code = "INTERNAL_SERVER_ERROR"
    status = 500

    def __init__(
        self, message: str, details: Sequence[dict[str, Any]] | None = None, *, detail: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details) if details else None
        #: what went wrong inside, for the log only (never sent: it may name internals)
        self.detail = detail

    def errors(self) -> list[dict[str, Any]]:
        """The GraphQL errors to send; ``details`` when several were found."""
        if self.details:
            return self.details
        return [graphql_error(self.message, self.code)]


class RequestError(GatewayError):
    """The HTTP request is not a well-formed GraphQL-over-HTTP request."""

    code = "BAD_REQUEST"
    status = 400


class AuthenticationError(RequestError):
    """The credentials sent are not accepted (docs/access.md, "Callers"): never anonymous instead."""

    code = "UNAUTHENTICATED"
    status = 401


class PayloadTooLargeError(RequestError):
    code = "PAYLOAD_TOO_LARGE"
    status = 413


class UnsupportedMediaError(RequestError):
    code = "UNSUPPORTED_MEDIA_TYPE"
    status = 415


class NotAcceptableError(RequestError):
    code = "NOT_ACCEPTABLE"
    status = 406


class MethodNotAllowedError(RequestError):
    code = "METHOD_NOT_ALLOWED"
    status = 405


class RateLimitedError(RequestError):
    """The caller's bucket is empty (gateway/ratelimit.py); ``retry_after`` seconds until the
    next request is allowed, also in ``extensions.retryAfter``."""

    code = "RATE_LIMITED"
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def errors(self) -> list[dict[str, Any]]:
        return [graphql_error(self.message, self.code, retryAfter=self.retry_after)]


class InFlightLimitError(RequestError):
    """One client IP has ``--max-requests-per-client`` requests open already (gateway/admission.py)."""

    code = "TOO_MANY_REQUESTS_IN_FLIGHT"
    status = 429


class RequestTimeoutError(RequestError):
    """The request body did not arrive within ``--body-timeout`` (gateway/admission.py)."""

    code = "REQUEST_TIMEOUT"
    status = 408


class PersistedQueryHashMismatchError(RequestError):
    """``extensions.persistedQuery.sha256Hash`` is not the sha256 of the query sent with it."""

    code = "PERSISTED_QUERY_HASH_MISMATCH"
    status = 400


class PersistedQueryNotSupportedError(RequestError):
    """Only a hash was sent, automatic persisted queries are off and no trusted document has it."""

    code = "PERSISTED_QUERY_NOT_SUPPORTED"
    status = 400


class PersistedQueryNotFoundError(GatewayError):
    """Only a hash was sent and the gateway does not know it: the client sends the query too.
    HTTP 200 whatever the media type, as Apollo's clients expect."""

    code = "PERSISTED_QUERY_NOT_FOUND"
    status = 200


class PersistedQueryNotAllowedError(GatewayError):
    """The caller may run only its application's trusted documents (gateway/persisted.py)."""

    code = "PERSISTED_QUERY_NOT_ALLOWED"
    status = 403


class ParseError(GatewayError):
    """The document does not parse (spec §2 "Language")."""

    code = "GRAPHQL_PARSE_FAILED"
    status = 400


class ValidationError(GatewayError):
    """The document is not valid against the API schema (spec §5 "Validation")."""

    code = "GRAPHQL_VALIDATION_FAILED"
    status = 400


class OperationResolutionError(GatewayError):
    """No operation, or not exactly the one named (spec §6.1 "GetOperation")."""

    code = "OPERATION_RESOLUTION_FAILURE"
    status = 400


class VariableError(GatewayError):
    """Variables that do not coerce (spec §6.1.2 "CoerceVariableValues")."""

    code = "BAD_USER_INPUT"
    status = 400


class AuthorizationError(GatewayError):
    """The caller may not run this operation (authorization stage; a later issue fills it)."""

    code = "UNAUTHORIZED_FIELD_OR_TYPE"
    status = 403


class CostLimitError(GatewayError):
    """The operation's estimated cost is over ``--max-cost`` (gateway/demand.py); the estimate and
    the limit are in ``extensions.cost`` and ``extensions.limit``."""

    code = "COST_LIMIT_EXCEEDED"
    status = 400

    def __init__(self, cost: int, limit: int) -> None:
        super().__init__(
            f"The operation's estimated cost is {cost}; the limit is {limit}. Ask for fewer items "
            "(shorter lists, fewer aliases, less nesting through lists)."
        )
        self.cost = cost
        self.limit = limit

    def errors(self) -> list[dict[str, Any]]:
        return [graphql_error(self.message, self.code, cost=self.cost, limit=self.limit)]


class ListArgumentLimitError(GatewayError):
    """The operation's list slicing arguments (every ``citizens(niks:)`` of it) hold more items
    together than ``--max-list-argument-items`` (gateway/demand.py)."""

    code = "LIST_ARGUMENT_LIMIT_EXCEEDED"
    status = 400

    def __init__(self, items: int, limit: int) -> None:
        super().__init__(
            f"The operation's list arguments (such as citizens(niks:)) hold {items} items together; "
            f"the limit is {limit} per request."
        )
        self.items = items
        self.limit = limit

    def errors(self) -> list[dict[str, Any]]:
        return [graphql_error(self.message, self.code, items=self.items, limit=self.limit)]


class PlanError(GatewayError):
    """The planner could not plan a valid operation: a server error, so the client is told only
    that planning failed (and the request id); ``detail`` says why, in the log."""

    code = "QUERY_PLANNING_FAILED"
    status = 500


class GatewayTimeoutError(GatewayError):
    """The execution did not finish within ``--execution-timeout``: no result exists to send,
    so 504 whatever the media type (as for other server errors)."""

    code = "GATEWAY_TIMEOUT"
    status = 504
