"""``spbe audit verify``: recompute the access trail's hash chains, independently of the database.

The trail (``access_log``) is split into chains; in each, entry ``seq`` (1, 2, ...) stores
``prev_hash`` (the previous entry's ``hash``, 32 zero bytes for the first) and
``hash = sha256(prev_hash || canonical text)``, and ``access_log_head`` keeps each chain's last
``(seq, hash)``. :func:`entry_digest` recomputes the hash here in Python, replicating the SQL
function ``access_log_digest`` without calling it, so a database whose functions were replaced
cannot vouch for itself.

Each problem names chain, seq and id and says what is wrong:

``changed``     the entry's columns do not give its stored hash
``missing``     seq numbers are skipped (entries deleted), or the head is past the last entry
``reordered``   entries whose seq was swapped (each one's hash fits the other's position)
``broken link`` ``prev_hash`` is not the previous entry's hash (an entry before it was replaced)
``head``        ``access_log_head`` does not match the chain's last entry

Entries are read with a server-side cursor, ordered by ``(chain, seq)``: memory stays flat
however long the trail is (only the suspicious entries of one chain are kept, at most
:data:`MAX_SUSPECTS`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg

__all__ = [
    "GENESIS",
    "MAX_SUSPECTS",
    "AuditReport",
    "Problem",
    "canonical_text",
    "entry_digest",
    "epoch_micros",
    "format_report",
    "verify_access_log",
]

#: ``prev_hash`` of every chain's first entry.
GENESIS = bytes(32)
#: Entries of one chain kept for pairing swapped entries; more are reported as changed only.
MAX_SUSPECTS = 1000
#: The text columns in the canonical text, in order (after chain, seq and at).
TEXT_COLUMNS: tuple[str, ...] = (
    "request_id",
    "operation_name",
    "caller_kind",
    "agency",
    "key_id",
    "actor_nik",
    "subject_nik",
    "category",
    "fields",
    "purpose",
    "basis",
    "basis_id",
    "decision",
    "reason",
)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
_QUERY = f"""
    select id, chain, seq, at, {", ".join(TEXT_COLUMNS)}, prev_hash, hash
      from access_log order by chain, seq
"""


def epoch_micros(at: dt.datetime) -> int:
    """Microseconds since the Unix epoch, exactly (integer arithmetic on the timedelta)."""
    if at.tzinfo is None:
        raise ValueError("a timestamptz value must carry its time zone")
    return (at - _EPOCH) // _MICROSECOND


def _part(value: str | None) -> str:
    return "-" if value is None else f"{len(value)}:{value}"


def canonical_text(entry: Any) -> str:
    """The text ``access_log_digest`` hashes: chain, seq, ``at`` in epoch microseconds, then each
    text column as ``-`` (null) or ``<characters>:<text>``, joined with ``|``. ``fields`` is joined
    with ``,`` first (null elements dropped, as ``array_to_string`` does)."""
    parts = [str(entry["chain"]), str(entry["seq"]), str(epoch_micros(entry["at"]))]
    for column in TEXT_COLUMNS:
        value = entry[column]
        if column == "fields" and value is not None:
            value = ",".join(item for item in value if item is not None)
        parts.append(_part(value))
    return "|".join(parts)


def entry_digest(prev_hash: bytes, entry: Any, *, seq: int | None = None) -> bytes:
    """``sha256(prev_hash || utf8(canonical_text(entry)))``; ``seq`` replaces the entry's own."""
    if seq is not None:
        entry = {**dict(entry), "seq": seq}
    return hashlib.sha256(bytes(prev_hash) + canonical_text(entry).encode("utf-8")).digest()


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the trail."""

    chain: int
    seq: int
    id: int | None
    kind: str
    detail: str

    def __str__(self) -> str:
        where = f"chain {self.chain} seq {self.seq}" + (f" (id {self.id})" if self.id is not None else "")
        return f"{where}: {self.kind}: {self.detail}"


@dataclass(slots=True)
class AuditReport:
    """What :func:`verify_access_log` found."""

    entries: int = 0
    chains: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return f"ok: {self.entries} entries in {self.chains} chains"


@dataclass(slots=True)
class _Entry:
    id: int
    seq: int
    values: dict[str, Any]
    prev_hash: bytes
    hash: bytes


@dataclass(slots=True)
class _Chain:
    """The state of the chain being read."""

    number: int
    expected_seq: int = 1
    last: _Entry | None = None
    suspects: list[_Entry] = field(default_factory=list)  # stored hash does not fit
    overflow: int = 0
    links: list[tuple[_Entry | None, _Entry]] = field(default_factory=list)  # (previous, entry) not linked
    gaps: set[int] = field(default_factory=set)  # seqs right after a gap


def _finish(chain: _Chain, report: AuditReport) -> None:
    """Classify one chain's suspicious entries: swapped pairs are reordered, the rest changed."""
    reordered: dict[int, int] = {}  # entry id -> the seq its hash was written for
    suspects = chain.suspects
    for entry in suspects:
        for other in suspects:
            if (
                other is not entry
                and entry_digest(entry.prev_hash, entry.values, seq=other.seq) == entry.hash
            ):
                reordered[entry.id] = other.seq
                break
    found: list[Problem] = []
    for entry in suspects:
        if entry.id in reordered:
            detail = f"written as seq {reordered[entry.id]}, now at seq {entry.seq}"
            found.append(Problem(chain.number, entry.seq, entry.id, "reordered", detail))
        else:
            detail = "its columns do not give its stored hash (the entry was altered)"
            found.append(Problem(chain.number, entry.seq, entry.id, "changed", detail))
    moved = {entry.seq for entry in suspects if entry.id in reordered}
    for previous, entry in chain.links:
        if entry.seq in moved or (previous is not None and previous.seq in moved):
            continue  # explained by the swap
        if previous is None:
            detail = "the first entry's prev_hash is not 32 zero bytes"
        else:
            before = f"seq {previous.seq} (id {previous.id})"
            detail = f"prev_hash is not the hash of {before}: an entry was replaced"
        found.append(Problem(chain.number, entry.seq, entry.id, "broken link", detail))
    if chain.overflow:
        last = suspects[-1]
        detail = f"{chain.overflow} more altered entries after this one, not listed"
        found.append(Problem(chain.number, last.seq, last.id, "changed", detail))
    report.problems.extend(sorted(found, key=lambda p: (p.seq, p.kind)))


def _check(chain: _Chain, row: asyncpg.Record, report: AuditReport) -> None:
    entry = _Entry(
        id=row["id"],
        seq=row["seq"],
        values={name: row[name] for name in ("chain", "seq", "at", *TEXT_COLUMNS)},
        prev_hash=bytes(row["prev_hash"]),
        hash=bytes(row["hash"]),
    )
    if entry.seq != chain.expected_seq:
        first, last = chain.expected_seq, entry.seq - 1
        span = f"seq {first}" if first == last else f"seqs {first}-{last}"
        detail = f"{span} absent before this entry (deleted)"
        report.problems.append(Problem(chain.number, entry.seq, entry.id, "missing", detail))
        chain.gaps.add(entry.seq)
    previous = chain.last
    expected_prev = previous.hash if previous is not None else GENESIS
    if entry.prev_hash != expected_prev and entry.seq not in chain.gaps:
        chain.links.append((previous, entry))
    if entry_digest(entry.prev_hash, entry.values) != entry.hash:
        if len(chain.suspects) < MAX_SUSPECTS:
            chain.suspects.append(entry)
        else:
            chain.overflow += 1
    chain.expected_seq = entry.seq + 1
    chain.last = entry


async def verify_access_log(
    conn: asyncpg.Connection, *, progress: Callable[[int], None] | None = None, prefetch: int = 2000
) -> AuditReport:
    """Check every chain of ``conn``'s trail and its heads (see the module docstring)."""
    report = AuditReport()
    lasts: dict[int, _Entry] = {}
    chain: _Chain | None = None
    async with conn.transaction(isolation="repeatable_read", readonly=True):  # one snapshot
        rows = await conn.fetch("select chain, seq, hash from access_log_head")
        heads = {row["chain"]: (row["seq"], bytes(row["hash"])) for row in rows}
        async for row in conn.cursor(_QUERY, prefetch=prefetch):
            if chain is None or row["chain"] != chain.number:
                if chain is not None:
                    _finish(chain, report)
                    assert chain.last is not None
                    lasts[chain.number] = chain.last
                chain = _Chain(number=row["chain"])
                report.chains += 1
            _check(chain, row, report)
            report.entries += 1
            if progress is not None and report.entries % 100_000 == 0:
                progress(report.entries)
        if chain is not None:
            _finish(chain, report)
            assert chain.last is not None
            lasts[chain.number] = chain.last
    _check_heads(heads, lasts, report)
    return report


def _check_heads(heads: dict[int, tuple[int, bytes]], lasts: dict[int, _Entry], report: AuditReport) -> None:
    for number in sorted(heads.keys() | lasts.keys()):
        head, last = heads.get(number), lasts.get(number)
        if last is None:
            assert head is not None
            detail = f"the head says seq {head[0]}, but the chain has no entries"
            report.problems.append(Problem(number, head[0], None, "missing", detail))
        elif head is None:
            detail = "access_log_head has no row for this chain"
            report.problems.append(Problem(number, last.seq, last.id, "head mismatch", detail))
        elif head[0] > last.seq:
            span = f"seq {last.seq + 1}" if head[0] == last.seq + 1 else f"seqs {last.seq + 1}-{head[0]}"
            detail = f"{span} absent at the end of the chain (the head says seq {head[0]})"
            report.problems.append(Problem(number, head[0], None, "missing", detail))
        elif head[0] != last.seq or head[1] != last.hash:
            detail = f"access_log_head says seq {head[0]} with another hash than the chain's last entry"
            report.problems.append(Problem(number, last.seq, last.id, "head mismatch", detail))


def format_report(report: AuditReport) -> Sequence[str]:
    """The lines ``spbe audit verify`` prints."""
    if report.ok:
        return [report.summary()]
    return [str(problem) for problem in report.problems]
