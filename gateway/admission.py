"""What a request must satisfy before the gateway reads or parses it: one client's share of
the open requests, a body that arrives in time, and variables of a sane depth.

docs/gateway.md, "Limits". Slow senders (issue: 200 connections that never finished their body
were all still open 70 s later) are cut off by a deadline on the body (408 ``REQUEST_TIMEOUT``,
then the connection closes), and one client IP holds at most ``max_requests_per_client`` requests
open at once (429 ``TOO_MANY_REQUESTS_IN_FLIGHT``); the total of connections is uvicorn's
``limit_concurrency`` (``--max-connections``). JSON nested hundreds deep in ``variables`` would
otherwise fail later, deep inside encoders with their own limits, as a 500: it is refused with
400 ``BAD_REQUEST`` saying how deep it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gateway.errors import InFlightLimitError, RequestError

__all__ = ["Admission", "json_depth"]


def json_depth(value: Any, stop: int) -> int:
    """How deep ``value`` (decoded JSON) nests objects and lists, not looking past ``stop``
    levels; iterative, so any depth is safe to measure."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if type(item) is dict:
            children: Any = item.values()
        elif type(item) is list:
            children = item
        else:
            continue
        if depth > deepest:
            deepest = depth
            if deepest > stop:
                return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


class Admission:
    """Counts the requests each client IP has open, and checks the depth of request JSON."""

    def __init__(self, *, max_requests_per_client: int, max_variable_depth: int) -> None:
        self.max_requests_per_client = max_requests_per_client
        self.max_variable_depth = max_variable_depth
        self._open: dict[str, int] = {}

    @contextmanager
    def enter(self, client: str | None) -> Iterator[None]:
        """Hold one of ``client``'s open-request places for the block, or ``InFlightLimitError``."""
        limit = self.max_requests_per_client
        if not limit or client is None:
            yield
            return
        held = self._open.get(client, 0)
        if held >= limit:
            raise InFlightLimitError(
                f"Too many requests open from this client: the limit is {limit} at once."
            )
        self._open[client] = held + 1
        try:
            yield
        finally:
            left = self._open[client] - 1
            if left:
                self._open[client] = left
            else:
                del self._open[client]

    def check_json(self, name: str, value: Any) -> None:
        """``RequestError`` when ``value`` (the request's ``variables`` or ``extensions``) nests
        deeper than ``max_variable_depth``."""
        limit = self.max_variable_depth
        if limit and value is not None:
            depth = json_depth(value, limit)
            if depth > limit:
                raise RequestError(f"{name} nests JSON more than {limit} levels deep; the limit is {limit}.")
