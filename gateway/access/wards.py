"""Who a citizen may act for: their wards, from the identity subgraph (docs/access.md, "Guardians").

A citizen listed as head of the family or spouse on a family card (Kartu Keluarga) is parent or
guardian of the members listed as children who are minors (under 18; UU 35/2014), and may see
and manage their data (UU 27/2022 Pasal 25: a child's data needs a parent's or guardian's
consent). Adults on the same card, and children once they turn 18, are not wards. The gateway
asks the identity subgraph once per citizen request, on its own account (caller kind GATEWAY),
and carries the answer in the signed caller; nothing is cached between requests.
"""

from __future__ import annotations

from typing import Any

import orjson

from gateway.access.caller import Caller, CallerKind
from gateway.transport import Transport

__all__ = ["WARDS_QUERY", "IdentityWards", "wards_from"]

WARDS_QUERY = (
    "query SpbeWards($nik:String!){citizen(nik:$nik){familyRelation "
    "family{members{relation citizen{nik isMinor}}}}}"
)
_GUARDIAN_RELATIONS = frozenset({"HEAD", "SPOUSE"})


def wards_from(nik: str, data: Any) -> tuple[str, ...]:
    """The wards in the identity subgraph's answer to :data:`WARDS_QUERY` for ``nik``."""
    citizen = data.get("citizen") if type(data) is dict else None
    if type(citizen) is not dict or citizen.get("familyRelation") not in _GUARDIAN_RELATIONS:
        return ()
    family = citizen.get("family")
    members = family.get("members") if type(family) is dict else None
    wards: list[str] = []
    for member in members if type(members) is list else ():
        person = member.get("citizen") if type(member) is dict else None
        if (
            type(person) is dict
            and member.get("relation") == "CHILD"
            and person.get("isMinor") is True
            and type(person.get("nik")) is str
            and person["nik"] != nik
        ):
            wards.append(person["nik"])
    return tuple(sorted(set(wards)))


class IdentityWards:
    """``await wards(nik)``: asks the identity subgraph at ``url`` through ``transport``."""

    def __init__(self, transport: Transport, url: str) -> None:
        self.transport = transport
        self.url = url
        self._caller = Caller(kind=CallerKind.GATEWAY, request_id="wards")

    async def __call__(self, nik: str) -> tuple[str, ...]:
        body = orjson.dumps({"query": WARDS_QUERY, "variables": {"nik": nik}, "operationName": "SpbeWards"})
        raw = await self.transport.post(self.url, body, shareable=False, caller=self._caller)
        answer = orjson.loads(raw)
        if type(answer) is not dict or answer.get("errors"):
            raise LookupError("the identity subgraph did not answer the wards query")
        return wards_from(nik, answer.get("data"))
