"""Bulk loading of the synthetic population into the service databases.

Implements docs/seeding.md "How it loads": the reference data first (copied while the first
batch is generated), then the population batch by batch (a batch is ``chunk_size`` citizens:
whole generation chunks of ``BLOCK`` citizens, so the batch size never changes the data). A
batch is generated in a worker thread while the previous one streams into the databases with
``COPY`` (asyncpg ``copy_records_to_table``), one connection and one transaction per database,
every service database concurrently. Within a database the batches are copied in order, so identity
columns come out the same on every run. The transactions end in one commit across the databases,
all or nothing (docs/seeding.md "All or nothing", :mod:`spbe.seed.commit`), each recording the
run's :class:`~spbe.seed.generation.Generation`.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field

import asyncpg

from spbe.seed.civilservice import government_agencies
from spbe.seed.commit import CommitMode, begin_all, choose_mode, commit_all, rollback_all
from spbe.seed.diagnoses import DIAGNOSES
from spbe.seed.generation import Generation, ensure_table, write_generation
from spbe.seed.population import BLOCK, Chunk, generate_people, plan_chunks
from spbe.seed.records import RecordMaker, Rows
from spbe.seed.reference import Reference, build_reference
from spbe.seed.regions import Atlas, load_atlas

__all__ = [
    "LOCK_KEY",
    "MAX_CITIZENS",
    "SERVICES",
    "TABLES",
    "AlreadySeededError",
    "Progress",
    "SeedReport",
    "SeedingBusyError",
    "filled",
    "load_generation",
    "seed_population",
    "seeding_lock",
]

#: The seeded tables of each service, in load order, with the columns ``COPY`` fills. The first
#: service is the coordinator of the all-or-nothing commit (:mod:`spbe.seed.commit`); every
#: other part of seeding (the commit, recovery, the generation records) goes by this table.
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
    "payments": (
        (
            "payment",
            (
                "id", "nik", "kind", "billing_code", "amount", "billed_on", "status", "channel", "paid_on",
                "ntpn", "record_number", "period",
            ),
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


#: Advisory lock (on the coordinator's database) held by a seeding run and by recovery.
LOCK_KEY = 0x5EED_5EED


class AlreadySeededError(RuntimeError):
    """The databases already hold a population; pass ``reset=True`` to replace it."""


class SeedingBusyError(RuntimeError):
    """Another seeding run (or recovery) is working on these databases now."""


@dataclass(slots=True)
class SeedReport:
    """What a seeding run wrote: rows per table, and how long it took."""

    citizens: int
    seed: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    generation: Generation | None = None
    mode: CommitMode = CommitMode.ORDERED

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


async def filled(conn: asyncpg.Connection, service: str) -> bool:
    """Whether any of ``service``'s seeded tables holds a row."""
    probe = " or ".join(f"exists (select 1 from {table})" for table, _ in TABLES[service])
    return bool(await conn.fetchval(f"select {probe}"))


@contextlib.asynccontextmanager
async def seeding_lock(dsn: str) -> AsyncIterator[None]:
    """Hold the seeding lock of the databases whose coordinator is at ``dsn``, or raise
    :class:`SeedingBusyError` at once if another run holds it."""
    conn = await asyncpg.connect(dsn)
    try:
        if not await conn.fetchval("select pg_try_advisory_lock($1)", LOCK_KEY):
            raise SeedingBusyError("another seeding run is working on these databases; try again later")
        yield
    finally:
        await conn.close()  # ends the session, and so its lock


async def seed_population(
    dsns: Mapping[str, str],
    *,
    citizens: int,
    seed: int,
    progress: Progress | None = None,
    reset: bool = False,
    chunk_size: int = 20_000,
    connection_class: type[asyncpg.Connection] = asyncpg.Connection,
    commit_mode: CommitMode | None = None,
) -> SeedReport:
    """Generate ``citizens`` people with all their records from ``seed`` and COPY them in.

    ``dsns`` maps every service of :data:`TABLES` ("identity", "health", "education", "police",
    "social", "civilservice", "payments") to a migrated database. The same ``seed`` and ``citizens`` always
    give the same rows. Raises
    :class:`AlreadySeededError` if data is present, unless ``reset`` (which empties the seeded
    tables first), and :class:`SeedingBusyError` while another run works on the databases. All
    the databases commit, or none (docs/seeding.md "All or nothing"); a run cut off after its
    decision raises :class:`~spbe.seed.commit.PartialCommitError` and is finished by
    :func:`spbe.seed.recovery.recover`. ``commit_mode`` forces how the databases commit (default:
    two-phase where every server allows prepared transactions, else ordered; docs/seeding.md).
    """
    _check(dsns)
    if not 1 <= citizens <= MAX_CITIZENS:
        raise ValueError(f"citizens must be between 1 and {MAX_CITIZENS:,}")
    generation = Generation.new(seed=seed, citizens=citizens, participants=SERVICES)
    async with seeding_lock(dsns[generation.coordinator]):
        return await load_generation(
            dsns,
            generation,
            services=SERVICES,
            progress=progress,
            reset=reset,
            chunk_size=chunk_size,
            connection_class=connection_class,
            commit_mode=commit_mode,
        )


async def load_generation(
    dsns: Mapping[str, str],
    generation: Generation,
    *,
    services: tuple[str, ...],
    progress: Progress | None = None,
    reset: bool = False,
    chunk_size: int = 20_000,
    connection_class: type[asyncpg.Connection] = asyncpg.Connection,
    commit_mode: CommitMode | None = None,
) -> SeedReport:
    """Load ``generation``'s rows into ``services`` (all of them, or the lagging ones when
    recovery rolls a decided generation forward) and commit them all or nothing. The caller
    holds :func:`seeding_lock`."""
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    atlas = await asyncio.to_thread(load_atlas)
    reference = await asyncio.to_thread(build_reference, atlas, generation.seed)
    blocks = plan_chunks(atlas, generation.citizens, generation.seed, BLOCK)
    per_batch = max(1, chunk_size // BLOCK)
    batches = [blocks[i : i + per_batch] for i in range(0, len(blocks), per_batch)]
    conns: dict[str, asyncpg.Connection] = {}
    try:
        for service in services:
            conns[service] = await asyncpg.connect(dsns[service], connection_class=connection_class)
        whole_run = generation.coordinator in conns
        if not whole_run or len(conns) < 2:
            mode = CommitMode.ORDERED
        else:
            mode = commit_mode or await choose_mode(conns)
        await begin_all(conns)
        try:  # emptying (reset) happens inside the transactions too: a failed run changes nothing
            for conn in conns.values():
                await ensure_table(conn)
            await _prepare(conns, reset)
            counts = await _load(
                conns, atlas, reference, batches, generation.seed, generation.citizens, report
            )
            for conn in conns.values():
                await write_generation(conn, generation)
        except BaseException:
            await rollback_all(conns)
            raise
        await commit_all(conns, generation, mode=mode)
        report("analyze", 0, len(conns))
        await asyncio.gather(*(c.execute("analyze") for c in conns.values()))
        report("analyze", len(conns), len(conns))
    finally:
        await asyncio.gather(*(c.close() for c in conns.values()))
    return SeedReport(
        citizens=generation.citizens,
        seed=generation.seed,
        seconds=time.perf_counter() - started,
        rows=counts,
        generation=generation,
        mode=mode,
    )


async def _prepare(conns: Mapping[str, asyncpg.Connection], reset: bool) -> None:
    occupied = [service for service, conn in conns.items() if await filled(conn, service)]
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

    services = tuple(conns)

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

    queues: dict[str, asyncio.Queue[tuple[int, Rows] | None]] = {s: asyncio.Queue(2) for s in services}
    pending: dict[int, int] = {}
    done = 0
    loading_reference = len(services)

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
            pending[number] = len(services)
            for service in services:
                await queues[service].put((number, rows))
        for service in services:
            await queues[service].put(None)

    try:  # a failing COPY cancels the producer and the other consumers (no one waits forever)
        async with asyncio.TaskGroup() as group:
            for service in services:
                group.create_task(consume(service))
            group.create_task(produce())
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return dict(counts)
