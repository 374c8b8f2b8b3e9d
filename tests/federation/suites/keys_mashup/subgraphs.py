"""Several keys per type, most of them not resolvable, and a @requires round trip.

``office`` lists permits; their ``holder`` lives in ``registry`` (resolvable only by
``id``); ``label`` in ``office`` requires ``holder``, and ``office`` resolves permits only
by ``id ref { seq year }`` — the gateway must pick that key for the way back.
"""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

PERMITS: dict[str, dict[str, Any]] = {
    "1": {"id": "1", "serial": "S-1", "ref": {"region": "32", "seq": "7", "year": "2024"}, "holder": "Ani"},
    "2": {"id": "2", "serial": "S-2", "ref": {"region": "33", "seq": "8", "year": "2025"}, "holder": "Budi"},
}
REF = "type Ref @shareable { region: ID! seq: ID! year: ID! }"


def _office_permit(rep: dict) -> object:
    permit = PERMITS.get(rep["id"])
    if permit is None or rep.get("ref", {}).get("year") != permit["ref"]["year"]:
        return None
    return {**rep, "id": permit["id"], "serial": permit["serial"], "ref": permit["ref"]}


def _label(permit: dict, _info: object) -> str:
    if "holder" not in permit:
        raise ValueError("holder was not provided")
    return f"Izin {permit['serial']} a.n. {permit['holder']}"


SUBGRAPHS = [
    Subgraph(
        "registry",
        FED2
        + """
        type Permit
          @key(fields: "id")
          @key(fields: "serial", resolvable: false)
          @key(fields: "ref { region seq }", resolvable: false)
          @key(fields: "id ref { seq year }", resolvable: false) {
          id: ID!
          serial: ID!
          ref: Ref!
          holder: String!
        }
        """
        + REF,
        references={"Permit": lambda r: dict(PERMITS[r["id"]]) if r.get("id") in PERMITS else None},
    ),
    Subgraph(
        "office",
        FED2
        + """
        type Query { office: Office }
        type Office @key(fields: "id") { id: ID! permits: [Permit!]! }
        type Permit
          @key(fields: "ref { region seq }", resolvable: false)
          @key(fields: "id ref { seq year }")
          @key(fields: "serial", resolvable: false)
          @key(fields: "id", resolvable: false) {
          id: ID!
          serial: ID!
          ref: Ref!
          holder: String! @external
          label: String! @requires(fields: "holder")
        }
        """
        + REF,
        resolvers={
            "Query.office": lambda _p, _i: {"id": "o1", "permits": [PERMITS["1"], PERMITS["2"]]},
            "Permit.label": _label,
        },
        references={"Permit": _office_permit},
    ),
]
