"""Bulk loading of the synthetic population into the service databases.

Implements docs/seeding.md "How it loads": the reference data first (copied while the first
batch is generated), then the population batch by batch (a batch is ``chunk_size`` citizens:
whole generation chunks of ``BLOCK`` citizens, so the batch size never changes the data). A
batch is generated in a worker thread while the previous one streams into the databases with
``COPY`` (asyncpg ``copy_records_to_table``), one connection and one transaction per database,
every service database concurrently. Within a database the batches are copied in order, so identity
columns come out the same on every run.
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import asyncpg

from spbe.seed.civilservice import government_agencies
from spbe.seed.diagnoses import DIAGNOSES
from spbe.seed.population import BLOCK, Chunk, generate_people, plan_chunks
from spbe.seed.records import RecordMaker, Rows
from spbe.seed.reference import Reference, build_reference
from spbe.seed.regions import Atlas, load_atlas

__all__ = [
    "MAX_CITIZENS",
    "SERVICES",
    "TABLES",
    "AlreadySeededError",
    "Progress",
    "SeedReport",
    "is_seeded",
    "seed_population",
]

#: The seeded tables of each service, in load order, with the columns ``COPY`` fills.
TABLES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "identity": (
        ("region", ("code", "level", "name", "parent_code", "postal_code")),
        ("family", ("kk", "village_code", "address")),
        (
            "citizen",
            (
                "nik",
                "full_name",
                "sex",
                "birth_place",
                "birth_date",
                "religion",
                "marital_status",
                "blood_type",
                "address",
                "village_code",
                "kk",
                "family_relation",
                "deceased_on",
            ),
        ),
        ("digital_id", ("nik", "activated_on", "device_class")),
    ),
    "health": (
        ("facility", ("code", "name", "kind", "region_code")),
        ("diagnosis", ("code", "name")),
        ("bpjs_membership", ("nik", "card_number", "care_class", "pbi", "active", "facility_code")),
        ("immunization", ("nik", "vaccine", "dose", "given_on", "facility_code")),
        ("encounter", ("nik", "occurred_on", "facility_code", "diagnosis_code")),
        ("allergy", ("nik", "substance", "reaction", "severity", "recorded_on")),
    ),
    "education": (
        ("school", ("npsn", "name", "level", "public", "region_code")),
        ("student", ("nik", "nisn")),
        ("enrollment", ("nik", "npsn", "level", "grade", "started_on", "ended_on", "status")),
        ("certificate", ("nik", "level", "year", "npsn")),
    ),
    "police": (
        ("driving_licence", ("number", "nik", "class", "issued_on", "expires_on", "status")),
        ("clearance_certificate", ("number", "nik", "purpose", "issued_on", "expires_on", "finding")),
        ("vehicle", ("plate", "nik", "kind", "make", "model", "year", "stnk_expires_on")),
    ),
    "social": (
        ("household", ("kk", "decile", "assessed_on", "village_code")),
        ("household_member", ("nik", "kk")),
        ("benefit", ("id", "programme", "kk", "nik", "period_start", "period_end", "amount", "status")),
        ("disbursement", ("benefit_id", "paid_on", "channel", "amount")),
    ),
    "civilservice": (
        ("government_agency", ("code", "name", "level", "region_code")),
        (
            "civil_servant",
            ("nik", "nip", "kind", "grade", "position", "appointed_on", "agency_code", "active"),
        ),
    ),
}
SERVICES = tuple(TABLES)
#: The numbering spaces (NISN: 7 digits after the birth year) hold this many citizens.
MAX_CITIZENS = 10_000_000
_REFERENCE_TABLES = ("region", "facility", "diagnosis", "school", "government_agency")
_COLUMNS = {table: columns for tables in TABLES.values() for table, columns in tables}
_SERVICE_OF = {table: service for service, tables in TABLES.items() for table, _ in tables}

#: ``progress(stage, done, total)``: stages "reference", "citizens", "analyze".
Progress = Callable[[str, int, int], None]


class AlreadySeededError(RuntimeError):
    """The databases already hold a population; pass ``reset=True`` to replace it."""


@dataclass(slots=True)
class SeedReport:
    """What a seeding run wrote: rows per table, and how long it took."""

    citizens: int
    seed: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def citizens_per_second(self) -> float:
        return self.citizens / self.seconds if self.seconds else 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _check(dsns: Mapping[str, str]) -> None:
    missing = [s for s in SERVICES if s not in dsns]
    if missing:
        raise ValueError(f"no database given for: {', '.join(missing)}")


async def is_seeded(dsns: Mapping[str, str]) -> bool:
    """True when the identity database holds citizens and every service has its reference data."""
    _check(dsns)
    markers = {
        "identity": "citizen", "health": "facility", "education": "school", "police": None,
        "social": "household", "civilservice": "government_agency",
    }  # fmt: skip
    for service, table in markers.items():
        if table is None:
            continue
        conn = await asyncpg.connect(dsns[service])
        try:
            if not await conn.fetchval(f"select exists (select 1 from {table})"):
                return False
        finally:
            await conn.close()
    return True


async def seed_population(
    dsns: Mapping[str, str],
    *,
    citizens: int,
    seed: int,
    progress: Progress | None = None,
    reset: bool = False,
    chunk_size: int = 20_000,
    connection_class: type[asyncpg.Connection] = asyncpg.Connection,
) -> SeedReport:
    """Generate ``citizens`` people with all their records from ``seed`` and COPY them in.

    ``dsns`` maps each of :data:`SERVICES` to a migrated database. The
    same ``seed`` and ``citizens`` always give the same rows. Raises
    :class:`AlreadySeededError` if data is present, unless ``reset`` (which empties the seeded
    tables first). Each database is written in one transaction: all or nothing.
    """
    _check(dsns)
    if not 1 <= citizens <= MAX_CITIZENS:
        raise ValueError(f"citizens must be between 1 and {MAX_CITIZENS:,}")
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    atlas = await asyncio.to_thread(load_atlas)
    reference = await asyncio.to_thread(build_reference, atlas, seed)
    blocks = plan_chunks(atlas, citizens, seed, BLOCK)
    per_batch = max(1, chunk_size // BLOCK)
    batches = [blocks[i : i + per_batch] for i in range(0, len(blocks), per_batch)]
    conns: dict[str, asyncpg.Connection] = {}
    try:
        for service in SERVICES:
            conns[service] = await asyncpg.connect(dsns[service], connection_class=connection_class)
        transactions = {s: conns[s].transaction() for s in SERVICES}
        for tr in transactions.values():
            await tr.start()
        try:  # emptying (reset) happens inside the transactions too: a failed run changes nothing
            await _prepare(conns, reset)
            counts = await _load(conns, atlas, reference, batches, seed, citizens, report)
        except BaseException:
            for tr in transactions.values():
                await tr.rollback()
            raise
        for tr in transactions.values():
            await tr.commit()
        report("analyze", 0, len(SERVICES))
        await asyncio.gather(*(c.execute("analyze") for c in conns.values()))
        report("analyze", len(SERVICES), len(SERVICES))
    finally:
        await asyncio.gather(*(c.close() for c in conns.values()))
    return SeedReport(citizens=citizens, seed=seed, seconds=time.perf_counter() - started, rows=counts)


async def _prepare(conns: Mapping[str, asyncpg.Connection], reset: bool) -> None:
    occupied = []
    for service, tables in TABLES.items():
        names = [t for t, _ in tables]
        probe = " or ".join(f"exists (select 1 from {t})" for t in names)
        if await conns[service].fetchval(f"select {probe}"):
            occupied.append(service)
    if occupied and not reset:
        raise AlreadySeededError(f"already seeded: {', '.join(occupied)}")
    for service in occupied:
        listed = ", ".join(t for t, _ in TABLES[service])
        await conns[service].execute(f"truncate {listed} restart identity cascade")


async def _copy(conn: asyncpg.Connection, table: str, rows: list[tuple[object, ...]]) -> None:
    if rows:
        await conn.copy_records_to_table(table, records=rows, columns=_COLUMNS[table])


async def _load(
    conns: Mapping[str, asyncpg.Connection],
    atlas: Atlas,
    reference: Reference,
    batches: list[list[Chunk]],
    seed: int,
    citizens: int,
    report: Progress,
) -> dict[str, int]:
    counts: dict[str, int] = collections.Counter()
    public: dict[str, list[tuple[object, ...]]] = {
        "region": list(atlas.rows),
        "facility": list(reference.facilities),
        "diagnosis": list(DIAGNOSES),
        "school": list(reference.schools),
        "government_agency": list(government_agencies(atlas)),
    }
    report("reference", 0, len(public))

    async def reference_of(service: str) -> None:
        for table, _ in TABLES[service]:
            if table in public:
                await _copy(conns[service], table, public[table])
                counts[table] += len(public[table])

    maker = RecordMaker(reference, seed)

    def generate(batch: list[Chunk]) -> Rows:
        out: Rows = {table: [] for table in _COLUMNS if table not in _REFERENCE_TABLES}
        for chunk in batch:
            maker.make(generate_people(atlas, chunk, seed, out), chunk.number, out)
        return out

    queues: dict[str, asyncio.Queue[tuple[int, Rows] | None]] = {s: asyncio.Queue(2) for s in SERVICES}
    pending: dict[int, int] = {}
    done = 0
    loading_reference = len(SERVICES)

    async def consume(service: str) -> None:
        # The reference data first (records refer to it), while the first batch is generated.
        nonlocal done, loading_reference
        await reference_of(service)
        loading_reference -= 1
        if not loading_reference:
            report("reference", len(public), len(public))
            report("citizens", 0, citizens)
        while (item := await queues[service].get()) is not None:
            number, rows = item
            for table, _ in TABLES[service]:
                if table not in _REFERENCE_TABLES:
                    await _copy(conns[service], table, rows[table])
                    counts[table] += len(rows[table])
            pending[number] -= 1
            if not pending[number]:
                done += sum(chunk.citizens for chunk in batches[number])
                report("citizens", done, citizens)

    async def produce() -> None:
        for number, batch in enumerate(batches):
            rows = await asyncio.to_thread(generate, batch)
            pending[number] = len(SERVICES)
            for service in SERVICES:
                await queues[service].put((number, rows))
        for service in SERVICES:
            await queues[service].put(None)

    try:  # a failing COPY cancels the producer and the other consumers (no one waits forever)
        async with asyncio.TaskGroup() as group:
            for service in SERVICES:
                group.create_task(consume(service))
            group.create_task(produce())
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return dict(counts)
