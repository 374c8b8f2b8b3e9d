"""@requires whose selection has inline fragments on an interface-typed field."""

from tests.federation.subgraph import FED2, Subgraph

PARCELS = [
    {"id": "k1", "contents": {"__typename": "Document", "pages": 12}},
    {"id": "k2", "contents": {"__typename": "Goods", "kilograms": 4}},
]


def _fee(parcel: dict, _info: object) -> int:
    contents = parcel["contents"]
    if contents["__typename"] == "Document":
        return 5000 + contents["pages"] * 100
    return 9000 + contents["kilograms"] * 2000


SUBGRAPHS = [
    Subgraph(
        "parcels",
        FED2
        + """
        type Query { parcels: [Parcel!]! }
        type Parcel @key(fields: "id") { id: ID! contents: Contents! }
        interface Contents { label: String! }
        type Document implements Contents @shareable { label: String! pages: Int! }
        type Goods implements Contents @shareable { label: String! kilograms: Int! }
        """,
        resolvers={
            "Query.parcels": lambda _p, _i: PARCELS,
            "Document.label": lambda d, _i: f"{d['pages']} halaman",
            "Goods.label": lambda g, _i: f"{g['kilograms']} kg",
        },
    ),
    Subgraph(
        "postage",
        FED2
        + """
        type Parcel @key(fields: "id") {
          id: ID!
          contents: Contents! @external
          fee: Int!
            @requires(fields: "contents { __typename ... on Document { pages } ... on Goods { kilograms } }")
        }
        interface Contents { label: String! }
        type Document implements Contents @shareable { label: String! pages: Int! }
        type Goods implements Contents @shareable { label: String! kilograms: Int! }
        """,
        resolvers={"Parcel.fee": _fee},
    ),
]
