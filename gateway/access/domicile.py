"""Where citizens live, from the identity subgraph, for regional mandates (docs/access.md,
"Regional mandates").

A regional mandate covers a citizen only when the citizen's domicile, the village of residence
Dukcapil records (``Citizen.village``, the family card's address), lies in one of the mandate's
regions. The NIK's first six digits are not used: they name the district where the citizen was
first registered, which is not where everyone lives now. The gateway asks identity on its own
account (caller kind GATEWAY), only for callers that hold a regional mandate, just before the
registry decides; a citizen identity does not know, or an identity service that does not answer,
leaves the domicile unknown, and an unknown domicile is covered by no regional mandate (deny when
unsure). Nothing is cached between requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import orjson

from gateway.access.caller import Caller, CallerKind
from gateway.transport import Transport

__all__ = ["DOMICILES_QUERY", "DomicileLookup", "IdentityDomiciles", "domiciles_from"]

DOMICILES_QUERY = "query SpbeDomiciles($niks:[String!]!){citizens(niks:$niks){nik village{code}}}"
#: Most NIKs one ``citizens(niks:)`` call answers (subgraphs.identity.schema.MAX_BATCH).
_BATCH = 1000

#: ``async domiciles(niks) -> {nik: village code}`` (citizens left out when unknown).
DomicileLookup = Callable[[Sequence[str]], Awaitable[dict[str, str]]]


def domiciles_from(data: Any) -> dict[str, str]:
    """NIK -> village code from the identity subgraph's answer to :data:`DOMICILES_QUERY`."""
    citizens = data.get("citizens") if type(data) is dict else None
    found: dict[str, str] = {}
    for citizen in citizens if type(citizens) is list else ():
        village = citizen.get("village") if type(citizen) is dict else None
        code = village.get("code") if type(village) is dict else None
        if type(code) is str and type(citizen.get("nik")) is str:
            found[citizen["nik"]] = code
    return found


class IdentityDomiciles:
    """``await domiciles(niks)``: asks the identity subgraph at ``url`` through ``transport``,
    1,000 NIKs per call, the calls side by side."""

    def __init__(self, transport: Transport, url: str) -> None:
        self.transport = transport
        self.url = url
        self._caller = Caller(kind=CallerKind.GATEWAY, request_id="domiciles")

    async def __call__(self, niks: Sequence[str]) -> dict[str, str]:
        unique = sorted(set(niks))
        batches = [unique[start : start + _BATCH] for start in range(0, len(unique), _BATCH)]
        found: dict[str, str] = {}
        for part in await asyncio.gather(*(self._batch(batch) for batch in batches)):
            found.update(part)
        return found

    async def _batch(self, niks: list[str]) -> dict[str, str]:
        body = orjson.dumps(
            {"query": DOMICILES_QUERY, "variables": {"niks": niks}, "operationName": "SpbeDomiciles"}
        )
        raw = await self.transport.post(self.url, body, shareable=False, caller=self._caller)
        answer = orjson.loads(raw)
        if type(answer) is not dict or answer.get("errors"):
            raise LookupError("the identity subgraph did not answer the domiciles query")
        return domiciles_from(answer.get("data"))
