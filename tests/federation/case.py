"""Compliance cases: an operation, the response the gateway must give, and how to compare.

The comparison follows the audit's spirit: ``data`` must be equal, list order and object
key order included (keys come in the order the query asks for them, spec §6.3.2);
``errors`` is compared by presence, or, where a case lists error expectations, each must
match some returned error by ``path`` and ``extensions.code``. A case may also pin how
many requests each subgraph receives, so a gateway that calls a subgraph needlessly fails.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Case", "ErrorSpec", "Mismatch", "compare"]


@dataclass(frozen=True)
class ErrorSpec:
    """One error the response must contain; ``None`` parts are not compared.

    ``service`` is the subgraph named in ``extensions.serviceName`` (as Apollo's gateway names it).
    """

    path: Sequence[str | int] | None = None
    code: str | None = None
    service: str | None = None


@dataclass(frozen=True)
class Case:
    """One request to the gateway and the response expected from it.

    ``errors``: ``False`` no errors allowed, ``True`` at least one required, ``None`` not
    compared, or a list of :class:`ErrorSpec` that must all be present. ``calls``: when
    given, the exact number of requests per subgraph (unlisted subgraphs: zero);
    ``total_calls``: the number of requests over all subgraphs (where several could serve);
    ``representations``: entity representations each listed subgraph receives in all (to
    catch duplicates sent twice); ``parallel``: send that many identical requests at once,
    each must get the expected answer (``calls`` then counts all of them together);
    ``plan``: ``[]`` no ``extensions.queryPlan`` allowed, else texts the printed plan must
    contain; ``headers``: extra request headers (e.g. ``accept``); ``variants``: ``(variables, data)``
    pairs sent all at once, each answer compared with its own data (no caller may get
    another's answer).
    """

    name: str
    query: str
    data: Any
    errors: bool | Sequence[ErrorSpec] | None = False
    variables: Mapping[str, Any] | None = None
    operation_name: str | None = None
    calls: Mapping[str, int] | None = None
    total_calls: int | None = None
    representations: Mapping[str, int] | None = None
    status: int | None = None
    method: str = "POST"
    headers: Mapping[str, str] = field(default_factory=dict)
    parallel: int = 1
    plan: Sequence[str] | None = None
    variants: Sequence[tuple[Mapping[str, Any], Any]] = ()
    note: str = ""
    tags: Sequence[str] = field(default_factory=tuple)


class Mismatch(AssertionError):
    """The gateway's answer differs from the case's expectation."""


def compare(
    case: Case,
    status: int,
    response: Mapping[str, Any],
    calls: Mapping[str, int] | None,
    representations: Mapping[str, int] | None = None,
) -> list[str]:
    """Differences between the expected and the received answer (empty when equal)."""
    problems: list[str] = []
    if case.status is not None and status != case.status:
        problems.append(f"HTTP status {status}, expected {case.status}")
    data = response.get("data")
    if data != case.data:
        problems.append(f"data differs:\n  expected {case.data!r}\n  received {data!r}")
    else:
        problems.extend(_order_problems(case.data, data, "data"))
    errors = response.get("errors") or []
    if case.errors is True and not errors:
        problems.append("expected errors, received none")
    elif case.errors is False and errors:
        problems.append(f"expected no errors, received {errors!r}")
    elif isinstance(case.errors, Sequence):
        for spec in case.errors:
            if not any(_matches(spec, e) for e in errors):
                problems.append(f"no error matching {spec!r} in {errors!r}")
    if case.calls is not None and calls is not None:
        expected_calls = {k: v for k, v in case.calls.items() if v}
        received_calls = {k: v for k, v in calls.items() if v}
        if expected_calls != received_calls:
            problems.append(f"subgraph calls {received_calls!r}, expected {expected_calls!r}")
    if case.plan is not None:
        problems.extend(_plan_problems(case.plan, response))
    if case.total_calls is not None and calls is not None and sum(calls.values()) != case.total_calls:
        problems.append(f"{sum(calls.values())} subgraph calls {dict(calls)!r}, expected {case.total_calls}")
    if case.representations is not None and representations is not None:
        for name, expected in case.representations.items():
            if representations.get(name, 0) != expected:
                problems.append(
                    f"{representations.get(name, 0)} representations sent to {name}, expected {expected}"
                )
    return problems


def _plan_problems(expected: Sequence[str], response: Mapping[str, Any]) -> list[str]:
    extensions = response.get("extensions") or {}
    plan = extensions.get("queryPlan") if isinstance(extensions, Mapping) else None
    if not expected:
        return [] if plan is None else [f"a query plan was returned unasked: {plan!r}"]
    if plan is None:
        return ["no extensions.queryPlan in the response"]
    text = plan.get("text", json.dumps(plan)) if isinstance(plan, Mapping) else str(plan)
    return [f"query plan lacks {part!r}:\n{text}" for part in expected if part not in str(text)]


def _order_problems(expected: Any, received: Any, where: str) -> list[str]:
    """Object keys must come in the order the expectation lists them (the query's order)."""
    if isinstance(expected, Mapping) and isinstance(received, Mapping):
        if list(expected) != list(received):
            return [f"key order at {where}: expected {list(expected)}, received {list(received)}"]
        return [p for k in expected for p in _order_problems(expected[k], received[k], f"{where}.{k}")]
    if isinstance(expected, list) and isinstance(received, list):
        return [
            p
            for i, (e, r) in enumerate(zip(expected, received, strict=True))
            for p in _order_problems(e, r, f"{where}[{i}]")
        ]
    return []


def _matches(spec: ErrorSpec, error: Any) -> bool:
    if not isinstance(error, Mapping):
        return False
    if spec.path is not None and list(error.get("path") or []) != list(spec.path):
        return False
    extensions = error.get("extensions") or {}
    if not isinstance(extensions, Mapping):
        extensions = {}
    if spec.code is not None and extensions.get("code") != spec.code:
        return False
    return spec.service is None or extensions.get("serviceName") == spec.service
