"""The gateway's side of the consent registry database (docs/access.md).

One asyncpg pool per gateway process, opened in the ASGI lifespan, on the ``consent`` service's
database. Three statements, all parameterised:

* :meth:`AccessStore.find_key` — an API key's row by its public prefix, with the categories and
  regions of its agency's mandates in force for the request's purpose (same statement);
* :meth:`AccessStore.touch_key` — record a key's last use (at most once a minute per key and
  process, off the request's path);
* :meth:`AccessStore.record_access_many` — decide and record, in ONE round trip, whether a caller
  may see some consent categories of lists of citizens (one list per category): the SQL function
  ``record_access`` (sql/consent/002_create_access_log.sql), called once per category in one
  statement, writes every decision to the hash-chained trail before it returns them. Nothing is
  cached: a revoked consent counts from the very next request. Citizens' domiciles (village of
  residence), when the gateway learned them for a regional mandate, go along as one JSON object
  (sql/consent/005_add_mandate_regions.sql).

With a ``tracer`` (docs/tracing.md) each such round trip is a client span ``trail record_access``
with the number of categories, subjects, rows written and denials: never a NIK, never SQL
parameters.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import asyncpg
import orjson
from opentelemetry.trace import SpanKind, Tracer

from gateway.access.caller import Caller, MandateScope
from gateway.tracing import span

__all__ = ["AccessDecision", "AccessRequest", "AccessStore", "KeyRecord"]

_log = logging.getLogger("gateway.access")

_FIND_KEY = """
select k.id, k.prefix, k.secret_hash, k.agency, k.scopes, k.expires_at, k.revoked_at,
       (select coalesce(jsonb_agg(jsonb_build_object('categories', m.categories, 'regions', m.regions)
                                  order by m.id), '[]'::jsonb)
          from mandate m
         where m.agency = k.agency and m.purpose = $2 and m.revoked_at is null
           and m.valid_from <= now() and now() < m.valid_until)::text as mandates
from api_key k where k.prefix = $1
"""
_TOUCH_KEY = "update api_key set last_used_at = now() where id = $1"
_RECORD = """
select x.n, r.subject_nik, r.decision, r.basis, r.basis_id, r.reason
from jsonb_to_recordset($9::jsonb) as x(n int, category text, fields text[], niks text[])
cross join lateral record_access($1, $2, $3, $4, $5, $6, $7, $8, x.category, x.fields, x.niks, $10,
                                 $11::jsonb) as r
"""
_CHAINS = 16
_TOUCH_EVERY = 60.0


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyRecord:
    """An API key's registry row (no secret: only its hash)."""

    id: int
    prefix: str
    secret_hash: bytes
    agency: str
    scopes: frozenset[str]
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    #: the agency's mandates in force for the purpose asked of :meth:`AccessStore.find_key`
    mandates: tuple[MandateScope, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessDecision:
    """One citizen's decision, as recorded in the trail."""

    subject: str
    allowed: bool
    basis: str
    basis_id: str | None
    reason: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessRequest:
    """One category of some citizens, to decide (the fields asked go to the trail)."""

    category: str
    fields: Sequence[str]
    subjects: Sequence[str]


class AccessStore:
    """The consent registry, as the gateway uses it."""

    def __init__(self, dsn: str, *, max_size: int = 10, tracer: Tracer | None = None) -> None:
        self._dsn = dsn
        #: a span per decide-and-record round trip (docs/tracing.md); None: tracing off
        self.tracer = tracer
        self._max_size = max_size
        self._pool: asyncpg.Pool | None = None
        self._touched: dict[int, float] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.round_trips = 0

    async def open(self) -> None:
        if self._pool is None:
            self._pool = await asyncpg.create_pool(self._dsn, min_size=1, max_size=self._max_size)

    async def close(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def _acquire_pool(self) -> asyncpg.Pool:
        if self._pool is None:
            await self.open()
        assert self._pool is not None
        return self._pool

    async def find_key(self, prefix: str, *, purpose: str | None = None) -> KeyRecord | None:
        """The key with this prefix, and (for ``purpose``) its agency's mandates in force."""
        pool = await self._acquire_pool()
        self.round_trips += 1
        row = await pool.fetchrow(_FIND_KEY, prefix, purpose)
        if row is None:
            return None
        mandates = MandateScope.merge(
            MandateScope(categories=frozenset(m["categories"]), regions=tuple(m["regions"]))
            for m in orjson.loads(row["mandates"])
        )
        return KeyRecord(
            id=row["id"],
            prefix=row["prefix"],
            secret_hash=bytes(row["secret_hash"]),
            agency=row["agency"],
            scopes=frozenset(row["scopes"]),
            expires_at=row["expires_at"],
            revoked_at=row["revoked_at"],
            mandates=mandates,
        )

    def touch_key(self, key_id: int) -> None:
        """Record the key's use, in the background, at most once a minute per process."""
        now = time.monotonic()
        if now - self._touched.get(key_id, -_TOUCH_EVERY) < _TOUCH_EVERY:
            return
        self._touched[key_id] = now
        task = asyncio.get_running_loop().create_task(self._touch(key_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _touch(self, key_id: int) -> None:
        try:
            pool = await self._acquire_pool()
            await pool.execute(_TOUCH_KEY, key_id)
        except (asyncpg.PostgresError, OSError) as error:
            _log.warning("could not record an API key's last use: %s", type(error).__name__)

    async def record_access(
        self,
        caller: Caller,
        *,
        category: str,
        fields: Sequence[str],
        subjects: Sequence[str],
        operation_name: str | None,
        domiciles: Mapping[str, str] | None = None,
    ) -> dict[str, AccessDecision]:
        """:meth:`record_access_many` for one category."""
        request = AccessRequest(category=category, fields=fields, subjects=subjects)
        found = await self.record_access_many(
            caller, [request], operation_name=operation_name, domiciles=domiciles
        )
        return found[0]

    async def record_access_many(
        self,
        caller: Caller,
        requests: Sequence[AccessRequest],
        *,
        operation_name: str | None,
        domiciles: Mapping[str, str] | None = None,
    ) -> list[dict[str, AccessDecision]]:
        """Decide and record every request, in one round trip; the decisions by subject, in the
        order of ``requests``. ``domiciles``: NIK -> village code of residence, for a caller with
        a regional mandate (a citizen without one is covered by no regional mandate). Raises on
        any database failure (the caller then returns no personal data): the statement is
        atomic, so nothing is decided without its trail."""
        pool = await self._acquire_pool()
        self.round_trips += 1
        batch = orjson.dumps(
            [
                {"n": n, "category": r.category, "fields": list(r.fields), "niks": list(r.subjects)}
                for n, r in enumerate(requests)
            ]
        ).decode()
        attributes = {
            "db.system.name": "postgresql",
            "db.operation.name": "record_access",
            "spbe.trail.categories": len(requests),
            "spbe.trail.subjects": sum(len(r.subjects) for r in requests),
        }
        with span(self.tracer, "trail record_access", SpanKind.CLIENT, attributes) as current:
            places = orjson.dumps(dict(domiciles)).decode() if domiciles else None
            rows = await self._record(pool, caller, batch, operation_name, places)
            if current is not None:
                current.set_attribute("spbe.trail.rows", len(rows))
                current.set_attribute("spbe.trail.denied", sum(1 for r in rows if r["decision"] != "ALLOW"))
        found: list[dict[str, AccessDecision]] = [{} for _ in requests]
        for row in rows:
            found[row["n"]][row["subject_nik"]] = AccessDecision(
                subject=row["subject_nik"],
                allowed=row["decision"] == "ALLOW",
                basis=row["basis"],
                basis_id=row["basis_id"],
                reason=row["reason"],
            )
        return found

    async def _record(
        self,
        pool: asyncpg.Pool,
        caller: Caller,
        batch: str,
        operation_name: str | None,
        domiciles: str | None,
    ) -> list[asyncpg.Record]:
        return await pool.fetch(
            _RECORD,
            caller.request_id or "-",
            operation_name,
            caller.kind.value,
            caller.agency,
            caller.key_id,
            caller.citizen,
            list(caller.wards),
            caller.purpose,
            batch,
            random.randrange(_CHAINS),
            domiciles,
        )
