"""One commit across several service databases: all of them, or none.

Implements docs/seeding.md "All or nothing". Each database's rows are loaded in one open
transaction per database; then :func:`commit_all` commits them in two phases:

1. **Vote.** Every participant but the coordinator is made unable to fail at commit: with
   :attr:`CommitMode.TWO_PHASE` it is prepared (``PREPARE TRANSACTION``, PostgreSQL manual
   "PREPARE TRANSACTION": its changes are on disk and survive a crash); with
   :attr:`CommitMode.ORDERED` (a server whose ``max_prepared_transactions`` is 0) its deferred
   constraints are checked now (``SET CONSTRAINTS ALL IMMEDIATE``). The coordinator's are checked
   too. A failure here rolls every participant back (prepared ones with ``ROLLBACK PREPARED``):
   nothing changed anywhere.
2. **Decide.** The coordinator commits. Its rows include its ``seed_generation``, so this commit
   is the durable decision that the generation is the population.
3. **Finish.** The others commit (``COMMIT PREPARED`` or ``COMMIT``). If one cannot (the process
   or the connection dies), the decision stands: the next run finishes it
   (``spbe.seed.recovery``): a prepared transaction of the decided generation is committed, one of
   another generation rolled back; under ``ORDERED`` the lagging database is seeded again with the
   decided generation's ``seed`` and ``citizens``, which give the same rows.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Mapping

import asyncpg

from spbe.seed.generation import Generation

__all__ = [
    "TRANSACTION_PREFIX",
    "CommitMode",
    "PartialCommitError",
    "begin_all",
    "choose_mode",
    "commit_all",
    "rollback_all",
    "transaction_id",
]

#: Prefix of the global id of every prepared transaction a seeding run leaves.
TRANSACTION_PREFIX = "spbe_seed_"


class CommitMode(enum.Enum):
    """How the participants vote before the coordinator decides."""

    TWO_PHASE = "two-phase"  # PREPARE TRANSACTION / COMMIT PREPARED
    ORDERED = "ordered"  # deferred constraints checked, coordinator first, the rest rolled forward


class PartialCommitError(RuntimeError):
    """The run's generation was decided (the coordinator committed) but some databases did not
    commit yet; the next run (``spbe seed`` or ``spbe up``) finishes them."""


def transaction_id(generation: Generation, service: str) -> str:
    """The prepared transaction's global id: ``spbe_seed_<generation>_<service>``."""
    return f"{TRANSACTION_PREFIX}{generation.id}_{service}"


async def choose_mode(conns: Mapping[str, asyncpg.Connection]) -> CommitMode:
    """:attr:`CommitMode.TWO_PHASE` when every participant's server can prepare transactions."""
    for conn in conns.values():
        if int(await conn.fetchval("select current_setting('max_prepared_transactions')")) < 1:
            return CommitMode.ORDERED
    return CommitMode.TWO_PHASE


async def begin_all(conns: Mapping[str, asyncpg.Connection]) -> None:
    """Open one transaction on each connection."""
    for conn in conns.values():
        await conn.execute("begin")


async def rollback_all(conns: Mapping[str, asyncpg.Connection]) -> None:
    """Roll back every transaction still open (a connection already lost is left to the server)."""
    for conn in conns.values():
        if not conn.is_closed() and conn.is_in_transaction():
            with contextlib.suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                await conn.execute("rollback")


async def commit_all(
    conns: Mapping[str, asyncpg.Connection], generation: Generation, *, mode: CommitMode
) -> None:
    """Commit every connection's open transaction, all or nothing (see the module docstring).

    ``conns`` may leave the coordinator out (a roll-forward of lagging databases, whose decision
    was taken earlier); then each database just commits after the vote. Raises the vote's error
    after rolling everything back, or :class:`PartialCommitError` once decided.
    """
    coordinator = generation.coordinator if generation.coordinator in conns else None
    others = [service for service in conns if service != coordinator]
    prepared: list[str] = []
    try:
        for service in others:
            if mode is CommitMode.TWO_PHASE:
                await conns[service].execute(f"prepare transaction '{transaction_id(generation, service)}'")
                prepared.append(service)
            else:
                await conns[service].execute("set constraints all immediate")
        if coordinator is not None:
            await conns[coordinator].execute("set constraints all immediate")
    except BaseException:
        for service in prepared:
            with contextlib.suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                await conns[service].execute(f"rollback prepared '{transaction_id(generation, service)}'")
        await rollback_all(conns)
        raise
    if coordinator is not None:
        try:
            await conns[coordinator].execute("commit")
        except BaseException:
            # Not decided (or not known to be): what is prepared stays for recovery to settle
            # against the coordinator's generation; what is merely open is rolled back.
            await rollback_all(conns)
            raise
    unfinished: list[str] = []
    for service in others:
        try:
            if mode is CommitMode.TWO_PHASE:
                await conns[service].execute(f"commit prepared '{transaction_id(generation, service)}'")
            else:
                await conns[service].execute("commit")
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            unfinished.append(service)
    if unfinished:
        await rollback_all({service: conns[service] for service in unfinished})
        raise PartialCommitError(
            f"{generation.describe()} is decided but {', '.join(unfinished)} did not commit yet: "
            "the next 'spbe seed' or 'spbe up' finishes it"
        )
