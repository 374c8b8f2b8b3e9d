"""Benchmark: the gap view through the whole system (docs/social.md "The gap view", docs/statistics.md
"Social gaps"; docs/benchmarks.md, entry ``gaps``).

Over the scratch databases (seeded with ``max(--citizens)`` citizens unless they hold that many):
every subgraph sealed, the gateway with a fresh consent registry holding a ``SOCIAL_OUTREACH``
mandate of KEMENSOS for identity, social, health and education (national), the same mandate for
purpose ``BENCH_REGIONAL`` limited to the three regencies measured (docs/access.md, "Regional
mandates": each step then asks identity where the citizens live), and two keys: a social office's
(``social:outreach`` and the four read scopes) and a statistics key (``statistics:read``). In one
event loop, like bench/access.py: every hop real HTTP.

Cases: ``OutreachGaps`` (:data:`spbe.gaps.OUTREACH_GAPS`, the gaps served by social from
health's and education's facts) under the national and under the regional mandate and, for
comparison, ``OutreachRecords`` (:data:`OUTREACH_RECORDS`, the records the client used to decide
the gaps from before they were served) for the three regencies with the most decile 1-4 household
members, and ``GapStatistics`` (the explorer's example): mean milliseconds per request over
``REPEATS`` sequential requests after one warm-up, with the subgraph calls each request made, the
answer's size and, for the outreach, the citizens listed and those with a gap.
"""

from __future__ import annotations

import datetime
import json
import secrets
import time
from typing import Any

import aiohttp
import asyncpg

from bench.access import _sdl, _Servers
from bench.databases import fresh_consent_database, seeded_databases
from bench.measurement import Context, Measurement
from gateway.access.keys import generate_key
from gateway.access.seal import Sealer
from gateway.app import GatewayApp
from gateway.compose import SubgraphSDL, compose
from gateway.planner import build_plan
from gateway.settings import Settings
from gateway.supergraph import Supergraph
from spbe.gaps import OUTREACH_GAPS, read_gaps
from subgraphs.app import create_app
from subgraphs.common.linkage import Linkage
from subgraphs.consent.reference import load_reference

__all__ = ["GAP_STATISTICS", "OUTREACH_RECORDS", "run"]

#: What the outreach asked before the gaps were served: every record the client needed to decide
#: them itself (docs/social.md, "The gap view", what crosses).
OUTREACH_RECORDS = """query OutreachRecords($regionCode: String!) {
  outreachCandidates(regionCode: $regionCode) {
    nik
    fullName
    birthDate
    social { household { kk decile } benefits { programme status } }
    health { bpjs { active pbi } immunizations { vaccine dose } }
    education { enrollments { status } }
  }
}"""

#: The explorer's GapStatistics example (without its comments).
GAP_STATISTICS = """query GapStatistics {
  regions {
    code
    name
    outOfSchoolChildren { regionCode level numerator denominator rate suppressed }
    underFivesMissingImmunization { regionCode level numerator denominator rate suppressed }
  }
  outOfSchool: gapRanking(gap: OUT_OF_SCHOOL) { ...ranked }
  missingImmunization: gapRanking(gap: MISSING_IMMUNIZATION) { ...ranked }
  noPbiJk: gapRanking(gap: ADULTS_WITHOUT_PBI_JK) { ...ranked }
  noPip: gapRanking(gap: PKH_CHILDREN_WITHOUT_PIP) { ...ranked }
}

fragment ranked on GapRanking {
  regencies(limit: 10) { rank regionCode outsideJavaBali numerator denominator rate }
}"""

#: Parts of GAP_STATISTICS alone: the per-province cells, one cross-service ranking.
REGIONS_ONLY = """{ regions { code outOfSchoolChildren { regionCode numerator denominator suppressed }
  underFivesMissingImmunization { regionCode numerator denominator suppressed } } }"""
RANKING_ONLY = """{ gapRanking(gap: OUT_OF_SCHOOL) { regencies(limit: 10) { rank regionCode rate } } }"""
#: Social's answer to the gateway for every province's school-age cohort (sent unsigned to a
#: bench-only unsealed social).
COHORTS = """query ($r: [_Any!]!) { _entities(representations: $r) {
  ... on Region { schoolAgeCohort { regencyCode band pending members } } } }"""

CATEGORIES = ("identity", "social", "health", "education")
OUTREACH_SCOPES = ("social:outreach", "social:read", "identity:read", "health:read", "education:read")
REPEATS = 5


async def _registry(dsn: str, regions: list[str]) -> tuple[str, str]:
    """The mandates (national; ``regions`` for ``BENCH_REGIONAL``) and the two keys; their texts
    (outreach, statistics)."""
    conn = await asyncpg.connect(dsn)
    try:
        await load_reference(conn)
        await conn.execute("insert into purpose values ('BENCH_REGIONAL', 'Uji wilayah', 'Regional bench')")
        now = datetime.datetime.now(datetime.UTC)
        for purpose, limited in (("SOCIAL_OUTREACH", []), ("BENCH_REGIONAL", regions)):
            await conn.execute(
                "insert into mandate (agency, categories, purpose, legal_basis, legal_reference, valid_from,"
                " valid_until, created_by, regions) values ('KEMENSOS', $1, $4, 'PUBLIC_TASK',"
                " 'UU 11/2009 Pasal 29', $2, $3, 'bench', $5)",
                list(CATEGORIES),
                now - datetime.timedelta(days=1),
                now + datetime.timedelta(days=30),
                purpose,
                limited,
            )
        texts = []
        for scopes in (OUTREACH_SCOPES, ("statistics:read",)):
            key = generate_key()
            await conn.execute(
                "insert into api_key (prefix, secret_hash, agency, name, scopes) values ($1, $2, 'KEMENSOS',"
                " 'bench', $3)",
                key.prefix,
                key.secret_hash,
                list(scopes),
            )
            texts.append(key.text)
        return texts[0], texts[1]
    finally:
        await conn.close()


async def _regions(dsn: str) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "select substr(h.village_code, 1, 4) as regency from household h join household_member m"
            " on m.kk = h.kk where h.decile <= 4 group by 1 order by count(*) desc, 1 limit 3"
        )
        return [r["regency"] for r in rows]
    finally:
        await conn.close()


async def _provinces(dsn: str) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("select code from region where length(code) = 2 order by 1")
        return [r["code"] for r in rows]
    finally:
        await conn.close()


async def run(context: Context) -> list[Measurement]:
    citizens = max(context.citizens)
    dsns, _ = await seeded_databases(context, citizens, citizens)
    registry = await fresh_consent_database(context)
    regions = await _regions(dsns["social"])
    outreach_key, statistics_key = await _registry(registry, regions)
    secret = secrets.token_hex(32)
    sealer = Sealer(bytes.fromhex(secret))
    linkage = Linkage(secret=secrets.token_bytes(32))  # social, education and health only
    servers = _Servers()
    found: list[Measurement] = []
    try:
        urls = {
            s: await servers.start(create_app(s, dsn, sealer=sealer, linkage=linkage)) + "/graphql"
            for s, dsn in {**dsns, "consent": registry}.items()
        }
        supergraph = Supergraph.parse(compose([SubgraphSDL(s, url, _sdl(s)) for s, url in urls.items()]))
        app = GatewayApp(
            Settings(access_dsn=registry, subgraph_secret=secret, subgraph_timeout=120),
            supergraph,
            build_plan,
        )
        gateway = await servers.start(app) + "/graphql"
        async with aiohttp.ClientSession() as session:

            async def ask(
                query: str, variables: dict[str, str], headers: dict[str, str]
            ) -> tuple[dict[str, Any], float, float, int]:
                body = {"query": query, "variables": variables}
                async with session.post(gateway, json=body, headers=headers) as response:  # warm-up
                    await response.read()
                calls = app.transport.calls  # type: ignore[attr-defined]
                started = time.perf_counter()
                for _ in range(REPEATS):
                    async with session.post(gateway, json=body, headers=headers) as response:
                        raw = await response.read()
                elapsed = (time.perf_counter() - started) / REPEATS * 1000
                per_request = (app.transport.calls - calls) / REPEATS  # type: ignore[attr-defined]
                answer = json.loads(raw)
                assert "errors" not in answer, answer["errors"][:2]
                return answer, elapsed, per_request, len(raw)

            for purpose, mandate in (("SOCIAL_OUTREACH", ""), ("BENCH_REGIONAL", ", regional mandate")):
                headers = {"x-api-key": outreach_key, "x-purpose": purpose}
                for region in regions:
                    answer, ms, calls, size = await ask(OUTREACH_GAPS, {"regionCode": region}, headers)
                    listed = answer["data"]["outreachCandidates"]
                    gaps = read_gaps(listed)
                    found.append(
                        Measurement(
                            "gaps",
                            f"OutreachGaps, regency {region}{mandate}",
                            ms,
                            "ms/request",
                            f"{len(listed)} citizens listed, {len(gaps)} with a gap, {calls:.0f} subgraph "
                            f"calls, {size:,} bytes, {citizens:,} citizens",
                        )
                    )
            headers = {"x-api-key": outreach_key, "x-purpose": "SOCIAL_OUTREACH"}
            for region in regions:
                _, ms, calls, size = await ask(OUTREACH_RECORDS, {"regionCode": region}, headers)
                found.append(
                    Measurement(
                        "gaps",
                        f"OutreachRecords (before: the client decided), regency {region}",
                        ms,
                        "ms/request",
                        f"{calls:.0f} subgraph calls, {size:,} bytes, {citizens:,} citizens",
                    )
                )
            _, ms, calls, _ = await ask(GAP_STATISTICS, {}, {"x-api-key": statistics_key})
            found.append(
                Measurement(
                    "gaps",
                    "GapStatistics",
                    ms,
                    "ms/request",
                    f"{calls:.0f} subgraph calls, {citizens:,} citizens",
                )
            )
            parts = (("regions only", REGIONS_ONLY), ("gapRanking OUT_OF_SCHOOL only", RANKING_ONLY))
            for name, query in parts:
                _, ms, calls, _ = await ask(query, {}, {"x-api-key": statistics_key})
                found.append(
                    Measurement(
                        "gaps", f"GapStatistics, {name}", ms, "ms/request", f"{calls:.0f} subgraph calls"
                    )
                )
            # what travels social -> gateway -> education: every province's school-age cohort
            provinces = await _provinces(dsns["identity"])
            unsealed = await servers.start(create_app("social", dsns["social"], linkage=linkage)) + "/graphql"
            body = {
                "query": COHORTS,
                "variables": {"r": [{"__typename": "Region", "code": p} for p in provinces]},
            }
            started = time.perf_counter()
            async with session.post(unsealed, json=body) as response:
                payload = await response.read()
            ms = (time.perf_counter() - started) * 1000
            regions = json.loads(payload)["data"]["_entities"]
            cells = [cell for region in regions for cell in region["schoolAgeCohort"]]
            named = sum(len(cell["members"]) for cell in cells)
            found.append(
                Measurement(
                    "gaps",
                    "school-age cohort of every province (social _entities)",
                    len(payload) / 1000,
                    "kB",
                    f"{ms:,.0f} ms, {len(provinces)} provinces, {len(cells)} cells, {named:,} pseudonyms",
                )
            )
    finally:
        await servers.stop()
    return found
