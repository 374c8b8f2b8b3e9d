"""What one subgraph request may cost: the subgraph's own protection (docs/subgraphs.md, "Limits").

A subgraph trusts the gateway's cost limits no further than it must: whatever reaches it, a
request carries at most ``max_representations`` entity representations in one ``_entities`` call,
a body of at most ``max_body_bytes``, and no SQL statement runs longer than
``statement_timeout`` seconds (PostgreSQL's ``statement_timeout``, set on every pool connection).
Work for a caller that has gone away is abandoned (:mod:`subgraphs.common.intake`).

=====================================  ==========  ============================================
``SPBE_SUBGRAPH_MAX_REPRESENTATIONS``  10000       representations per ``_entities`` call
``SPBE_SUBGRAPH_MAX_BODY_BYTES``       8388608     request body (8 MiB); larger: 413
``SPBE_SUBGRAPH_STATEMENT_TIMEOUT``    10          seconds per SQL statement (0: none)
``SPBE_SUBGRAPH_POOL_SIZE``            10          PostgreSQL connections of one process, at most
=====================================  ==========  ============================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["SubgraphLimits"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgraphLimits:
    """The limits of one subgraph app; build it from the environment with :meth:`from_env`."""

    #: Entity representations in one ``_entities`` call. The gateway sends one call per subgraph
    #: per plan step, with de-duplicated representations; ``citizens(niks:)`` takes 1,000 NIKs.
    max_representations: int = 10_000
    #: Bytes of one request body (10,000 representations are about 0.5 MB).
    max_body_bytes: int = 8 << 20
    #: Seconds one SQL statement may run (0: no limit); below the gateway's subgraph timeout.
    statement_timeout: float = 10.0
    #: PostgreSQL connections one subgraph process holds at most (its pool's ``max_size``): with
    #: replicas x workers x this, the service's database server must allow that many clients.
    pool_size: int = 10

    def __post_init__(self) -> None:
        if (
            self.max_representations < 1
            or self.max_body_bytes < 1
            or self.statement_timeout < 0
            or self.pool_size < 1
        ):
            raise ValueError("subgraph limits must be positive (statement_timeout 0 means none)")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SubgraphLimits:
        """The limits named in the module docstring; unset or empty variables keep the default."""
        env = os.environ if environ is None else environ
        default = cls()

        def number(name: str, fallback: float) -> float:
            text = env.get(name, "").strip()
            if not text:
                return fallback
            try:
                return float(text)
            except ValueError:
                raise ValueError(f"{name} must be a number, not {text!r}") from None

        return cls(
            max_representations=int(number("SPBE_SUBGRAPH_MAX_REPRESENTATIONS", default.max_representations)),
            max_body_bytes=int(number("SPBE_SUBGRAPH_MAX_BODY_BYTES", default.max_body_bytes)),
            statement_timeout=number("SPBE_SUBGRAPH_STATEMENT_TIMEOUT", default.statement_timeout),
            pool_size=int(number("SPBE_SUBGRAPH_POOL_SIZE", default.pool_size)),
        )
