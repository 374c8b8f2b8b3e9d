"""@provides on a union-typed field, with type conditions."""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "feed",
        FED2
        + """
        type Query { feed: [Item!]! @provides(fields: "... on News { headline } ... on Notice { text }") }
        union Item = News | Notice | Event
        type News @key(fields: "id") { id: ID! headline: String! @external }
        type Notice @key(fields: "id") { id: ID! text: String! @external }
        type Event @key(fields: "id") { id: ID! }
        """,
        resolvers={
            "Query.feed": lambda _p, _i: [
                {"__typename": "News", "id": "n1", "headline": "Layanan baru"},
                {"__typename": "Notice", "id": "t1", "text": "Kantor tutup"},
                {"__typename": "Event", "id": "e1"},
            ]
        },
    ),
    Subgraph(
        "content",
        FED2
        + """
        type News @key(fields: "id") { id: ID! headline: String! @shareable author: String! }
        type Notice @key(fields: "id") { id: ID! text: String! @shareable }
        type Event @key(fields: "id") { id: ID! place: String! }
        """,
        references={
            "News": lambda r: {**r, "headline": "Layanan baru", "author": "Humas"},
            "Notice": lambda r: {**r, "text": "Kantor tutup"},
            "Event": lambda r: {**r, "place": "Balai Kota"},
        },
    ),
]
